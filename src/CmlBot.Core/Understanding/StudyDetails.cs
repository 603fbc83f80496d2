using System.Text.RegularExpressions;
using CmlBot.Core.Corpus;
using CmlBot.Core.Retrieval;

namespace CmlBot.Core.Understanding;

/// <summary>
/// The phase of the disease and the medicines a question names for a study ("the Tasigna study in chronic phase",
/// "dasatinib after nilotinib failed"): seven references test dasatinib and three nilotinib, and what tells them apart
/// is the phase their patients were in and the other medicine they had. The words alone cannot: "chronic" is also in
/// "chronic myeloid leukemia", and a title's "phase" may be any phase (or a "phase 2 trial").
/// A medicine counts by any name the synonyms give it (the question's plan holds them, spelling fixed); a phase by its
/// name, "chronic" only as "chronic phase" or "chronic stage", and by the short forms readers use ("CP", "AP").
/// </summary>
public sealed partial class StudyDetails
{
    // The medicines the references' titles test, by their generic names; brand names and codes come from the synonyms.
    private static readonly string[] Medicines = ["imatinib", "dasatinib", "nilotinib", "interferon"];

    private readonly Dictionary<string, string> _medicineByTerm = new(StringComparer.Ordinal);
    private readonly Dictionary<string, (string? Phase, IReadOnlySet<string> Medicines)> _references = new(StringComparer.Ordinal);
    private readonly TextAnalysis _analysis;
    // Each reference's title as index terms, which a description of a study ruled out is matched against.
    private readonly Dictionary<string, HashSet<string>> _titleTerms = new(StringComparer.Ordinal);

    // A medicine the question rules out ("about imatinib, not nilotinib", "leaving out the nilotinib study"): a study of it
    // is not the one asked for. The medicine may be the word after the cue or the one after that.
    [GeneratedRegex(@"\b(?:not|isnt|wasnt|rather than|instead of|other than|apart from|aside from|except|excluding|besides|leaving out|leave out|ignoring|setting aside) (?:the |on |with |about |a |an )?(\w+)(?: (\w+))?\b")]
    private static partial Regex RuledOutRx();

    // "isn't about transplant", "not the DLI dosing one", "which one is not the European LeukemiaNet recommendations": what a
    // study the question rules out is about, in up to six words after the cue and an article ("not a transplant"), up to
    // a word that starts another clause.
    [GeneratedRegex(@"\b(?:not|isnt|wasnt|arent|rather than|instead of|other than|apart from|aside from|except|excluding|besides|leaving out|ignoring) (?:about|on|the|a|an)(?: (?:one|ones|paper|study|article))?((?: (?!(?:and|but|or|which|that|who|i|is|was|are|were|it|its|one|ones)\b)[a-z0-9]+){1,6})",
        RegexOptions.None, matchTimeoutMilliseconds: 50)]
    private static partial Regex RuledOutSubjectRx();

    // Words of a description that say nothing of what a study is about.
    private static readonly HashSet<string> NotAboutWords = new(StringComparer.Ordinal)
    {
        "paper", "papers", "study", "studies", "article", "articles", "reference", "references", "ref", "refs", "trial", "trials",
        "report", "publication", "work", "guideline", "guidelines", "thing", "stuff", "about", "on", "the", "a", "an", "of", "in", "for",
        "phase", "stage",
    };

    private static readonly string[] Phases = ["chronic phase", "accelerated phase", "blast crisis"];

    // Each phase as the synonyms' phrases hold it, so that a lay name the synonym file reads as a phase ("the early
    // stable stage", "the speeding-up phase") names it too.
    private readonly (string Phase, string[] Terms)[] _phaseTerms;

    [GeneratedRegex(@"\b(?:chronic (?:phase|stage)|stable phase|cp)\b")]
    private static partial Regex ChronicRx();

    [GeneratedRegex(@"\b(?:accelerat\w*|ap|(?:in between|middle|intermediate) (?:phase|stage))\b")]
    private static partial Regex AcceleratedRx();

    // "CML-BP": blast phase; "BP" alone is as often blood pressure.
    [GeneratedRegex(@"\b(?:blast\w*|blastic|cml (?:bp|bc)|(?:bp|bc) cml|most advanced (?:phase|stage)|final (?:phase|stage)|end stage|terminal (?:phase|stage))\b")]
    private static partial Regex BlastRx();

