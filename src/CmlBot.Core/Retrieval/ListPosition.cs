using System.Globalization;
using System.Text.RegularExpressions;

namespace CmlBot.Core.Retrieval;

/// <summary>
/// A reference named by its place in the list rather than by its number: "the last reference", "second-to-last
/// citation", "the one right after ref 8", "the reference before [10]", "the one right after Talpaz", "two after the
/// Talpaz paper", "the one just before the last", "the reference straight after the NEJM one", "the last of the
/// references in [2-11]"; or by its place among the references one claim cites ("the last reference cited for the
/// statement that …").
/// </summary>
/// <remarks>
/// Each form needs a word of the list beside it ("reference", "citation", "source", "list", or a bracketed number):
/// "the last study" or "after 8 months" say nothing about the list's order.
/// </remarks>
internal static partial class ListPosition
{
    // "the last reference", "final citation", "second-to-last ref", "penultimate source", "the last one in the list",
    // "last of the references", "third from the end of the reference list".
    [GeneratedRegex(@"\b(?:(?<k1>second|2nd|next)[ -]?(?:to[ -]?)?last|penultimate|(?<k2>third|3rd)[ -]?(?:to[ -]?)?last|(?:(?<k1>second|2nd)|(?<k2>third|3rd)) from (?:the )?(?:last|end|bottom)|(?:very )?last|final)"
        + @"(?:\s+(?:numbered\s+)?(?:ref(?:erence)?|citation|source|entry|item)s?\b"
        + @"|(?:\s+(?:one|entry|item|paper|study|article|ref(?:erence)?|citation|source))?\s+(?:in|on|of)\s+(?:the\s+|that\s+|this\s+)?(?:(?:numbered|reference|references|citation|citations|source)\s+)?(?:list|bibliography|refs|references|citations|sources)\b)"
        + @"|\b(?:the\s+)?(?:end|bottom) of the (?:(?:reference|references|ref|refs|citation|citations|source|sources)\s+)?list\b",
        RegexOptions.IgnoreCase | RegexOptions.NonBacktracking | RegexOptions.ExplicitCapture)]
    private static partial Regex FromTheEndRx();

    // "top of the reference list", "the start of the ref list": its first entry.
    [GeneratedRegex(@"\b(?:top|start|beginning|head) of the (?:(?:reference|references|ref|refs|citation|citations|source|sources)\s+)?list\b",
        RegexOptions.IgnoreCase | RegexOptions.NonBacktracking)]
    private static partial Regex FromTheTopRx();

    // "after ref 8", "right before [10]", "following citation #3", and "the reference after 8".
    [GeneratedRegex(@"\b(?:(?:right|just|immediately|directly)\s+)?(?<dir>after|following|before|preceding)\s+(?:(?:ref(?:erence)?|citation|source|number|no\.?|item|entry)\s*#?\s*(?:\[(?<n>\d{1,2})\]|(?<n>\d{1,2})\b)|\[(?<n>\d{1,2})\]|#\s*(?<n>\d{1,2})\b)"
        + @"|\b(?:ref(?:erence)?|citation|source)s?\s+(?:(?:that\s+)?(?:comes|coming|is|listed|sits)\s+)?(?:(?:right|just|immediately|directly)\s+)?(?<dir>after|following|before|preceding)\s+(?<n>\d{1,2})\b",
        RegexOptions.IgnoreCase | RegexOptions.NonBacktracking | RegexOptions.ExplicitCapture)]
    private static partial Regex NextToRx();

    // "the reference right after Talpaz", "the one before Hess's", "two after the Talpaz paper": next to, or a few places
    // from, the reference a first author names; not "the year before the Olavarria paper", a time (PublicationDate).
    [GeneratedRegex(@"\b(?:(?<k>two|2|three|3)\s+(?:places\s+|spots\s+|positions\s+|refs\s+|references\s+|entries\s+)?|(?:right|just|immediately|directly)\s+)?(?<!\b(?:year|years)\s+)(?<dir>after|following|before|preceding)\s+(?:the\s+)?(?<name>\p{L}[\p{L}'’-]*(?:\s+\p{L}[\p{L}'’-]*)?)",
        RegexOptions.IgnoreCase | RegexOptions.ExplicitCapture, matchTimeoutMilliseconds: 50)]
    private static partial Regex NextToAuthorRx();

