using System.Globalization;
using System.Text.RegularExpressions;
using CmlBot.Core.Retrieval;

namespace CmlBot.Core.Understanding;

/// <summary>
/// The stages that settle which study a question about the summary's references is answered with, after
/// <see cref="AnswerDecision"/> has chosen from the evidence: a question naming an author is answered from that author's
/// studies (<c>ByAuthor</c>); one naming what only one reference prints, a volume, a page or a title, from that reference;
/// one naming a stretch of the list, from inside it; a study chosen that contradicts the journal, year, phase or
/// medicines named gives way to one that fits them (<c>ByDetails</c>); the oldest or the newest asked for is the earliest
/// or latest of those that fit (<c>ByAge</c>); the longest or the shortest article asked for is that one of those that fit
/// (<c>ByPages</c>); and a question asking for a study that was answered with none, with the one reference what it names
/// fits (<c>ByDescribed</c>). Each stage leaves a subject the summary does not cover as the reply.
/// </summary>
internal static partial class StudyChoice
{
    // "the only reference whose title calls it a randomized trial": a question about the words of a title.
    [GeneratedRegex(@"\b(title|titles|titled)\b", RegexOptions.IgnoreCase | RegexOptions.NonBacktracking)]
    private static partial Regex TitleRx();

    /// <summary>Every stage, in order, on the decision made from the claim (<paramref name="cited"/>: the references the claim asked about cites).</summary>
    public static Decision Refine(Decision decision, Evidence evidence, IReadOnlyList<string>? cited) =>
        ByDescribed(ByPages(ByAge(ByDetails(ByStretch(ByCitation(ByAuthor(decision, evidence), evidence), evidence), evidence, cited), evidence, cited), evidence), evidence);

    /// <summary>
    /// A question asking for the longest or the shortest article ("which reference runs to the most pages?", "the 2007
    /// paper with the fewest pages") is answered with that one of the references that fit all else it names; a tie, or a
    /// subject the summary does not cover, leaves the decision as it was.
    /// </summary>
    private static Decision ByPages(Decision decision, Evidence evidence)
    {
        if (evidence.Publication is not { PageOrder: not PageOrder.None, Pages: { } pages } publication || decision.Kind == DecisionKind.NotCovered)
            return decision;
        var lengths = publication.References.Keys.Where(id => publication.Fits(id) && pages.ContainsKey(id))
            .Select(id => (Id: id, Pages: PageLength.Of(pages[id]))).ToList();
        if (lengths.Count == 0) return decision;
        var extreme = publication.PageOrder == PageOrder.Longest ? lengths.Max(l => l.Pages) : lengths.Min(l => l.Pages);
        if (lengths.Where(l => l.Pages == extreme).ToList() is not [var only]) return decision;
        return new Decision(DecisionKind.Answer, only.Id, [], null,
            F($"asks for the {publication.PageOrder.ToString().ToLowerInvariant()} article of those that fit: {only.Id}, {only.Pages} pages (instead of: {decision.Reason})"));
    }

    /// <summary>
    /// A question naming a stretch of the list ("among refs 2-11, which one is about transplantation?", "of refs 15-17,
    /// the one in Blood") asks for one of the references in it: when the choice is none of them, whatever it was, the one
    /// that fits all else named, whose title states most of the phase and medicines named, then the best scoring.
    /// </summary>
    private static Decision ByStretch(Decision decision, Evidence evidence)
    {
        if (evidence.Publication is not { Stretch: not null } publication
            || decision is { Kind: DecisionKind.Answer, PassageId: { } chosen } && publication.Fits(chosen))
            return decision;
        var study = evidence.Study is { NamesAny: true } s ? s : null;
        var (_, score) = StudyScores(evidence);
        var best = BestStated(publication.References.Keys.Where(id => publication.Fits(id) && (study is null || study.Fits(id))), study, score);
        return best is null ? decision : new Decision(DecisionKind.Answer, best, [], null,
            F($"names {publication}: {best} fits and scores best (instead of: {decision.Reason})"));
    }

