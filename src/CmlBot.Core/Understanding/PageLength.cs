using System.Globalization;
using System.Text.RegularExpressions;

namespace CmlBot.Core.Understanding;

/// <summary>Whether a question asks for the longest or the shortest article of the studies that fit, by its pages.</summary>
public enum PageOrder
{
    None,
    Longest,
    Shortest,
}

/// <summary>
/// What a question says of an article's length in pages: the longest or the shortest ("which reference runs to the most
/// pages?", "the 2007 paper with the fewest pages"), or a count ("the two three-page papers"). "Longest" and "shortest"
/// count only beside the word "page": "the longest remissions" is about time.
/// </summary>
public static partial class PageLength
{
    [GeneratedRegex(@"\b(?:(?<long>longest|most pages|(?:largest|biggest|highest|greatest) (?:page count|number of pages|page range))|shortest|fewest pages|least pages|(?:smallest|lowest) (?:page count|number of pages|page range))\b",
        RegexOptions.CultureInvariant | RegexOptions.NonBacktracking | RegexOptions.ExplicitCapture)]
    private static partial Regex ExtremeRx();

    [GeneratedRegex(@"\bpages?\b", RegexOptions.CultureInvariant | RegexOptions.NonBacktracking)]
    private static partial Regex PageWordRx();

    // "three page papers", "a 6 page article"; "page 497" names a page, and "109 page 497" a volume before it.
    [GeneratedRegex(@"\b(?<n>\d{1,2}|one|two|three|four|five|six|seven|eight|nine|ten|eleven|twelve) pages? (?:long )?(?:paper|papers|article|articles|reference|references|study|studies|report|reports|one|ones)\b",
        RegexOptions.CultureInvariant | RegexOptions.ExplicitCapture, matchTimeoutMilliseconds: 50)]
    private static partial Regex CountRx();

    private static readonly string[] Numbers = ["one", "two", "three", "four", "five", "six", "seven", "eight", "nine", "ten", "eleven", "twelve"];

    /// <summary>The order and the page count <paramref name="text"/> (as <see cref="QuestionText.Normalize"/> writes it) asks for.</summary>
    public static (PageOrder Order, int? Count) Read(string text)
    {
        var order = PageOrder.None;
        if (PageWordRx().IsMatch(text) && ExtremeRx().Match(text) is { Success: true } extreme)
            order = extreme.Groups["long"].Success ? PageOrder.Longest : PageOrder.Shortest;
        int? count = null;
        try
        {
            if (CountRx().Match(text) is { Success: true } m)
                count = int.TryParse(m.Groups["n"].Value, NumberStyles.None, CultureInfo.InvariantCulture, out var n) ? n : Array.IndexOf(Numbers, m.Groups["n"].Value) + 1;
        }
        catch (RegexMatchTimeoutException)
        {
        }
        return (order, count is > 0 ? count : null);
    }

    /// <summary>How many pages an article runs to, first and last page counted.</summary>
    public static int Of((int Volume, int FirstPage, int LastPage) printed) => printed.LastPage - printed.FirstPage + 1;
}