    // "the reference right after the NEJM one", "the citation listed before the LeukemiaNet guidelines", "straight
    // after the 2006 Blood paper", "the one after the Dazzi paper": next to the reference a description names. The
    // place words keep "the study about transplant after imatinib failure" out.
    [GeneratedRegex(@"\b(?:(?:(?:ref(?:erence)?|citation|source|entry|item)s?\s+(?:(?:that\s+)?(?:comes?|coming|is|listed|sits|appears)\s+)?(?:(?:right|just|immediately|directly|straight)\s+)?|(?:right|just|immediately|directly|straight)\s+|(?:comes?|listed|sits|appears)\s+)(?<dir>after|following|before|preceding)\s+|ones?\s+(?<dir>after|following|before|preceding)\s+the\s+)(?<what>[^,.;:!?()]{1,60})",
        RegexOptions.IgnoreCase | RegexOptions.NonBacktracking | RegexOptions.ExplicitCapture)]
    private static partial Regex NextToDescribedRx();

    // "the one just before the last", "two before the last reference": counted back from the end. What follows keeps
    // "before the last transplant" out.
    [GeneratedRegex(@"\b(?:(?<k>two|2|three|3)\s+(?:places\s+|spots\s+|positions\s+)?|(?:just|right|immediately|directly)\s+)?before\s+the\s+(?:very\s+)?(?:last|final)(?:\s+(?:one|ref|reference|citation|entry|item|paper|study|article)\b|\s*[?.!,]|\s*$)",
        RegexOptions.IgnoreCase | RegexOptions.NonBacktracking | RegexOptions.ExplicitCapture)]
    private static partial Regex BeforeTheLastRx();

    [GeneratedRegex(@"\b(?:ref|refs|reference|references|citation|citations|source|sources|one|entry|paper|study|article)\b", RegexOptions.IgnoreCase)]
    private static partial Regex ListWordRx();

    // "the last of [2-11]", "first reference in the [2-11] range", "the last one in the 2-11 range": a range as the summary
    // prints its citations, or named a range.
    [GeneratedRegex(@"\[(?<a>\d{1,2})\s*[-–]\s*(?<b>\d{1,2})\]|\b(?<a>\d{1,2})\s*[-–]\s*(?<b>\d{1,2})\s+(?:range|block|group|set|stretch|run)\b",
        RegexOptions.IgnoreCase | RegexOptions.NonBacktracking | RegexOptions.ExplicitCapture)]
    private static partial Regex RangeRx();

    // "of refs 15-17", "citations 2 through 11", "between references 12 and 13", "among [2-11]", "the text cites 2-11": a
    // stretch of the list.
    [GeneratedRegex(@"\b(?:refs?|references?|citations?|sources?|numbers?)\s*\[?(?<a>\d{1,2})\]?\s*(?:-|–|to|through|thru|and|&)\s*\[?(?<b>\d{1,2})\b|\[(?<a>\d{1,2})\s*[-–]\s*(?<b>\d{1,2})\]"
        + @"|\b(?:cites?|cited(?:\s+as)?|citing)\s+\[?(?<a>\d{1,2})\s*[-–]\s*(?<b>\d{1,2})\b",
        RegexOptions.IgnoreCase | RegexOptions.NonBacktracking | RegexOptions.ExplicitCapture)]
    private static partial Regex StretchRx();

    // "the last of [2-11]", "which reference closes that range", "the one that opens [2-11]", "the middle one of [15-17]".
    [GeneratedRegex(@"\b(?:(?<first>first|opens|begins|starts)|(?<middle>middle)|last|final|closes|ends)\b", RegexOptions.IgnoreCase | RegexOptions.ExplicitCapture)]
    private static partial Regex RangeEndRx();

