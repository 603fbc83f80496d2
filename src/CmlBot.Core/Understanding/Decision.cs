namespace CmlBot.Core.Understanding;

public enum DecisionKind { Answer, DidYouMean, NotCovered, NoAnswer }

/// <summary>What to do with a question, and why (<see cref="Reason"/>, for <c>ask --explain</c>).</summary>
/// <param name="PassageId">The passage to quote (for an answer), else null.</param>
/// <param name="Choices">For "did you mean": the passages to offer, closest first.</param>
public sealed record Decision(DecisionKind Kind, string? PassageId, IReadOnlyList<string> Choices, NotCoveredSubject? Subject, string Reason);