    /// <summary>
    /// A question naming what only one reference prints, a volume or a page of its citation or a run of its title ("which
    /// reference sits on pages 4143-50?"), is about that reference, whatever else its words found. A subject the summary
    /// does not cover stays the reply.
    /// </summary>
    private static Decision ByCitation(Decision decision, Evidence evidence)
    {
        if (evidence.Publication is not { NamesCitation: true } publication || decision.Kind == DecisionKind.NotCovered) return decision;
        var fitting = publication.References.Keys.Where(id => FitsNamed(evidence, publication, id)).ToList();
        if (fitting is not [var only] || decision is { Kind: DecisionKind.Answer, PassageId: var chosen } && chosen == only) return decision;
        return new Decision(DecisionKind.Answer, only, [], null, F($"names what only {only} prints (volume, page or title) (instead of: {decision.Reason})"));
    }

    /// <summary>Of <paramref name="ids"/>, the one whose title states most of the phase and medicines named, then the best scoring (the first by id among equals).</summary>
    private static string? BestStated(IEnumerable<string> ids, NamedStudy? study, Func<string, double> score) =>
        ids.OrderByDescending(id => study?.Stated(id) ?? 0).ThenByDescending(score).ThenBy(id => id, StringComparer.Ordinal).FirstOrDefault();

    /// <summary>
    /// A question naming an author of the list ("O'Shea is a co-author on which reference?", "Baccarani is second author on
    /// a dasatinib paper, which one?") is about one of that author's studies, whatever else its words found: of the
    /// studies by every author named that fit all else it names, the one whose title states most of the phase and the
    /// medicines named, then the best scoring. A subject the summary does not cover stays the reply.
    /// </summary>
    private static Decision ByAuthor(Decision decision, Evidence evidence)
    {
        if (evidence.Publication is not { Authors.Count: > 0 } publication || decision.Kind == DecisionKind.NotCovered) return decision;
        var study = evidence.Study is { NamesAny: true } s ? s : null;
        var (_, score) = StudyScores(evidence);
        var best = BestStated(publication.References.Keys.Where(id => FitsNamed(evidence, publication, id)), study, score);
        if (best is null) return decision;
        if (decision is { Kind: DecisionKind.Answer, PassageId: { } chosen } && FitsNamed(evidence, publication, chosen)
            && (study?.Stated(chosen) ?? 0) >= (study?.Stated(best) ?? 0))
            return decision;
        return new Decision(DecisionKind.Answer, best, [], null,
            F($"names {publication}{(study is null ? "" : $", {study}")}: {best}, by {(publication.Authors!.Count == 1 ? "that author" : "those authors")}, fits best (instead of: {decision.Reason})"));
    }

    /// <summary>
    /// A question asking for a study of a medicine or a phase ("which trial tried nilotinib in the accelerated phase?", "the
    /// nilotinib trials cited?"), whose claim is a sentence citing nothing (the sentence about narrowing the list of trials
    /// by drug) or a section CmlBot lacks, is answered with the study whose title states most of what it names, then the
    /// best scoring: a sentence with no reference cannot say where anything comes from.
    /// </summary>
    public static Decision ByStatedStudy(Decision decision, Evidence evidence)
    {
        var uncited = decision is { Kind: DecisionKind.Answer, PassageId: { } chosen } && !evidence.IsReference(chosen);
        var missing = decision.Kind == DecisionKind.NoAnswer && evidence.MissingSection is not null;
        if (!uncited && !missing) return decision;
        var (_, score) = StudyScores(evidence);
        if (evidence.Study is not { NamesAny: true } study) return uncited ? ByWordsOfStudy(decision, evidence, score) : decision;
        var publication = evidence.Publication ?? NamedPublication.None;
        var stating = study.References.Keys.Where(id => study.Stated(id) > 0 && study.Fits(id) && (!publication.NamesAny || publication.Fits(id))).ToList();
        if (stating.Count == 0) return decision;
        var best = stating.OrderByDescending(study.Stated).ThenByDescending(score).ThenBy(id => id, StringComparer.Ordinal).First();
        return new Decision(DecisionKind.Answer, best, [], null,
            F($"asks for a study of {study}, and {decision.Reason} cites none: {best}, whose title states most of it, scores best"));
    }