    // "the very first one" of a stretch named otherwise ("references 2 to 11"): the place word with a word for a reference.
    [GeneratedRegex(@"\b(?:very\s+)?(?:(?<first>first|opening)|(?<middle>middle)|last|final)\s+(?:one|ref|reference|citation|entry|paper|study)\b",
        RegexOptions.IgnoreCase | RegexOptions.NonBacktracking | RegexOptions.ExplicitCapture)]
    private static partial Regex StretchEndRx();

    // "the 3rd reference in the [2-11] group", "fifth of refs 2-11", "which one is fifth?": a place counted within a
    // stretch. The word after keeps "second-line" and "2nd author" out.
    [GeneratedRegex(@"\b(?:(?<n>\d{1,2})(?:st|nd|rd|th)|(?<w>second|third|fourth|fifth|sixth|seventh|eighth|ninth|tenth))(?:\s+(?:ref(?:erence)?|citation|one|entry|item|paper|study|source|number))?\s+(?:in|of|within|from|among|inside)\b"
        + @"|\b(?:which|what)\s+(?:one\s+|ref(?:erence)?\s+)?(?:is|comes)\s+(?:the\s+)?(?:(?<n>\d{1,2})(?:st|nd|rd|th)|(?<w>second|third|fourth|fifth|sixth|seventh|eighth|ninth|tenth))\b",
        RegexOptions.IgnoreCase | RegexOptions.NonBacktracking | RegexOptions.ExplicitCapture)]
    private static partial Regex OrdinalRx();

    private static readonly string[] OrdinalWords = ["second", "third", "fourth", "fifth", "sixth", "seventh", "eighth", "ninth", "tenth"];

    // "the reference between le Coutre and Hochhaus", "which one sits between Pigneux and the 2002 Kantarjian paper":
    // the one reference between two that descriptions name, split at an "and" below.
    [GeneratedRegex(@"\bbetween\s+(?:the\s+)?(?<what>[^,.;:!?()]{3,80})",
        RegexOptions.IgnoreCase | RegexOptions.NonBacktracking | RegexOptions.ExplicitCapture)]
    private static partial Regex BetweenRx();

    // "the first of them", "second of the two citations", "the last one of those": a place among the references one
    // claim cites.
    [GeneratedRegex(@"\b(?:(?<p1>first|1st)|(?<p2>second|2nd)|(?<p3>third|3rd)|(?<mid>middle)|(?<last>last|final))(?:\s+one)?\s+of\s+(?:them|those|these|both|the\s+(?<count>two|three|four|2|3|4)\b)",
        RegexOptions.IgnoreCase | RegexOptions.NonBacktracking | RegexOptions.ExplicitCapture)]
    private static partial Regex AmongRx();

    // "the three references after …", "the two citations for …": how many a claim cites.
    [GeneratedRegex(@"\bthe\s+(?<count>two|three|four)\s+(?:refs|references|citations|sources|papers|studies)\b", RegexOptions.IgnoreCase | RegexOptions.NonBacktracking | RegexOptions.ExplicitCapture)]
    private static partial Regex CountedRx();

