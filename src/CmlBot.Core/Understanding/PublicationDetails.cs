using System.Globalization;
using System.Text.RegularExpressions;
using CmlBot.Core.Corpus;
using CmlBot.Core.Retrieval;

namespace CmlBot.Core.Understanding;

/// <summary>
/// The journal, the year and the authors a question names for a study ("the one in the journal Blood", "which 2005
/// Journal of Clinical Oncology paper", "the dasatinib paper Deininger co-wrote"): of several studies on one subject
/// (three on imatinib after a transplant, seven on dasatinib), the words and the bank cannot tell which one a reader
/// means, and these can. An author is any of the names PDQ prints before "et al." (not only the first), whole or
/// with a possessive s ("Deininger's"). "The oldest", "the most recent" ask for the earliest or the latest of the
/// studies that fit.
/// A journal whose name is a plain word of the summary ("Blood", "Leukemia") counts only where the question speaks of
/// publishing ("in the journal Leukemia", "published in Blood", "Blood 2007", "the Leukemia paper from 2008", "the two
/// Leukemia papers"); an abbreviation or a full name that the summary's text does not use ("NEJM", "Journal of Clinical
/// Oncology") counts wherever it stands. A journal after "not",
/// "other than" and the like ("the dasatinib paper that wasn't in Blood or NEJM") rules its studies out.
/// </summary>
public sealed partial class PublicationDetails
{
    // Full names readers use for the abbreviations PDQ prints, in the normalised form QuestionText gives.
    internal static readonly IReadOnlyDictionary<string, string[]> KnownNames = new Dictionary<string, string[]>(StringComparer.Ordinal)
    {
        ["n engl j med"] = ["new england journal of medicine", "new england journal", "nejm"],
        ["j clin oncol"] = ["journal of clinical oncology", "jco"],
        ["bone marrow transplant"] = ["bone marrow transplantation"],
    };

    private readonly List<(string Journal, Regex Named)> _journals = [];
    private readonly HashSet<int> _years = [];
    private readonly Dictionary<string, (string Journal, int? Year)> _references = new(StringComparer.Ordinal);
    // Each reference's authors' surnames in the list's order (the place answers "the second author").
    private readonly Dictionary<string, string[]> _authors = new(StringComparer.Ordinal);
    private readonly string[] _authorNames;
    // Each reference's volume and pages as its citation prints them ("Blood 108 (6): 1809-20").
    private readonly Dictionary<string, (int Volume, int FirstPage, int LastPage)> _pages = new(StringComparer.Ordinal);
    // Each reference's title as words ("dasatinib in imatinib resistant philadelphia …"), which a question may quote.
    private readonly Dictionary<string, string[]> _titles = new(StringComparer.Ordinal);
    // Each reference's number in the list, for a question naming a stretch of it ("of refs 15-17").
    private readonly Dictionary<string, int> _numbers = new(StringComparer.Ordinal);
    // Each reference's issue, for "Blood, iss. 4"; and a journal's name followed by a volume, for "Blood 109, iss. 10".
    private readonly Dictionary<string, int> _issues = new(StringComparer.Ordinal);
    private readonly Regex _journalVolume;
    // The words of the summary's sentences and titles: never read as a misspelt author.
    private readonly HashSet<string> _plainWords;
    private const int QuotedTitleWords = 6;
    // The study a count of years starts from ("the year after the Olavarria paper").
    private readonly Retrieval.ReferenceAnchor _anchor;

    // "108 (4): 1421-3": the volume, the issue in brackets (or a supplement's name there), the pages.
    [GeneratedRegex(@"\b(\d{1,4}) ?(?:\((?:(?<issue>\d{1,3})|[^)]{1,12})\))? ?: ?(\d{1,5})(?:-(\d{1,5}))?")]
    private static partial Regex CitedPagesRx();

    // "iss. 10", or the word "issue" and its number.
    [GeneratedRegex(@"\b(?:issue|iss) (?:no |number )?(\d{1,3})\b")]
    private static partial Regex AskedIssueRx();

    // "volume 110", "vol. 108", "page 2531", "pp 1809", "the page range 1200-6", and "108:1809" as a citation writes them.
    [GeneratedRegex(@"\b(?:volume|vol|v) (\d{1,4})\b")]
    private static partial Regex AskedVolumeRx();

