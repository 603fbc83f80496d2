namespace CmlBot.Core.Retrieval.Speed;

/// <summary>
/// Terms joined by a separator into a caller's buffer rather than a new string: planning joins runs of a question's
/// words to look them up (synonym rules, focus terms) several times per word, and those strings were most of what it
/// allocated. A buffer too small for the terms is replaced by a larger one.
/// </summary>
internal static class TermJoin
{
    /// <summary>Writes words <paramref name="start"/>…+<paramref name="count"/> into <paramref name="buffer"/>; returns the length written.</summary>
    public static int Join(List<AnalyzedToken> words, int start, int count, char separator, ref Span<char> buffer)
    {
        var length = count - 1;
        for (var k = start; k < start + count; k++) length += words[k].Term.Length;
        if (length > buffer.Length) buffer = new char[length];
        var at = 0;
        for (var k = start; k < start + count; k++)
        {
            if (k > start) buffer[at++] = separator;
            words[k].Term.CopyTo(buffer[at..]);
            at += words[k].Term.Length;
        }
        return length;
    }

    /// <summary>Writes the terms into <paramref name="buffer"/>; returns the length written.</summary>
    public static int Join(IReadOnlyList<string> terms, char separator, ref Span<char> buffer)
    {
        var length = terms.Count - 1;
        foreach (var term in terms) length += term.Length;
        if (length > buffer.Length) buffer = new char[length];
        var at = 0;
        foreach (var term in terms)
        {
            if (at > 0) buffer[at++] = separator;
            term.CopyTo(buffer[at..]);
            at += term.Length;
        }
        return length;
    }
}