    // "the last reference cited for the statement that …", "among the references cited for the sentence on mutations":
    // the place is among the references one claim cites, not in the whole list.
    [GeneratedRegex(@"\b(?:cited|listed|given|quoted)\s+(?:for|in|by|with|after|behind|backing|to\s+support)\s+(?:the|this|that)\s+(?:[\w'-]+\s+){0,4}?(?:sentence|statement|claim|line|point|finding|idea|passage|recommendation|definition|fact|assertion|bit|part)\b"
        + @"|\b(?:ref|refs|reference|references|citation|citations|source|sources|one|ones)\s+(?:(?:in\s+the\s+list|listed)\s+)?(?:for|after|behind|backing|supporting|following|attached\s+to)\s+(?:the|this|that)\s+(?:[\w'-]+\s+){0,4}?(?:sentence|statement|claim|bit|part|passage|paragraph)\b"
        + @"|\b(?:in\s+the\s+list|listed)\s+(?:for|after|behind)\s+(?:the|this|that)\s+(?:[\w'-]+\s+){0,4}?(?:sentence|statement|claim|bit|part|passage|paragraph)\b"
        + @"|\b(?:cited|listed|given|grouped|quoted)\s+(?:together|as\s+(?:one|a|a\s+single)\s+(?:block|group|set|batch|range|bunch))\b"
        + @"|\b(?:block|group|set|batch|cluster|bunch)\s+of\s+(?:two|three|four|five|six|seven|eight|nine|ten|\d{1,2})\s+(?:refs|references|papers|citations|studies|sources|articles)\b",
        RegexOptions.IgnoreCase | RegexOptions.NonBacktracking | RegexOptions.ExplicitCapture)]
    private static partial Regex CitedForClaimRx();

    // The place word of a claim's citations: before "cited …", or after it as "which one is second to last".
    [GeneratedRegex(@"\b(?:(?<p2l>(?:second|2nd|next)[ -]?(?:to[ -]?)?last|penultimate|(?:just|right|immediately)\s+before\s+the\s+(?:very\s+)?(?:last|final))|(?<p1>first|1st)|(?<p2>second|2nd)|(?<p3>third|3rd)|(?<p4>fourth|4th)|(?<p5>fifth|5th)|(?<mid>middle)|(?<last>last|final))\b",
        RegexOptions.IgnoreCase | RegexOptions.NonBacktracking | RegexOptions.ExplicitCapture)]
    private static partial Regex PlaceWordRx();

    // "…, which one is second to last?", "which is listed first", "what's the third one?": the place asked for after the claim.
    [GeneratedRegex(@"\b(?:which|what)\s+(?:one\s+|ref(?:erence)?\s+|citation\s+)?(?:is|comes|sits|appears)\s+(?:listed\s+|placed\s+|cited\s+)?(?:the\s+)?(?:(?:second|2nd|next)[ -]?(?:to[ -]?)?last|penultimate|first|1st|second|2nd|third|3rd|fourth|4th|fifth|5th|last|final)\b"
        + @"|\bthe\s+(?:very\s+)?(?:first|1st|second|2nd|third|3rd|fourth|4th|fifth|5th|middle|last|final)\s+(?:one|ref|reference|citation|entry)\b",
        RegexOptions.IgnoreCase | RegexOptions.NonBacktracking | RegexOptions.ExplicitCapture)]
    private static partial Regex WhichPlaceRx();

    /// <summary>The stretch of the list the question names ("of refs 15-17", "[2-11]"), first number before last; null when it names none.</summary>
    public static (int From, int To)? Stretch(string question)
    {
        if (StretchRx().Match(question) is not { Success: true } m) return null;
        var (a, b) = (Number(m.Groups["a"]), Number(m.Groups["b"]));
        return a < b ? (a, b) : null;
    }

    /// <summary>
    /// Words a question uses to point into the text and its list ("the last of the three references after the transplant
    /// sentence"), which no passage need hold: the spelling corrector leaves them as written ("sentence" is not a
    /// misspelt "sequence", nor "three" a misspelt "there", nor "older" a misspelt "order").
    /// </summary>
    public static readonly string[] PointingWords =
        ["sentence", "sentences", "paragraph", "paragraphs", "statement", "statements", "passage", "middle", "three", "seven", "eight", "fourth", "fifth", "sixth", "seventh", "eighth", "ninth", "tenth", "eleven", "twelve", "penultimate",
         "older", "oldest", "newer", "newest", "earliest", "chronologically", "chronological"];

    /// <summary>The place <see cref="AmongCited"/> gives for "the middle one": the one with as many before it as after.</summary>
    public const int Middle = int.MinValue;