    [GeneratedRegex(@"\b(?:page|pages|pp|pg|p)(?: range| numbers?| nos?)?(?: of)? (\d{1,5})\b")]
    private static partial Regex AskedPageRx();

    [GeneratedRegex(@"\b(\d{1,4}) ?(?:\(\d{1,3}\))? ?: ?(\d{2,5})\b")]
    private static partial Regex AskedVolumeAndPageRx();

    [GeneratedRegex(@"\b(?:19|20)\d\d\b")]
    private static partial Regex YearRx();

    [GeneratedRegex(@"\b(?:oldest|earliest|older|first published|published first|came out first|appeared first|came first|first to (?:be published|come out|appear)|published earlier|came out earlier|appeared earlier)\b")]
    private static partial Regex OldestRx();

    [GeneratedRegex(@"\b(?:newest|latest|most recent|more recent|newer|last published|published last|came out last|published most recently|came out most recently|published later|came out later|appeared later)\b")]
    private static partial Regex NewestRx();

    // A name after these is someone the patient knows ("Dr Kim", "my nurse Jones"), not an author of the list.
    [GeneratedRegex(@"\b(?:dr|doctor|doc|prof|professor|nurse|my|our|his|her|consultant|oncologist|haematologist|hematologist|specialist|gp|mr|mrs|ms|miss|sister|brother|wife|husband|partner|friend|son|daughter|mum|mom|mother|dad|father|aunt|uncle|cousin|neighbour|neighbor|colleague|boss) $", RegexOptions.IgnoreCase)]
    private static partial Regex PersonTitleRx();

    /// <summary>Whether the text ends with a person's title or "my" ("ask Dr", "my nurse"), so that a surname after it names someone the patient knows.</summary>
    internal static bool EndsWithPersonsTitle(ReadOnlySpan<char> text)
    {
        text = text.TrimEnd().TrimEnd('.');
        return text.Length > 0 && PersonTitleRx().IsMatch(string.Concat(text, " "));
    }

    // Words that ask about the papers, without which a word close to a surname is read as itself.
    [GeneratedRegex(@"\b(?:refs?|references?|citations?|cited|papers?|study|studies|articles?|authors?|co ?authors?|wrote|written|write|publications?|published|trials?|et al|number)\b")]
    private static partial Regex AsksAboutPapersRx();

    // Where in the list a question puts the one author it names ("Shah as the second author", "the first author was Kantarjian").
    [GeneratedRegex(@"\b(?:(first|lead|1st)|(second|2nd)|(third|3rd)) (?:named )?(?:author|authors|authored|name|listed)\b")]
    private static partial Regex AuthorPositionRx();

    [GeneratedRegex(@"\b(?:not|isnt|wasnt|never|rather than|instead of|but not)(?: as)?(?: the)? $")]
    private static partial Regex NotAtPositionRx();

    // Words just before an author's name that rule the author's studies out ("apart from", "other than the one by").
    [GeneratedRegex(@"\b(?:apart from|besides|other than|except|except for|excluding|rather than|instead of|not|isnt|wasnt|arent|werent)(?: the)?(?: (?:paper|papers|study|studies|article|one|ones|reference|references|work))?(?: (?:by|from|of))? $")]
    private static partial Regex RuledOutAuthorRx();

    // Words within a few before a journal's name that rule its studies out ("wasn't published in Blood, NEJM or JCO",
    // "rather than the Blood one"): the journal is then no journal asked for.
    // The words between name no other thing the cue could be about ("not about transplant, was it in Blood" asks for Blood).
    [GeneratedRegex(@"\b(?:not|isnt|wasnt|arent|werent|never|other than|rather than|besides|apart from|except|excluding|instead of|outside)(?: (?!(?:was|is|are|were|about|on|that|which|who|but|and)\b)[a-z0-9]+){0,5} $")]
    private static partial Regex RuledOutJournalRx();

