using CmlBot.Core.Retrieval;

namespace CmlBot.Core.Understanding;

/// <summary>
/// Everything known about a question before deciding: what the words found (the ranked hits, with coverage, BM25
/// and similarity in their scores, after spelling and synonyms), the nearest bank questions per passage and the
/// nearest not-covered subject (null without a model), and the missing section it names, if any, with the passages
/// that answer it from what they say of that section themselves; and, for a question asking for a study whose words
/// find a reference first, how much of what it is about (its words asking for a study left out) each reference the words
/// found covers, in the words' order; and, for a question asking where a claim comes from (<see cref="SourceRequest"/>),
/// the references each sentence cites, by passage id; and the journal or year it names for a study (<see cref="PublicationDetails"/>), and the phase and the
/// medicines (<see cref="StudyDetails"/>).
/// </summary>
public sealed record Evidence(RetrievalResult Retrieval, ExampleMatches? Examples, string? MissingSection, IReadOnlySet<string>? AnsweringMissingSection = null,
    IReadOnlyList<(Hit Hit, double Coverage)>? StudyTopics = null, IReadOnlyDictionary<string, IReadOnlyList<string>>? SourcesAsked = null,
    NamedPublication? Publication = null, NamedStudy? Study = null)
{
    /// <summary>How much of what a study question is about its top reference covers (0 when it is not such a question).</summary>
    public double StudyTopicCoverage => StudyTopics is [var first, ..] ? first.Coverage : 0;

    /// <summary>Whether the passage is one of the summary's references.</summary>
    public bool IsReference(string passageId) =>
        Study?.References.ContainsKey(passageId) ?? Publication?.IsReference(passageId) ?? false;

    public Hit? TopHit => Retrieval.Hits.Count > 0 ? Retrieval.Hits[0] : null;

    /// <summary>A passage's lexical confidence (0 when the words did not find it).</summary>
    public double Confidence(string passageId)
    {
        foreach (var h in Retrieval.Hits)
            if (h.Passage.Id == passageId) return h.Confidence;
        return 0;
    }

    /// <summary>Whether the passage answers the question about a missing section from what it says of it (false when it names none).</summary>
    public bool AnswersMissing(string? passageId) =>
        passageId is not null && AnsweringMissingSection?.Contains(passageId) == true;
}
