using System.Text.RegularExpressions;
using CmlBot.Core.Retrieval.Speed;

namespace CmlBot.Core.Retrieval;

/// <summary>A question's analysed meaning: the concepts it asks about, each with its synonyms and spelling fixes.</summary>
/// <param name="Original">The question's own words, analysed (stemmed, stop words out).</param>
/// <param name="Synonyms">The other phrases its synonym rule names, each analysed; a passage matches a phrase when it holds all its terms.</param>
/// <param name="AsksForSource">A word that asks for a study or a source ("paper", "study", "wrote"), not for what the study is about.</param>
public sealed record Concept(IReadOnlyList<string> Original, IReadOnlyList<IReadOnlyList<string>> Synonyms, double Weight, bool Corrected, bool AsksForSource = false)
{
    public IEnumerable<IReadOnlyList<string>> Phrases => Synonyms.Prepend(Original);

    /// <summary>A phrase of several words that the synonyms read as something else ("the speeding-up phase": the accelerated phase).</summary>
    public bool IsRewrittenPhrase => Original.Count > 1 && Synonyms.Count > 0;

    /// <summary>
    /// Whether a term set holds one of the concept's phrases whole: the definition of a match. Ranking answers it from
    /// the index's passage bits (<see cref="PassageHolders"/>), which tests check against this.
    /// </summary>
    public bool MatchedBy(IReadOnlySet<string> terms)
    {
        if (Holds(Original, terms)) return true;
        for (var i = 0; i < Synonyms.Count; i++)
            if (Holds(Synonyms[i], terms)) return true;
        return false;
    }

    private static bool Holds(IReadOnlyList<string> phrase, IReadOnlySet<string> terms)
    {
        if (phrase.Count == 0) return false;
        for (var i = 0; i < phrase.Count; i++)
            if (!terms.Contains(phrase[i])) return false;
        return true;
    }
}

/// <summary>
/// What retrieval makes of a question: its concepts (each a rule's phrases or the question's own words, weighted by
/// rarity), the spelling fixes behind them, and whether it asks about the summary's studies and sources.
/// </summary>
/// <param name="Question">The question as planned: cut to <see cref="RetrievalOptions.MaxQuestionLength"/>.</param>
/// <param name="AllTerms">Every term of every concept's phrases.</param>
public sealed record QueryPlan(
    string Question,
    IReadOnlyList<Concept> Concepts,
    IReadOnlyList<SpellingFix> Corrections,
    bool ReferenceIntent,
    int? ReferenceNumber,
    IReadOnlySet<string> AllTerms)
{
    /// <summary>Per concept (in order), the passages that match it in each term set; worked out once per plan for ranking.</summary>
    internal IReadOnlyList<ConceptHolders> Holders { get; init; } = [];

    /// <summary>
    /// For a question about the summary's studies, the passage id of the one reference its citation words name
    /// (<see cref="ReferenceAnchor"/>: "the only reference from 2005", "baccarrani 2006"); null when they name none or several.
    /// </summary>
    public string? Described { get; init; }

    /// <summary>
    /// The place the question asks for among the references one claim cites (<see cref="ListPosition.AmongCited"/>: "the
    /// first reference for the donor-infusion sentence"); null when it asks for none. Read once, with the plan.
    /// </summary>
    public int? PlaceAmongCited { get; init; }
}

/// <summary>A word of the question the speller rewrote: as typed, and what it became.</summary>
public sealed record SpellingFix(string From, string To)
{
    /// <summary>The text with each corrected word replaced where it stands as a whole word ("Gilhot's paper" → "guilhot's paper").</summary>
    public static string Apply(string text, IReadOnlyList<SpellingFix> fixes) =>
        fixes.Aggregate(text, (t, f) => Regex.Replace(t, $@"\b{Regex.Escape(f.From)}\b", f.To,
            RegexOptions.IgnoreCase | RegexOptions.CultureInvariant, TimeSpan.FromMilliseconds(100)));
}