    // Words that ask for a study without saying what about ("what is the oldest study cited in this section?").
    [GeneratedRegex(@"^(?:(?:what|whats|which|is|are|was|the|a|one|of|in|from|on|here|this|that|these|all|cited|listed|quoted|study|studies|paper|papers|reference|references|citation|citations|article|articles|source|sources|publication|publications|trial|trials|section|summary|page|list|chronologically|chronological|date|ever|overall|came|out|appeared|relapsing|relapsed|chronic|myelogenous|myeloid|leukemia|leukaemia|cml|oldest|earliest|older|first|published|newest|latest|most|more|recent|newer|last|second|third|fourth|fifth|2nd|3rd|4th|5th|they|cite|cites|do|does|text|whole|entire|ref|refs|entry|entries|it|its|about|tell|me|show|give|please|there|bibliography|numbered|(?:19|20)\d\d)(?: |$))+$")]
    private static partial Regex OnlyAskingForAStudyRx();

    /// <summary>Whether a word (lower case) is the surname of an author of the list.</summary>
    public bool IsAuthor(string word) => _authorNames.Contains(word, StringComparer.Ordinal);

    public PublicationDetails(IEnumerable<Passage> passages)
    {
        var list = passages.ToList();
        _anchor = new Retrieval.ReferenceAnchor(list);
        var plainText = " " + string.Join(" ", list.Select(p => p.Kind == PassageKind.Sentence ? p.Text : p.Reference?.Title ?? "")
            .Select(QuestionText.Normalize)) + " ";
        _plainWords = new HashSet<string>(plainText.Split(' ', StringSplitOptions.RemoveEmptyEntries), StringComparer.Ordinal);
        foreach (var passage in list.Where(p => p.Reference is not null))
        {
            _references[passage.Id] = (QuestionText.Normalize(passage.Reference!.Journal ?? ""), passage.Reference.Year);
            _authors[passage.Id] = Surnames(passage.Reference.Authors);
            _numbers[passage.Id] = passage.Reference.Number;
            _titles[passage.Id] = QuestionText.Normalize(passage.Reference.Title ?? "").Split(' ', StringSplitOptions.RemoveEmptyEntries);
            if (CitedPagesRx().Match(passage.Reference.Text) is { Success: true } cited)
            {
                if (cited.Groups["issue"].Success) _issues[passage.Id] = int.Parse(cited.Groups["issue"].Value, CultureInfo.InvariantCulture);
                var first = int.Parse(cited.Groups[2].Value, CultureInfo.InvariantCulture);
                // "1809-20" is pages 1809 to 1820.
                var last = cited.Groups[3].Success ? cited.Groups[3].Value : cited.Groups[2].Value;
                var full = cited.Groups[2].Value[..Math.Max(0, cited.Groups[2].Length - last.Length)] + last;
                _pages[passage.Id] = (int.Parse(cited.Groups[1].Value, CultureInfo.InvariantCulture), first, int.Parse(full, CultureInfo.InvariantCulture));
            }
        }
        _authorNames = [.. _authors.Values.SelectMany(a => a).Distinct(StringComparer.Ordinal).Order(StringComparer.Ordinal)];
        // "Blood 109, iss. 10", "Blood 109 (10): 4143-50", "Blood 109 2007": a journal's name and then its volume, as a citation
        // begins; what follows keeps "my blood 100 percent" out.
        var journalNames = _references.Values.Select(r => r.Journal).Where(j => j.Length > 0).Distinct(StringComparer.Ordinal).OrderByDescending(j => j.Length);
        _journalVolume = new Regex($@"\b({string.Join("|", journalNames.Select(Regex.Escape))}) (\d{{1,4}}) (?:issue|iss|\d{{1,3}} \d{{2,5}}|(?:19|20)\d\d)\b", RegexOptions.CultureInvariant, TimeSpan.FromMilliseconds(50));
        foreach (var reference in list.Select(p => p.Reference).OfType<Reference>())
        {
            if (reference.Year is int year) _years.Add(year);
            if (reference.Journal is not { Length: > 0 } journal) continue;
            var key = QuestionText.Normalize(journal);
            if (_journals.Any(j => j.Journal == key)) continue;
            var names = new[] { key }.Concat(KnownNames.GetValueOrDefault(key, [])).OrderByDescending(n => n.Length).ToList();
            var alternation = string.Join("|", names.Select(Regex.Escape));
            // A name the summary's sentences or titles also use as words needs a publishing context around it.
            var plain = names.Any(n => plainText.Contains(" " + n + " ", StringComparison.Ordinal));
            var pattern = plain
                ? $@"\b(?:journal|journals|published in|publish in|appeared in|came out in|printed in|the one in|one in|paper in|study in|article in|report in|trial in|(?:citation|reference|ref|paper|article|study|publication|report|source)s?\s+(?:(?:is|was|are|were)\s+)?(?:from|in))\s+(?:the\s+)?(?:{alternation})\b|\b(?:{alternation})\s+(?:journal\b|(?:19|20)\d\d\b|(?:paper|article|publication|report)s?\s+(?:from|in|of)\s+(?:19|20)\d\d\b)|\b(?:19|20)\d\d\s+(?:{alternation})\s+(?:paper|article|publication|report|study|studies)|\b(?:two|both|2)\s+(?:{alternation})\s+(?:papers|articles|publications|reports|studies)\b"
                : $@"\b(?:{alternation})\b";
            _journals.Add((key, new Regex(pattern, RegexOptions.CultureInvariant, TimeSpan.FromMilliseconds(50))));
        }
    }

