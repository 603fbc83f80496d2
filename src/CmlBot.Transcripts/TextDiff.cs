namespace CmlBot.Transcripts;

/// <summary>A line diff (longest common subsequence) for expected-versus-actual reply texts.</summary>
public static class TextDiff
{
    public static IEnumerable<string> Lines(string expected, string actual)
    {
        var a = Split(expected);
        var b = Split(actual);
        var lcs = new int[a.Length + 1, b.Length + 1];
        for (var i = a.Length - 1; i >= 0; i--)
            for (var j = b.Length - 1; j >= 0; j--)
                lcs[i, j] = a[i] == b[j] ? lcs[i + 1, j + 1] + 1 : Math.Max(lcs[i + 1, j], lcs[i, j + 1]);
        int x = 0, y = 0;
        while (x < a.Length || y < b.Length)
        {
            if (x < a.Length && y < b.Length && a[x] == b[y]) { yield return "  " + a[x]; x++; y++; }
            else if (x < a.Length && (y == b.Length || lcs[x + 1, y] >= lcs[x, y + 1])) { yield return "- " + a[x]; x++; }
            else { yield return "+ " + b[y]; y++; }
        }
    }

    // Replies are compared with white space normalised, so they are diffed by sentence-sized pieces.
    private static string[] Split(string text) =>
        ReplyFacts.Normalize(text).Replace(". ", ".\n", StringComparison.Ordinal).Replace("] ", "]\n", StringComparison.Ordinal)
            .Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
}