    public StudyDetails(IEnumerable<Passage> passages, TextAnalysis analysis)
    {
        _analysis = analysis;
        _phaseTerms = [.. Phases.Select(phase => (phase, analysis.Terms(phase).Order(StringComparer.Ordinal).ToArray()))];
        foreach (var medicine in Medicines)
            foreach (var term in analysis.Terms(medicine)) _medicineByTerm[term] = medicine;
        foreach (var passage in passages.Where(p => p.Reference is not null))
        {
            var title = passage.Reference!.Title ?? "";
            var named = analysis.Terms(title).Select(t => _medicineByTerm.GetValueOrDefault(t)).OfType<string>().ToHashSet(StringComparer.Ordinal);
            _references[passage.Id] = (PhaseOf(QuestionText.Normalize(title)), named);
            _titleTerms[passage.Id] = analysis.Terms(title);
        }
    }

    /// <summary>The phase and the medicines the question names (<see cref="NamedStudy.NamesAny"/> false when neither).</summary>
    /// <param name="about">
    /// The words of the question about the study asked for, when only some are ("the nilotinib paper from the year after
    /// Talpaz's dasatinib one": not dasatinib, <see cref="NamedPublication.AskedAbout"/>); null: all of them.
    /// </param>
    public NamedStudy Named(QueryPlan plan, string? about = null)
    {
        // Each misspelt word read as the speller corrected it ("acelerated" as "accelerated").
        var fixes = plan.Corrections.GroupBy(f => QuestionText.Normalize(f.From), StringComparer.Ordinal)
            .ToDictionary(g => g.Key, g => QuestionText.Normalize(g.First().To), StringComparer.Ordinal);
        var text = string.Join(' ', QuestionText.Normalize(about ?? plan.Question).Split(' ').Select(w => fixes.GetValueOrDefault(w, w)));
        var aboutTerms = about is null ? null : _analysis.Terms(text);
        var asked = aboutTerms is null ? plan.Concepts : plan.Concepts.Where(c => c.Original.All(aboutTerms.Contains)).ToList();
        var medicines = new HashSet<string>(StringComparer.Ordinal);
        foreach (var concept in asked.Where(c => !c.AsksForSource))
            foreach (var phrase in concept.Phrases)
                if (phrase is [var term] && _medicineByTerm.TryGetValue(term, out var medicine)) medicines.Add(medicine);
        var ruledOut = new HashSet<string>(StringComparer.Ordinal);
        foreach (Match m in RuledOutRx().Matches(text))
            foreach (var term in _analysis.Terms(m.Groups[1].Value + " " + m.Groups[2].Value))
                foreach (var medicine in MedicinesNamedBy(term, plan.Concepts)) ruledOut.Add(medicine);
        medicines.ExceptWith(ruledOut);
        var ruledOutPhases = RuledOutPhaseRx().Matches(text).Select(m => PhaseNamed(m.Value)).OfType<string>().ToHashSet(StringComparer.Ordinal);
        var phase = PhaseOf(text) ?? PhaseOfSynonyms(asked);
        return new NamedStudy(phase, medicines, _references, ruledOut) { RuledOutPhases = ruledOutPhases, RuledOutTitles = RuledOutTitles(text) };
    }

    /// <summary>
    /// The medicines a word of the question names: a generic name itself, or a brand name or code ("not the Tasigna one")
    /// through the synonyms of the concept the word is.
    /// </summary>
    private IEnumerable<string> MedicinesNamedBy(string term, IEnumerable<Concept> concepts)
    {
        if (_medicineByTerm.TryGetValue(term, out var medicine)) return [medicine];
        return concepts.Where(c => c.Original is [var only] && only == term).SelectMany(c => c.Synonyms)
            .Select(phrase => phrase is [var one] ? _medicineByTerm.GetValueOrDefault(one) : null).OfType<string>().Distinct(StringComparer.Ordinal);
    }

    /// <summary>The one phase that a lay phrase of the question stands for through the synonym file, or null.</summary>
    private string? PhaseOfSynonyms(IEnumerable<Concept> concepts)
    {
        var named = concepts.Where(c => c.IsRewrittenPhrase).SelectMany(c => c.Synonyms)
            .SelectMany(phrase => _phaseTerms.Where(p => phrase.Order(StringComparer.Ordinal).SequenceEqual(p.Terms)).Select(p => p.Phase))
            .Distinct(StringComparer.Ordinal).ToList();
        return named is [var only] ? only : null;
    }