    /// <summary>
    /// A question asking for a study and naming no medicine or phase, whose claim is a sentence citing nothing, is answered
    /// with the reference whose words cover more of it than that sentence's do ("which of the cited studies is described as
    /// randomized?" finds the one title that says so), the best scoring of those; the sentence stays when none does.
    /// </summary>
    private static Decision ByWordsOfStudy(Decision decision, Evidence evidence, Func<string, double> score)
    {
        var chosen = decision.PassageId!;
        var claimCoverage = evidence.Retrieval.Hits.FirstOrDefault(h => h.Passage.Id == chosen)?.Coverage ?? 0;
        var best = evidence.Retrieval.Hits.Where(h => evidence.IsReference(h.Passage.Id) && h.Coverage > claimCoverage)
            .OrderByDescending(h => score(h.Passage.Id)).FirstOrDefault();
        return best is null ? decision : new Decision(DecisionKind.Answer, best.Passage.Id, [], null,
            F($"asks for a study, and {decision.Reason} cites none: {best.Passage.Id}'s words cover {best.Coverage:F2} of it, more than {chosen}'s {claimCoverage:F2}"));
    }

    /// <summary>
    /// How far below the chosen study's score (its bank question plus its lexical confidence) another study may score
    /// and still count as one of the studies a question asking for the oldest or the newest is about.
    /// </summary>
    private const double AgeScoreMargin = 0.3;

    /// <summary>
    /// A question asking for the oldest or the most recent study ("the earliest study on donor lymphocyte infusion",
    /// "the newest dasatinib paper") is answered with the earliest or the latest, by the year the list gives, of the
    /// studies the sentence it is about cites, when it came through a sentence; else of the studies about as close to it
    /// as the one chosen; in both cases of those fitting what it names (the closer one among equals).
    /// </summary>
    private static Decision ByAge(Decision decision, Evidence evidence, IReadOnlyList<string>? cited)
    {
        if (evidence.Publication is not { Order: not PublicationOrder.None } publication) return decision;
        if (decision is not { Kind: DecisionKind.Answer, PassageId: { } chosen } || !evidence.IsReference(chosen))
            // "the oldest article published in Blood": a journal, a year or an author and nothing else of a study to go on.
            return publication.AnyStudy || (decision.Kind != DecisionKind.Answer && publication.NamesJournalYearOrAuthor && evidence.Study is not { NamesAny: true })
                ? AgeOfAll(decision, evidence, publication)
                : evidence.SourcesAsked is not null || evidence.Retrieval.Plan.ReferenceIntent ? AgeOfStated(decision, evidence, publication)
                : decision;
        var (bank, score) = StudyScores(evidence);
        var floor = score(chosen) - AgeScoreMargin;
        // A journal, a year or an author named makes the set to order ("the older of the two J Clin Oncol articles").
        var named = publication.NamesJournalYearOrAuthor;
        var candidates = cited ?? (named ? publication.References.Keys
            : evidence.Retrieval.Hits.Select(h => h.Passage.Id).Concat(bank.Keys).Where(id => score(id) >= floor));
        var best = AtRank(ByYear(candidates.Append(chosen).Distinct(StringComparer.Ordinal)
                .Where(id => evidence.IsReference(id) && (id == chosen || FitsNamed(evidence, publication, id) && StatesAsMuch(evidence, id, chosen))), publication)
            .ThenByDescending(score), publication);
        return best is null || best == chosen ? decision : new Decision(DecisionKind.Answer, best, [], null,
            F($"{decision.Reason}; asks for the {publication.Order.ToString().ToLowerInvariant()}: {best} ({publication.YearOf(best)}), {(cited is null ? $"scoring within {AgeScoreMargin:F2} of" : "cited beside")} {chosen} ({publication.YearOf(chosen)})"));
    }

    /// <summary>
    /// Whether a study's title states as much of the medicines and phases the question names as the chosen one's does:
    /// "the earliest of the gleevec-after-transplant studies" is not answered by an older transplant study without imatinib.
    /// </summary>
    private static bool StatesAsMuch(Evidence evidence, string id, string chosen) =>
        evidence.Study is not { NamesAny: true } study || study.Stated(id) >= study.Stated(chosen);

    /// <summary>
    /// A question asking for the oldest or the newest study, and saying nothing of what about ("what is the oldest study
    /// cited in this section?"): of every study, the earliest or the latest.
    /// </summary>
    private static Decision AgeOfAll(Decision decision, Evidence evidence, NamedPublication publication)
    {
        var best = AtRank(ByYear(publication.References.Keys.Where(id => FitsNamed(evidence, publication, id)), publication)
            .ThenBy(id => id, StringComparer.Ordinal), publication);
        return best is null ? decision : new Decision(DecisionKind.Answer, best, [], null,
            F($"asks for the {publication.Order.ToString().ToLowerInvariant()} study, and {decision.Reason} names none: of every study that fits, {best} ({publication.YearOf(best)})"));
    }

