using CmlBot.Core.Retrieval;

namespace CmlBot.Core.Answers;

/// <summary>A reference the answer cites, with the parts a reader needs to find it.</summary>
public sealed record CitedReference(string DocumentId, int Number, string Text, string ShortName, string? Title, int? Year);

/// <summary>A quoted passage: the summary's own words, citation markers as the summary has them.</summary>
/// <param name="Label">A short handle for the passage, for menus ("did you mean …").</param>
public sealed record AnswerPassage(
    string Id,
    PassageKind Kind,
    string DocumentId,
    string DocumentTitle,
    string Section,
    string Text,
    IReadOnlyList<int> References,
    string Label,
    double Confidence);

/// <summary>Where the quoted text comes from.</summary>
public sealed record SourceInfo(string Title, string Version, string Section, string LastModified)
{
    public string Describe() =>
        $"{Title}{(Version.Length > 0 ? ", " + Version : "")}, section “{Section}”, last modified {LastModified} (National Cancer Institute).";
}

/// <summary>
/// The core's reply to one question. When <see cref="Answered"/> is false, <see cref="Passages"/> and
/// <see cref="References"/> are empty and <see cref="Text"/> says honestly that the summary does not cover it.
/// </summary>
/// <param name="Text">What a person reads (plain text).</param>
/// <param name="Passages">The best passages, best first (at most the configured number); the first is the one quoted.</param>
/// <param name="References">Exactly the references the quoted passage cites.</param>
/// <param name="FollowUps">Further relevant passages, in rank order, for "tell me more".</param>
/// <param name="Alternatives">Set when the best candidates score too close to call: the passages to offer as "did you mean".</param>
/// <param name="MissingSection">A section the summary lists but the corpus lacks, when the question is about it.</param>
public sealed record Answer(
    string Question,
    bool Answered,
    double Confidence,
    string Text,
    IReadOnlyList<AnswerPassage> Passages,
    IReadOnlyList<CitedReference> References,
    SourceInfo? Source,
    IReadOnlyList<AnswerPassage> FollowUps,
    IReadOnlyList<AnswerPassage> Alternatives,
    string? MissingSection,
    IReadOnlyList<SpellingFix> Corrections)
{
    public AnswerPassage? Quoted => Passages.Count > 0 ? Passages[0] : null;
    public bool IsAmbiguous => Alternatives.Count > 1;

    /// <summary>The not-covered subject the question is about (its id, as in <c>corpus/not-covered.txt</c>); never with a quote.</summary>
    public string? Subject { get; init; }

    /// <summary>Questions the summary does answer, offered after a not-covered subject or no answer.</summary>
    public IReadOnlyList<string> Suggestions { get; init; } = [];
}
