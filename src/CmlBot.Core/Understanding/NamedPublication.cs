using System.Globalization;

namespace CmlBot.Core.Understanding;

/// <summary>
/// The journal, year and authors a question names (any may be missing), and which of the summary's references fit them:
/// each reference's journal as <see cref="QuestionText.Normalize"/> writes it, its year, and its authors' names, by
/// passage id. <see cref="AnyStudy"/>: the question asks for the oldest or the newest study and says nothing of what
/// about ("which is the oldest reference cited here?"). <see cref="AuthorPosition"/>: where in a reference's list (1, 2 or
/// 3; PDQ prints three names before "et al.") the question puts the one author it names ("Shah as the second author").
/// </summary>
public sealed record NamedPublication(string? Journal, int? Year, IReadOnlyDictionary<string, (string Journal, int? Year)> References,
    IReadOnlyList<string>? Authors = null, IReadOnlyDictionary<string, string[]>? AuthorsOf = null, PublicationOrder Order = PublicationOrder.None,
    bool AnyStudy = false, int? AuthorPosition = null)
{
    public static readonly NamedPublication None = new(null, null, new Dictionary<string, (string, int?)>());

    public bool NamesAny => Journal is not null || Year is not null || Decade is not null || Authors is { Count: > 0 } || RuledOutAuthors.Count > 0 || RuledOutJournals.Count > 0
        || Order != PublicationOrder.None || NamesCitation || Stretch is not null || PageOrder != PageOrder.None || PageCount is not null;

    /// <summary>Whether the question asks for the longest or the shortest article of those that fit (<see cref="PageLength"/>).</summary>
    public PageOrder PageOrder { get; init; }

    /// <summary>The number of pages the question says the article runs to ("the three-page papers"): only those fit.</summary>
    public int? PageCount { get; init; }

    /// <summary>Whether the question names where or by whom a study was published: its journal, its year or an author.</summary>
    public bool NamesJournalYearOrAuthor => Journal is not null || Year is not null || Decade is not null || Authors is { Count: > 0 };

    /// <summary>
    /// The words of the question about the study asked for, when the rest is about another one it counts years from
    /// ("which nilotinib paper came out the year after Talpaz's dasatinib one"); null when all of it is.
    /// </summary>
    public string? AskedAbout { get; init; }

    /// <summary>The decade the question names ("the one from the 90s"): only references published in it fit.</summary>
    public (int From, int To)? Decade { get; init; }

    /// <summary>Which of the studies in the order of years <see cref="Order"/> asks for: 2 for "the second oldest".</summary>
    public int AgeRank { get; init; } = 1;

    /// <summary>The stretch of the list the question names ("of refs 15-17"): only references numbered within it fit.</summary>
    public (int From, int To)? Stretch { get; init; }

    /// <summary>Each reference's number in the list, by passage id.</summary>
    public IReadOnlyDictionary<string, int>? Numbers { get; init; }

    /// <summary>Whether the question names a volume, an issue or a page of a citation, or quotes a title: it is about that study.</summary>
    public bool NamesCitation => Volume is not null || Page is not null || Issue is not null || Titled is not null;

    /// <summary>The issue the question names ("Blood, iss. 4"), when a reference has it.</summary>
    public int? Issue { get; init; }

    /// <summary>Each reference's issue, by passage id, where its citation prints one.</summary>
    public IReadOnlyDictionary<string, int>? Issues { get; init; }

    /// <summary>The reference whose title the question quotes, six words or more of it in a row and more than of any other title.</summary>
    public string? Titled { get; init; }

    /// <summary>The volume the question names ("Blood volume 110"), when a reference has it.</summary>
    public int? Volume { get; init; }

    /// <summary>A page the question names ("page 2531"), when it falls in a reference's pages.</summary>
    public int? Page { get; init; }

    /// <summary>
    /// Whether a citation's pages hold the page asked for. A page on which one article starts names that article: page
    /// 3207 is inside 3204-12 too, but "pages 3207-13" asks for the one that starts there.
    /// </summary>
    private bool OnPage((int Volume, int FirstPage, int LastPage) printed) =>
        Pages!.Values.Any(x => x.FirstPage == Page) ? printed.FirstPage == Page : printed.FirstPage <= Page && Page <= printed.LastPage;

    /// <summary>Each reference's volume and pages, by passage id.</summary>
    public IReadOnlyDictionary<string, (int Volume, int FirstPage, int LastPage)>? Pages { get; init; }

    /// <summary>Whether the question puts its author anywhere but <see cref="AuthorPosition"/> ("a co-author, not as first author").</summary>
    public bool NotAtPosition { get; init; }

    /// <summary>Whether the authors named are alternatives (no reference lists them all), so a study by any of them fits.</summary>
    public bool EitherAuthor { get; init; }

    /// <summary>Authors the question rules out ("apart from Hochhaus"): none of their studies fits.</summary>
    public IReadOnlyList<string> RuledOutAuthors { get; init; } = [];

    /// <summary>Journals the question rules out ("not in Blood or NEJM"), as <see cref="QuestionText.Normalize"/> writes PDQ's abbreviations.</summary>
    public IReadOnlyList<string> RuledOutJournals { get; init; } = [];

    /// <summary>The year the reference was published, when the list gives one.</summary>
    public int? YearOf(string passageId) => References.TryGetValue(passageId, out var r) ? r.Year : null;

    /// <summary>Whether the passage is a reference (any that the summary lists).</summary>
    public bool IsReference(string passageId) => References.ContainsKey(passageId);

    /// <summary>
    /// Whether the passage is a reference published in the journal and the year named, by every author named (a detail
    /// not named fits).
    /// </summary>
    public bool Fits(string passageId) =>
        References.TryGetValue(passageId, out var r) && (Journal is null || r.Journal == Journal) && (Year is null || r.Year == Year)
        && (Decade is not var (first, last) || r.Year is int y && first <= y && y <= last)
        && (Titled is null || Titled == passageId)
        && (Stretch is not (var from, var to) || Numbers?.GetValueOrDefault(passageId) is int n && from <= n && n <= to)
        && !RuledOutJournals.Contains(r.Journal)
        && (Issue is null || Issues?.GetValueOrDefault(passageId) == Issue)
        && (PageCount is null || Pages is not null && Pages.TryGetValue(passageId, out var length) && PageLength.Of(length) == PageCount)
        && (!NamesCitation || Pages?.GetValueOrDefault(passageId) is { } printed
            && (Volume is null || printed.Volume == Volume) && (Page is null || OnPage(printed)))
        && (RuledOutAuthors.Count == 0 || AuthorsOf?.GetValueOrDefault(passageId) is not { } written || !RuledOutAuthors.Any(written.Contains))
        && (Authors is not { Count: > 0 } || (AuthorsOf?.GetValueOrDefault(passageId) is { } names && (EitherAuthor ? Authors.Any(names.Contains) : Authors.All(names.Contains))
            && (AuthorPosition is not int position || Authors is not [var author]
                || (NotAtPosition ? names.Length < position || names[position - 1] != author : names.Length >= position && names[position - 1] == author))));

    public override string ToString() =>
        string.Join(", ", new[] { Journal, Year?.ToString(CultureInfo.InvariantCulture), Decade is var (start, _) ? F($"the {start}s") : null }.Concat(Authors ?? [])
            .Append(Order == PublicationOrder.None ? null : Order.ToString().ToLowerInvariant())
            .Append(Stretch is var (from, to) ? F($"refs {from}-{to}") : null).OfType<string>());

    private static string F(FormattableString s) => s.ToString(CultureInfo.InvariantCulture);
}

/// <summary>Whether a question asks for the earliest or the latest of the studies that fit.</summary>
public enum PublicationOrder
{
    None,
    Oldest,
    Newest,
}