    /// <summary>The journal (as PDQ abbreviates it, normalised) and the year the question names; <see cref="NamedPublication.None"/> when it names neither.</summary>
    public NamedPublication Named(string question)
    {
        var text = QuestionText.Normalize(question);
        if (CountedYear(text) is var (counted, before)) return (before.Length == 0 ? NamedPublication.None : Named(before)) is var named
            && named == NamedPublication.None ? new NamedPublication(null, counted, _references) { AskedAbout = before }
            : named with { Year = counted, AskedAbout = before };
        string? journal = null;
        var ruledOutJournals = new List<string>();
        try
        {
            foreach (var (key, named) in _journals)
            {
                if (named.Match(text) is not { Success: true } found) continue;
                if (RuledOutJournalRx().IsMatch(text[..found.Index])) ruledOutJournals.Add(key);
                else journal ??= key;
            }
        }
        catch (RegexMatchTimeoutException)
        {
            journal = null;
        }
        var padded = " " + text + " ";
        var authors = _authorNames.Where(name => NamesAuthor(padded, name)).ToList();
        if (authors.Count == 0 && AsksAboutPapersRx().IsMatch(text) && MisspeltAuthor(text, padded) is { } near) authors.Add(near);
        // "Apart from Hochhaus 2008, which other paper …": an author ruled out is no author asked for, nor the year after the name.
        var ruledOut = authors.Where(name => NamedAt(padded, name) is var at && at >= 0 && RuledOutAuthorRx().IsMatch(padded[..at] + " ")).ToList();
        authors.RemoveAll(ruledOut.Contains);
        var dated = ruledOut.Aggregate(text, (t, name) => Regex.Replace(t, $@"\b{Regex.Escape(name)}(?: et al)? (?:19|20)\d\d\b", name,
            RegexOptions.CultureInvariant, TimeSpan.FromMilliseconds(50)));
        int? year = null;
        foreach (Match m in YearRx().Matches(dated))
            if (int.TryParse(m.Value, NumberStyles.None, CultureInfo.InvariantCulture, out var y) && _years.Contains(y)) { year = y; break; }
        var (volume, page) = VolumeAndPage(question, text);
        int? issue = AskedIssueRx().Match(text) is { Success: true } i && int.Parse(i.Groups[1].Value, CultureInfo.InvariantCulture) is var asked
            && _issues.ContainsValue(asked) ? asked : null;
        int? position = null;
        var notAtPosition = false;
        if (authors.Count == 1 && AuthorPositionRx().Match(text) is { Success: true } at)
        {
            position = at.Groups[1].Success ? 1 : at.Groups[2].Success ? 2 : 3;
            // "a co-author, not as first author": anywhere but there.
            notAtPosition = NotAtPositionRx().IsMatch(text[..at.Index]);
        }
        var order = OldestRx().IsMatch(text) ? PublicationOrder.Oldest : NewestRx().IsMatch(text) ? PublicationOrder.Newest : PublicationOrder.None;
        var titled = QuotedTitle(text);
        var stretch = Retrieval.ListPosition.Stretch(question);
        var (pageOrder, pageCount) = PageLength.Read(text);
        var decade = year is null && PublicationDate.Decade(text) is var (from, to) && _years.Any(y => from <= y && y <= to) ? (from, to) : ((int, int)?)null;
        return journal is null && year is null && decade is null && authors.Count == 0 && ruledOut.Count == 0 && ruledOutJournals.Count == 0 && order == PublicationOrder.None
            && volume is null && page is null && issue is null && titled is null && stretch is null && pageOrder == PageOrder.None && pageCount is null
            ? NamedPublication.None
            : new NamedPublication(journal, year, _references, authors, _authors, order,
                AnyStudy: order != PublicationOrder.None && OnlyAskingForAStudyRx().IsMatch(text),
                AuthorPosition: position)
            {
                NotAtPosition = notAtPosition,
                Decade = decade,
                AgeRank = order == PublicationOrder.None ? 1 : PublicationDate.Rank(text),
                PageOrder = pageOrder,
                PageCount = pageCount,
                RuledOutAuthors = ruledOut,
                RuledOutJournals = ruledOutJournals,
                Volume = volume,
                Page = page,
                Pages = _pages,
                Issue = issue,
                Issues = _issues,
                Titled = titled,
                Stretch = stretch,
                Numbers = _numbers,
                // Two authors who never wrote together ("the le Coutre paper or the Kantarjian one") name either's studies.
                EitherAuthor = authors.Count > 1 && !_authors.Values.Any(written => authors.All(written.Contains)),
            };
    }