    /// <summary>
    /// The references whose titles a description after a cue fits best ("isn't about measuring BCR-ABL transcripts"): those
    /// that hold the most of the description's words that say what a study is about (as index terms), at least half.
    /// </summary>
    private HashSet<string> RuledOutTitles(string text)
    {
        var ruledOut = new HashSet<string>(StringComparer.Ordinal);
        try
        {
            foreach (Match m in RuledOutSubjectRx().Matches(text))
            {
                // A phase ruled out is read as a phase (RuledOutPhases): "chronic" alone is in most titles' "chronic myeloid leukemia".
                if (PhaseNamed(m.Groups[1].Value) is not null) continue;
                var words = string.Join(' ', m.Groups[1].Value.Split(' ', StringSplitOptions.RemoveEmptyEntries).Where(w => !NotAboutWords.Contains(w)));
                var terms = _analysis.Terms(words);
                if (terms.Count == 0) continue;
                var fit = _titleTerms.ToDictionary(t => t.Key, t => terms.Count(t.Value.Contains), StringComparer.Ordinal);
                var most = fit.Values.DefaultIfEmpty(0).Max();
                if (2 * most < terms.Count) continue;
                ruledOut.UnionWith(fit.Where(f => f.Value == most).Select(f => f.Key));
            }
        }
        catch (RegexMatchTimeoutException)
        {
            ruledOut.Clear();
        }
        return ruledOut;
    }

    // A phase the question rules out ("the in-between stage, not chronic and not blast") names none.
    [GeneratedRegex(@"\b(?:not|no|non|nor|neither|isnt|wasnt|arent|rather than|instead of) (?:the |in |about |on |for )?(?:chronic|accelerat\w*|blast\w*|blastic)(?: (?:phase|stage|crisis))?\b")]
    private static partial Regex RuledOutPhaseRx();

    private static string? PhaseOf(string normalized) => PhaseNamed(RuledOutPhaseRx().Replace(normalized, " "));

    private static string? PhaseNamed(string normalized) =>
        BlastRx().IsMatch(normalized) ? "blast crisis"
        : AcceleratedRx().IsMatch(normalized) ? "accelerated phase"
        : ChronicRx().IsMatch(normalized) ? "chronic phase"
        : null;
}

/// <summary>
/// The phase and the medicines a question names for a study, and what each reference's title states of them, by
/// passage id. A title that states no phase (or no medicine) does not contradict one named: it may cover every phase.
/// A title that states a medicine or a phase the question rules out (<see cref="RuledOut"/>, <see cref="RuledOutPhases"/>) does.
/// </summary>
public sealed record NamedStudy(string? Phase, IReadOnlySet<string> Medicines, IReadOnlyDictionary<string, (string? Phase, IReadOnlySet<string> Medicines)> References,
    IReadOnlySet<string>? RuledOut = null)
{
    public bool NamesAny => Phase is not null || Medicines.Count > 0 || RuledOut is { Count: > 0 } || RuledOutPhases.Count > 0 || RuledOutTitles.Count > 0;

    /// <summary>References whose titles a description the question rules out fits ("the one not about transplant"), by passage id.</summary>
    public IReadOnlySet<string> RuledOutTitles { get; init; } = new HashSet<string>();

    /// <summary>Phases the question rules out ("the nilotinib paper that isn't the accelerated-phase one"): a title stating one does not fit.</summary>
    public IReadOnlySet<string> RuledOutPhases { get; init; } = new HashSet<string>();

    /// <summary>Whether the passage is a reference whose title contradicts nothing the question names.</summary>
    public bool Fits(string passageId) =>
        References.TryGetValue(passageId, out var r)
        && (Phase is null || r.Phase is null || r.Phase == Phase)
        && (r.Medicines.Count == 0 || Medicines.All(r.Medicines.Contains))
        && (RuledOut is null || !RuledOut.Overlaps(r.Medicines))
        && (r.Phase is null || !RuledOutPhases.Contains(r.Phase))
        && !RuledOutTitles.Contains(passageId);

    /// <summary>Whether the reference's title states the phase the question names (a closer fit than stating none).</summary>
    public bool StatesPhase(string passageId) => Phase is not null && References.TryGetValue(passageId, out var r) && r.Phase == Phase;

    /// <summary>How many of the things the question names (its phase; its medicines, all of them) the reference's title states.</summary>
    public int Stated(string passageId) =>
        !References.TryGetValue(passageId, out var r) ? 0
        : (StatesPhase(passageId) ? 1 : 0) + (Medicines.Count > 0 && Medicines.All(r.Medicines.Contains) ? 1 : 0);

    public override string ToString() => string.Join(", ", new[] { Phase }.OfType<string>().Concat(Medicines.Order(StringComparer.Ordinal)));
}
