using CmlBot.Core.Corpus;

namespace CmlBot.Core.Understanding;

/// <summary>
/// The line shapes shared by <c>questions.txt</c> and <c>not-covered.txt</c>: comments, blank lines,
/// <c>[id] words</c> headings, <c>- question</c> items and (for subjects) <c>key: value</c> lines. Each line is
/// classified here; what a heading or item means is the caller's.
/// </summary>
internal static class ListFileReader
{
    public enum Kind { Blank, Heading, Item, Field, Other }

    public readonly record struct Line(int Number, Kind Kind, string Id, string Text, string Raw);

    public static IEnumerable<Line> Lines(string text)
    {
        var number = 0;
        foreach (var raw in text.ReplaceLineEndings("\n").Split('\n'))
        {
            number++;
            var line = raw.Trim();
            if (line.Length == 0 || line.StartsWith('#')) yield return new Line(number, Kind.Blank, "", "", raw);
            else if (line.StartsWith('[') && line.IndexOf(']', StringComparison.Ordinal) is var close and > 1)
                yield return new Line(number, Kind.Heading, line[1..close].Trim(), line[(close + 1)..].Trim(), raw);
            else if (line == "-" || line.StartsWith("- ", StringComparison.Ordinal))
                yield return new Line(number, Kind.Item, "", line[1..].Trim(), raw);
            else if (line.IndexOf(':', StringComparison.Ordinal) is var colon and > 0 && line[..colon].All(char.IsAsciiLetterLower))
                yield return new Line(number, Kind.Field, line[..colon], line[(colon + 1)..].Trim(), raw);
            else yield return new Line(number, Kind.Other, "", line, raw);
        }
    }

    /// <summary>Fails on a repeated question (after <see cref="QuestionText.Normalize"/>), naming where it first appeared.</summary>
    public static void CheckUnique(Dictionary<string, int> seen, string file, Line line)
    {
        var key = QuestionText.Normalize(line.Text);
        if (seen.TryGetValue(key, out var first))
            throw new CorpusFormatException(file, line.Number, $"duplicate question (the same as line {first}): \"{line.Text}\"");
        seen[key] = line.Number;
    }
}