    /// <summary>
    /// A question asking for the oldest or the newest study of a medicine or a phase, answered with no study ("of the two
    /// nilotinib trials cited, which came out first?"): of the studies whose titles state what it names, the earliest or
    /// the latest.
    /// </summary>
    private static Decision AgeOfStated(Decision decision, Evidence evidence, NamedPublication publication)
    {
        if (evidence.Study is not { NamesAny: true } study) return decision;
        var stating = publication.References.Keys.Where(id => FitsNamed(evidence, publication, id) && study.Stated(id) > 0).ToList();
        if (stating.Count == 0) return decision;
        var most = stating.Max(study.Stated);
        var best = AtRank(ByYear(stating.Where(id => study.Stated(id) == most), publication).ThenBy(id => id, StringComparer.Ordinal), publication);
        return best is null ? decision : new Decision(DecisionKind.Answer, best, [], null,
            F($"asks for the {publication.Order.ToString().ToLowerInvariant()} study of {study}, and {decision.Reason} is no study: of the studies whose titles state it, {best} ({publication.YearOf(best)})"));
    }

    /// <summary>The studies with a year, earliest first for "oldest", latest first for "newest".</summary>
    private static IOrderedEnumerable<string> ByYear(IEnumerable<string> ids, NamedPublication publication) =>
        ids.Where(id => publication.YearOf(id) is not null)
            .OrderBy(id => (publication.Order == PublicationOrder.Oldest ? 1 : -1) * publication.YearOf(id)!.Value);

    /// <summary>
    /// The study at the place in the order by year that the question asks for: the first, or for "the second oldest" and
    /// the like the one at that place, when no year up to it or right after it is shared (else the place is unclear: none).
    /// </summary>
    private static string? AtRank(IEnumerable<string> ordered, NamedPublication publication)
    {
        if (publication.AgeRank == 1) return ordered.FirstOrDefault();
        var first = ordered.Take(publication.AgeRank + 1).ToList();
        if (first.Count < publication.AgeRank) return null;
        var years = first.Select(publication.YearOf).ToList();
        return years.Distinct().Count() == years.Count ? first[publication.AgeRank - 1] : null;
    }

    private static bool FitsNamed(Evidence evidence, NamedPublication publication, string id) =>
        publication.Fits(id) && (evidence.Study is not { NamesAny: true } study || study.Fits(id));

    /// <summary>Each passage's bank strength, and a study's score: its bank strength plus its lexical confidence.</summary>
    private static (Dictionary<string, double> Bank, Func<string, double> Score) StudyScores(Evidence evidence)
    {
        var bank = evidence.Examples?.Passages.ToDictionary(e => e.PassageId, e => e.Strength, StringComparer.Ordinal)
            ?? new Dictionary<string, double>(StringComparer.Ordinal);
        return (bank, id => bank.GetValueOrDefault(id) + evidence.Confidence(id));
    }