    /// <summary>
    /// The place the question asks for among the references one claim cites ("the DLI claim cites two refs, what's the
    /// first of them?", "the last reference cited for the statement that …", "the first reference for the donor-infusion
    /// sentence"): 0 for the first, 1 for the second, 2 for the third, -1 for the last, -2 for the second to last,
    /// <see cref="Middle"/> for the middle one; null when it asks for none.
    /// </summary>
    public static int? AmongCited(string question)
    {
        if (AmongRx().Match(question) is { Success: true } m) return PlaceOf(m);
        if (CitedForClaimRx().Match(question) is not { Success: true } cited) return null;
        // The claim's own words may hold a place word ("the statement that the first drug …"): read it before "cited",
        // or in "which one is …" after it.
        var place = PlaceWordRx().Match(question[..cited.Index]);
        if (!place.Success && WhichPlaceRx().Match(question, cited.Index) is { Success: true } which) place = PlaceWordRx().Match(which.Value);
        return place.Success ? PlaceOf(place) : null;
    }

    /// <summary>How many references the claim cites, as the question says it ("the last of the three", "the two citations"); null when it does not say.</summary>
    public static int? CitedCount(string question)
    {
        var count = AmongRx().Match(question) is { Success: true } m && m.Groups["count"].Success ? m.Groups["count"].Value
            : CountedRx().Match(question) is { Success: true } c ? c.Groups["count"].Value : null;
        return count?.ToLowerInvariant() switch
        {
            "two" or "2" => 2,
            "three" or "3" => 3,
            "four" or "4" => 4,
            _ => null,
        };
    }

    /// <summary>The index among <paramref name="count"/> cited references that a place from <see cref="AmongCited"/> names, or -1 when there is none.</summary>
    public static int IndexAmong(int place, int count) => place switch
    {
        Middle => count % 2 == 1 ? count / 2 : -1,
        < 0 => count + place,
        _ => place < count ? place : -1,
    };

    private static int PlaceOf(Match m) =>
        m.Groups["p2l"].Success ? -2 : m.Groups["p1"].Success ? 0 : m.Groups["p2"].Success ? 1 : m.Groups["p3"].Success ? 2
        : m.Groups["p4"].Success ? 3 : m.Groups["p5"].Success ? 4 : m.Groups["mid"].Success ? Middle : -1;

