using System.Text.RegularExpressions;

namespace CmlBot.Core.Corpus;

/// <summary>
/// Splits a paragraph of the summary into sentences. A sentence ends at '.', '?' or '!' outside
/// parentheses, followed by its citation markers and white space, and the next sentence must start
/// with a capital letter or a digit. Abbreviations ("et al.", "e.g.", "U.S.", initials) never end a
/// sentence, and a parenthetical remark that follows a full stop ("(These patients had not previously
/// received imatinib.)") stays with the sentence it qualifies, as the citation after it shows.
/// </summary>
public static partial class SentenceSplitter
{
    private static readonly HashSet<string> Abbreviations = new(StringComparer.OrdinalIgnoreCase)
    {
        "al", "e.g", "i.e", "eg", "ie", "vs", "cf", "etc", "approx", "ca", "dr", "mr", "mrs", "ms", "prof",
        "fig", "figs", "nos", "vol", "ed", "eds", "u.s", "u.k", "st", "jr", "sr", "inc", "ltd",
        "pp", "ref", "refs", "dept", "univ",
    };

    [GeneratedRegex(@"\G\s*(?:\[[\d\s,\-–—]+\])+")]
    private static partial Regex TrailingMarkers();

    public static IReadOnlyList<string> Split(string paragraph)
    {
        var sentences = new List<string>();
        var start = 0;
        var depth = 0;
        for (var i = 0; i < paragraph.Length; i++)
        {
            var c = paragraph[i];
            if (c is '(' or '[') { depth++; continue; }
            if (c is ')' or ']') { depth = Math.Max(0, depth - 1); continue; }
            if (depth > 0 || c is not ('.' or '?' or '!')) continue;

            var end = i + 1;
            // Closing quotes belong to the sentence they close.
            while (end < paragraph.Length && paragraph[end] is '"' or '”' or '\'' or '’') end++;
            var markers = TrailingMarkers().Match(paragraph, end);
            if (markers.Success) end += markers.Length;

            var next = end;
            while (next < paragraph.Length && char.IsWhiteSpace(paragraph[next])) next++;
            if (next == paragraph.Length) break; // the rest is one sentence
            if (next == end) continue;            // "2.5", "U.S.A" — no space, no break
            // A full stop followed by citation markers ends a sentence even after "Section B."
            if (c == '.' && !markers.Success && IsAbbreviation(paragraph, i)) continue;
            var first = paragraph[next];
            if (!(char.IsUpper(first) || char.IsDigit(first) || first is '"' or '“')) continue;

            sentences.Add(paragraph[start..end].Trim());
            start = next;
            i = next - 1;
        }
        var rest = paragraph[start..].Trim();
        if (rest.Length > 0) sentences.Add(rest);
        return sentences;
    }

    private static bool IsAbbreviation(string text, int dot)
    {
        // The word before the dot, letters and inner dots only ("e.g", "U.S", "al").
        var s = dot;
        while (s > 0 && (char.IsLetter(text[s - 1]) || text[s - 1] == '.')) s--;
        var word = text[s..dot];
        if (word.Length == 0) return false;
        if (word.Length == 1 && char.IsUpper(word[0])) return true; // an initial: "Kim D. W."
        return Abbreviations.Contains(word);
    }
}