    /// <summary>
    /// A study chosen that contradicts what the question names of it, the journal or the year it was published in or the
    /// phase and the medicines its title states, gives way to the best candidate that does not ("which
    /// imatinib-after-transplant study appeared in Leukemia?", "the Tasigna study in chronic phase"), when the words or
    /// the bank found one. Of those, a title stating the phase named comes before one stating none. A chosen study that
    /// fits but whose title states no phase gives way too, to one whose title states the phase named and that the words
    /// and the bank together score at least as high ("who reported nilotinib after imatinib failure in chronic phase?").
    /// A reference the claim asked about also cites (<paramref name="cited"/>; else one cited beside the study chosen) comes
    /// before any other.
    /// </summary>
    private static Decision ByDetails(Decision decision, Evidence evidence, IReadOnlyList<string>? cited)
    {
        var publication = evidence.Publication is { NamesAny: true } p ? p : null;
        var study = evidence.Study is { NamesAny: true } s ? s : null;
        if ((publication is null && study is null) || decision is not { Kind: DecisionKind.Answer, PassageId: { } chosen }
            || !evidence.IsReference(chosen))
            return decision;
        var fits = Fits(chosen);
        if (fits && (study?.Phase is null || study.StatesPhase(chosen))) return decision;
        var (bank, score) = StudyScores(evidence);
        var chosenScore = score(chosen);
        // Asked for a source, a study ruled out points at the others its sentence cites ("besides Dazzi's paper, which
        // other reference supports …").
        cited ??= evidence.SourcesAsked?.Values.Where(c => c.Contains(chosen)).SelectMany(c => c).Distinct(StringComparer.Ordinal).ToList();
        var fitting = evidence.Retrieval.Hits.Select(h => h.Passage.Id).Concat(bank.Keys).Distinct(StringComparer.Ordinal)
            .Where(id => evidence.IsReference(id) && Fits(id))
            .Select(id => (Id: id, States: study?.StatesPhase(id) == true, Score: score(id)))
            .Where(f => !fits || (f.States && f.Score >= chosenScore))
            .ToList();
        if (fitting.Count == 0)
        {
            // What the question names may leave one study that neither the words nor the bank found ("three 2006 Blood
            // papers: which isn't the LeukemiaNet one and isn't about BCR-ABL transcripts?").
            var all = publication?.References.Keys ?? study!.References.Keys;
            return !fits && all.Where(Fits).ToList() is [var only]
                ? new Decision(DecisionKind.Answer, only, [], null, F($"{decision.Reason}; names {Named()}, which {chosen} does not fit: {only} is the one reference that does"))
                : decision;
        }
        // Another reference the claim cites comes first ("besides Dazzi's paper, which other reference supports …").
        var best = fitting.OrderByDescending(f => cited?.Contains(f.Id) == true).ThenByDescending(f => f.States).ThenByDescending(f => f.Score).First();
        var named = Named();
        return new Decision(DecisionKind.Answer, best.Id, [], null, fits
            ? F($"{decision.Reason}; names {named}, which the title of {chosen} does not state: {best.Id}, whose title does, scores as well")
            : F($"{decision.Reason}; names {named}, which {chosen} does not fit: {best.Id}, which does, scores best"));

        bool Fits(string id) => FitsBoth(publication, study, id);
        string Named() => Describe(publication, study);
    }

    /// <summary>
    /// A question asking for a study that the rest of the evidence answered with no study is answered with the one
    /// reference what it names fits: when it was refused or offered a "did you mean", or answered with a sentence and
    /// names the journal, the year or an author ("the only reference from 2005", "the only paper in Bone Marrow
    /// Transplant"); when it was refused or offered a "did you mean", also the one its citation words name
    /// (<see cref="QueryPlan.Described"/>: "baccarrani 2006 ref number?"), as when it asks about a title ("the only one
    /// whose title calls it randomized"). A sentence chosen for a question that names
    /// only what a study is about stays: "who gains most from donor cell top-ups?" asks for the claim. A subject the
    /// summary does not cover stays the reply.
    /// </summary>
    private static Decision ByDescribed(Decision decision, Evidence evidence)
    {
        if (!evidence.Retrieval.Plan.ReferenceIntent || decision.Kind == DecisionKind.NotCovered
            || decision is { Kind: DecisionKind.Answer, PassageId: { } chosen } && evidence.IsReference(chosen))
            return decision;
        var refused = decision.Kind != DecisionKind.Answer;
        var publication = evidence.Publication is { NamesAny: true } p ? p : null;
        var study = evidence.Study is { NamesAny: true } s ? s : null;
        var fitting = publication is { NamesJournalYearOrAuthor: true } || (refused && study is not null)
            ? (publication?.References.Keys ?? study!.References.Keys).Where(id => FitsBoth(publication, study, id)).Take(2).ToList()
            : [];
        if (fitting is [var only])
            return new Decision(DecisionKind.Answer, only, [], null, F($"asks for a study and names {Describe(publication, study)}, which only {only} fits (instead of: {decision.Reason})"));
        return (refused || TitleRx().IsMatch(evidence.Retrieval.Plan.Question)) && evidence.Retrieval.Plan.Described is { } described
            ? new Decision(DecisionKind.Answer, described, [], null, F($"asks for a study, and its citation words name only {described} (instead of: {decision.Reason})"))
            : decision;
    }

    /// <summary>Whether the passage fits what the question names of a study's publication and of its subject (either may name nothing).</summary>
    private static bool FitsBoth(NamedPublication? publication, NamedStudy? study, string id) =>
        (publication is null || publication.Fits(id)) && (study is null || study.Fits(id));

    private static string Describe(NamedPublication? publication, NamedStudy? study) =>
        string.Join(", ", new object?[] { publication, study }.OfType<object>());

    private static string F(FormattableString s) => s.ToString(CultureInfo.InvariantCulture);
}