    /// <summary>
    /// The reference number the question names by place, given the list's last number and each reference's number by its
    /// first author's surname (as <see cref="Understanding.QuestionText.Normalize"/> writes it; names on one reference only);
    /// null when it names none.
    /// </summary>
    /// <param name="anchor">Names the reference a description next to "after" or "before" is about ("the NEJM one").</param>
    public static int? Find(string question, int last, IReadOnlyDictionary<string, int>? firstAuthors = null, ReferenceAnchor? anchor = null)
    {
        if (last < 1) return null;
        if (RangeRx().Match(question) is { Success: true } range && RangeEndRx().Match(question) is { Success: true } end)
        {
            var (a, b) = (Number(range.Groups["a"]), Number(range.Groups["b"]));
            if (a < b) return end.Groups["first"].Success ? a : !end.Groups["middle"].Success ? b : (b - a) % 2 == 0 ? (a + b) / 2 : null;
        }
        if (Stretch(question) is var (from, to) && OrdinalRx().Match(question) is { Success: true } ordinal)
        {
            var k = ordinal.Groups["n"].Success ? Number(ordinal.Groups["n"]) : Array.IndexOf(OrdinalWords, ordinal.Groups["w"].Value.ToLowerInvariant()) + 2;
            return k >= 1 && from + k - 1 <= to ? from + k - 1 : null;
        }
        if (Stretch(question) is var (first, final) && StretchEndRx().Match(question) is { Success: true } stretchEnd)
            return stretchEnd.Groups["first"].Success ? first : !stretchEnd.Groups["middle"].Success ? final : (final - first) % 2 == 0 ? (first + final) / 2 : null;
        // "the first reference for the donor-infusion sentence" counts among that claim's references, not the list's.
        if (AmongCited(question) is not null) return null;
        if (NextToRx().Match(question) is { Success: true } next)
        {
            var n = Number(next.Groups["n"]);
            var dir = next.Groups["dir"].Value.ToLowerInvariant();
            var place = dir is "after" or "following" ? n + 1 : n - 1;
            return place >= 1 && place <= last ? place : null;
        }
        if (firstAuthors is { Count: > 0 } && NextToAuthor(question, firstAuthors) is int n0)
            return n0 >= 1 && n0 <= last ? n0 : null;
        if (anchor is not null && NextToDescribedRx().Match(question) is { Success: true } described && anchor.Named(described.Groups["what"].Value) is int a0)
        {
            var place = described.Groups["dir"].Value.ToLowerInvariant() is "after" or "following" ? a0 + 1 : a0 - 1;
            return place >= 1 && place <= last ? place : null;
        }
        if (anchor is not null && Between(question, anchor) is int middle) return middle;
        if (ListWordRx().IsMatch(question) && BeforeTheLastRx().Match(question) is { Success: true } beforeLast)
            return last - Places(beforeLast.Groups["k"]) is var counted and >= 1 ? counted : null;
        if (!CitedForClaimRx().IsMatch(question) && FromTheEndRx().Match(question) is { Success: true } fromEnd)
        {
            var back = fromEnd.Groups["k2"].Success ? 2 : fromEnd.Groups["k1"].Success || fromEnd.Value.StartsWith("penultimate", StringComparison.OrdinalIgnoreCase) ? 1 : 0;
            return last - back >= 1 ? last - back : null;
        }
        if (!CitedForClaimRx().IsMatch(question) && FromTheTopRx().IsMatch(question)) return 1;
        return null;
    }

    /// <summary>The reference between two that descriptions name, when exactly one lies between them.</summary>
    private static int? Between(string question, ReferenceAnchor anchor)
    {
        if (!ListWordRx().IsMatch(question) || BetweenRx().Match(question) is not { Success: true } m) return null;
        var what = m.Groups["what"].Value;
        // Each "and" may be the one that joins the two descriptions ("between Kaeda and Dazzi and …" is rare): the first split that names two references.
        for (var at = what.IndexOf(" and ", StringComparison.OrdinalIgnoreCase); at > 0; at = what.IndexOf(" and ", at + 1, StringComparison.OrdinalIgnoreCase))
        {
            if (anchor.Named(what[..at]) is not int a || anchor.Named(what[(at + 5)..]) is not int b) continue;
            return Math.Abs(a - b) == 2 ? (a + b) / 2 : null;
        }
        return null;
    }

    private static int? NextToAuthor(string question, IReadOnlyDictionary<string, int> firstAuthors)
    {
        if (!ListWordRx().IsMatch(question)) return null;
        try
        {
            foreach (Match m in NextToAuthorRx().Matches(question))
            {
                var words = Understanding.QuestionText.Normalize(m.Groups["name"].Value).Split(' ');
                var step = (m.Groups["dir"].Value.ToLowerInvariant() is "after" or "following" ? 1 : -1) * Places(m.Groups["k"]);
                // "le Coutre" is two words; "Hess's" a possessive.
                foreach (var name in new[] { string.Join(' ', words), words[0], words[0].EndsWith('s') ? words[0][..^1] : "" })
                    if (name.Length > 0 && firstAuthors.TryGetValue(name, out var number)) return number + step;
            }
        }
        catch (RegexMatchTimeoutException)
        {
        }
        return null;
    }

    private static int Places(Group group) => !group.Success ? 1 : group.Value.ToLowerInvariant() is "three" or "3" ? 3 : 2;

    private static int Number(Group group) => int.Parse(group.ValueSpan, NumberStyles.None, CultureInfo.InvariantCulture);
}
