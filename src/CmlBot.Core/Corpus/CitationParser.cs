using System.Text.RegularExpressions;

namespace CmlBot.Core.Corpus;

/// <summary>Inline citation markers such as <c>[1]</c>, <c>[2-11]</c>, <c>[12,13]</c>, <c>[2,5-7]</c>.</summary>
public static partial class CitationParser
{
    // Hyphen, en dash or em dash between range ends; the saved pages use all three.
    [GeneratedRegex(@"\[\s*\d+(?:\s*[-–—]\s*\d+)?(?:\s*,\s*\d+(?:\s*[-–—]\s*\d+)?)*\s*\]")]
    public static partial Regex Marker();

    /// <summary>All reference numbers the markers in <paramref name="text"/> name, ranges expanded, in order, distinct.</summary>
    /// <exception cref="FormatException">A range that runs backwards or is absurdly long.</exception>
    public static IReadOnlyList<int> Parse(string text)
    {
        var numbers = new List<int>();
        foreach (Match m in Marker().Matches(text))
        {
            foreach (var part in m.Value.Trim('[', ']').Split(','))
            {
                var ends = part.Split(['-', '–', '—'], StringSplitOptions.TrimEntries);
                var from = int.Parse(ends[0], System.Globalization.CultureInfo.InvariantCulture);
                var to = ends.Length > 1 ? int.Parse(ends[1], System.Globalization.CultureInfo.InvariantCulture) : from;
                if (to < from)
                    throw new FormatException($"citation range {m.Value} runs backwards");
                if (to - from > 200)
                    throw new FormatException($"citation range {m.Value} is too long");
                for (var n = from; n <= to; n++)
                    if (!numbers.Contains(n)) numbers.Add(n);
            }
        }
        return numbers;
    }

    public static string StripMarkers(string text) =>
        Marker().Replace(text, "").Replace("  ", " ").Trim();
}