    /// <summary>
    /// The year a question counts from another study ("the year after the Olavarria paper", "two years before
    /// Kantarjian's 2002 Blood paper"), when the words after the count name one reference and some reference has that
    /// year; and the words before the count, which are about the study asked for.
    /// </summary>
    private (int Year, string Before)? CountedYear(string text)
    {
        if (PublicationDate.Counted(text) is not var (years, at, anchorAt)) return null;
        var other = text[anchorAt..];
        var padded = " " + other + " ";
        if (!PublicationDate.SpeaksOfAStudy(other) && !_authorNames.Any(name => NamesAuthor(padded, name))) return null;
        if (_anchor.Named(other) is not int number || _numbers.FirstOrDefault(n => n.Value == number).Key is not { } id
            || _references[id].Year is not int year || !_years.Contains(year + years))
            return null;
        return (year + years, text[..at].Trim());
    }

    /// <summary>The volume and the page a question names ("Blood volume 110", "page 2531", "108:1809"), when any reference has them.</summary>
    private (int? Volume, int? Page) VolumeAndPage(string question, string text)
    {
        int? volume = null, page = null;
        // "108:1809" counts only as one reference's volume and page together: "at 17:30" is a time.
        if (AskedVolumeAndPageRx().Match(question) is { Success: true } both
            && int.Parse(both.Groups[1].Value, CultureInfo.InvariantCulture) is var v1 && int.Parse(both.Groups[2].Value, CultureInfo.InvariantCulture) is var p1
            && _pages.Values.Any(x => x.Volume == v1 && x.FirstPage <= p1 && p1 <= x.LastPage))
            (volume, page) = (v1, p1);
        if (AskedVolumeRx().Match(text) is { Success: true } v) volume = int.Parse(v.Groups[1].Value, CultureInfo.InvariantCulture);
        else if (volume is null && _journalVolume.Match(text) is { Success: true } jv && int.Parse(jv.Groups[2].Value, CultureInfo.InvariantCulture) is var v2
            && _pages.Any(x => x.Value.Volume == v2 && _references.GetValueOrDefault(x.Key).Journal == jv.Groups[1].Value))
            volume = v2;
        if (AskedPageRx().Match(text) is { Success: true } p) page = int.Parse(p.Groups[1].Value, CultureInfo.InvariantCulture);
        // A number no reference prints is not read as one ("1:2 odds").
        if (volume is int vol && !_pages.Values.Any(x => x.Volume == vol)) volume = null;
        if (page is int pg && !_pages.Values.Any(x => x.FirstPage <= pg && pg <= x.LastPage)) page = null;
        return (volume, page);
    }

