using System.Globalization;
using System.Text.RegularExpressions;

namespace CmlBot.Core.Understanding;

/// <summary>
/// When a study came out, as questions say it other than by its year: a decade ("the one from the 90s", "the 1990s
/// paper"), a place in the order of years ("the second oldest", "the third most recent"), or a count of years from
/// another study ("the year after the Olavarria paper", "published two years before Kantarjian's 2002 Blood paper"),
/// which that study's year turns into a year. Reads text as <see cref="QuestionText.Normalize"/> writes it.
/// </summary>
internal static partial class PublicationDate
{
    // "the 90s", "1990s", "the nineties"; not an age ("in his 90s", "aged 80s").
    [GeneratedRegex(@"(?<!\b(?:in (?:his|her|my|their|your|our)(?: early| mid| late)?|aged|age) )\b(?:(?<century>19|20)(?<tens>\d)0s|(?<tens>\d)0s|(?<word>eighties|nineties|noughties))\b",
        RegexOptions.CultureInvariant, matchTimeoutMilliseconds: 50)]
    private static partial Regex DecadeRx();

    [GeneratedRegex(@"\b(?<rank>second|2nd|third|3rd|fourth|4th|fifth|5th) (?:oldest|earliest|newest|latest|most recent)\b",
        RegexOptions.CultureInvariant, matchTimeoutMilliseconds: 50)]
    private static partial Regex RankRx();

    // "the year after", "two years before", "3 years later than": the study named after it is the one counted from.
    [GeneratedRegex(@"\b(?:(?<count>a|one|two|three|four|five|six|seven|eight|nine|ten|\d{1,2}) years?|the year) (?<direction>after|before|earlier than|later than|prior to)\b",
        RegexOptions.CultureInvariant, matchTimeoutMilliseconds: 50)]
    private static partial Regex CountedRx();

    // What names a study in the words counted from ("the interferon paper", "Kantarjian's"): a word for one, or a possessive.
    [GeneratedRegex(@"\b(?:paper|papers|study|article|one|ref|reference|trial|report|publication|entry|[a-z]{3,}s (?:19|20)\d\d)\b",
        RegexOptions.CultureInvariant, matchTimeoutMilliseconds: 50)]
    private static partial Regex StudyWordRx();

    private static readonly string[] Counts = ["zero", "one", "two", "three", "four", "five", "six", "seven", "eight", "nine", "ten"];

    /// <summary>The first and last year of the decade the text names, or null.</summary>
    public static (int From, int To)? Decade(string text)
    {
        try
        {
            if (DecadeRx().Match(text) is not { Success: true } m) return null;
            var from = m.Groups["word"].Value switch
            {
                "eighties" => 1980,
                "nineties" => 1990,
                "noughties" => 2000,
                _ => (m.Groups["century"].Success ? int.Parse(m.Groups["century"].Value, CultureInfo.InvariantCulture) * 100
                    : m.Groups["tens"].Value == "0" ? 2000 : 1900) + int.Parse(m.Groups["tens"].Value, CultureInfo.InvariantCulture) * 10,
            };
            return (from, from + 9);
        }
        catch (RegexMatchTimeoutException)
        {
            return null;
        }
    }

    /// <summary>Which study in the order of years the text asks for: 2 for "the second oldest"; 1 when it names no place.</summary>
    public static int Rank(string text)
    {
        try
        {
            return RankRx().Match(text) is { Success: true } m
                ? m.Groups["rank"].Value switch { "second" or "2nd" => 2, "third" or "3rd" => 3, "fourth" or "4th" => 4, _ => 5 }
                : 1;
        }
        catch (RegexMatchTimeoutException)
        {
            return 1;
        }
    }

    /// <summary>
    /// The years the text counts from another study (positive: after it), where the count starts (the words before it
    /// are about the study asked for) and where the words for the other study start; null when it counts none.
    /// </summary>
    public static (int Years, int At, int AnchorAt)? Counted(string text)
    {
        Match m;
        try
        {
            m = CountedRx().Match(text);
        }
        catch (RegexMatchTimeoutException)
        {
            return null;
        }
        if (!m.Success) return null;
        var count = m.Groups["count"];
        var years = !count.Success || count.Value is "a" ? 1
            : Array.IndexOf(Counts, count.Value) is var word and > 0 ? word
            : int.TryParse(count.Value, NumberStyles.None, CultureInfo.InvariantCulture, out var digits) && digits > 0 ? digits : 0;
        if (years == 0) return null;
        var after = m.Groups["direction"].Value is "after" or "later than";
        return (after ? years : -years, m.Index, m.Index + m.Length);
    }

    /// <summary>Whether the words counted from speak of a study ("the interferon paper", "Kantarjian's 2002 one"); an author's name also does.</summary>
    public static bool SpeaksOfAStudy(string words)
    {
        try
        {
            return StudyWordRx().IsMatch(words);
        }
        catch (RegexMatchTimeoutException)
        {
            return false;
        }
    }
}