    /// <summary>
    /// The reference whose title the question quotes ("which number is 'Dasatinib in imatinib-resistant Philadelphia
    /// chromosome-positive leukemias'?"): the longest run of the question's words in a title, when it is six words or
    /// more and longer than the run in any other title (several titles open alike: "dasatinib induces … responses in
    /// patients with imatinib resistant or intolerant chronic myeloid leukemia").
    /// </summary>
    private string? QuotedTitle(string text)
    {
        var words = text.Split(' ', StringSplitOptions.RemoveEmptyEntries);
        if (words.Length < QuotedTitleWords) return null;
        string? best = null;
        int bestRun = 0, secondRun = 0;
        foreach (var (id, title) in _titles)
        {
            var run = LongestCommonRun(words, title);
            if (run > bestRun) (best, bestRun, secondRun) = (id, run, bestRun);
            else if (run > secondRun) secondRun = run;
        }
        return bestRun >= QuotedTitleWords && bestRun > secondRun ? best : null;
    }

    private static int LongestCommonRun(string[] a, string[] b)
    {
        var previous = new int[b.Length + 1];
        var current = new int[b.Length + 1];
        var longest = 0;
        for (var i = 1; i <= a.Length; i++)
        {
            for (var j = 1; j <= b.Length; j++)
            {
                current[j] = a[i - 1] == b[j - 1] ? previous[j - 1] + 1 : 0;
                longest = Math.Max(longest, current[j]);
            }
            (previous, current) = (current, previous);
        }
        return longest;
    }

    /// <summary>Where the padded text first names the author, whole or with a possessive s ("besides Dazzi's paper"); -1 when it does not.</summary>
    private static int NamedAt(string padded, string name)
    {
        var whole = padded.IndexOf(" " + name + " ", StringComparison.Ordinal);
        var possessive = padded.IndexOf(" " + name + "s ", StringComparison.Ordinal);
        return whole < 0 ? possessive : possessive < 0 ? whole : Math.Min(whole, possessive);
    }

    /// <summary>Whether the padded text names the author, whole or with a possessive s, and not as someone's title names them ("Dr Kim").</summary>
    private static bool NamesAuthor(string padded, string name)
    {
        foreach (var form in new[] { " " + name + " ", " " + name + "s " })
            for (var at = padded.IndexOf(form, StringComparison.Ordinal); at >= 0; at = padded.IndexOf(form, at + 1, StringComparison.Ordinal))
                if (!PersonTitleRx().IsMatch(padded.AsSpan(0, at + 1))) return true;
        return false;
    }

    /// <summary>
    /// The surname a word misspells by one letter (two in a word of eight or more): "hesse", "baccarini", "obrian". The word
    /// is no common English word and no word of the summary, no title ("Dr") stands before it, and no other surname is as
    /// close; null when there is none.
    /// </summary>
    private string? MisspeltAuthor(string text, string padded)
    {
        string? found = null;
        foreach (var word in text.Split(' ', StringSplitOptions.RemoveEmptyEntries).Distinct(StringComparer.Ordinal))
        {
            if (word.Length < 5 || !word.All(char.IsLetter) || EnglishWords.Common.Contains(word) || _plainWords.Contains(word)) continue;
            var budget = SpellingCorrector.EditBudget(word.Length);
            var near = _authorNames.Where(name => name[0] == word[0] && !name.Contains(' ') && Math.Abs(name.Length - word.Length) <= budget
                && SpellingCorrector.Distance(word, name, budget) <= budget).Distinct(StringComparer.Ordinal).ToList();
            if (near.Count == 0 || PersonTitleRx().IsMatch(padded.AsSpan(0, padded.IndexOf(" " + word + " ", StringComparison.Ordinal) + 1))) continue;
            if (near.Count > 1 || (found is not null && found != near[0])) return null;
            found = near[0];
        }
        return found;
    }

    /// <summary>"Kantarjian HM, O'Brien S, le Coutre P, et al.": kantarjian, obrien, le coutre, in the list's order (initials and "et al." dropped).</summary>
    internal static string[] Surnames(string? authors)
    {
        var names = new List<string>();
        foreach (var author in (authors ?? "").Split(',', StringSplitOptions.TrimEntries | StringSplitOptions.RemoveEmptyEntries))
        {
            var words = author.Split(' ', StringSplitOptions.RemoveEmptyEntries).ToList();
            while (words.Count > 1 && words[^1].All(char.IsUpper)) words.RemoveAt(words.Count - 1);
            var name = QuestionText.Normalize(string.Join(' ', words));
            if (name.Length >= 3 && name != "et al" && !names.Contains(name)) names.Add(name);
        }
        return [.. names];
    }
}
