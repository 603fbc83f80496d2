namespace CmlBot.Bot.Feedback;

/// <summary>
/// One "was this helpful?" vote. Deliberately no user or conversation identity: <paramref name="AnswerId"/> is a
/// random id the bot gave the answer, so that a vote delivered twice (a client's retry after an instance died
/// between recording the vote and saving the conversation; a turn re-run after a state conflict) counts once.
/// </summary>
/// <param name="Question">The question the answer was for; a store keeps it only when <see cref="FeedbackOptions.KeepQuestions"/> is on.</param>
public sealed record FeedbackEntry(string PassageId, bool Helpful, string? AnswerId = null, string? Question = null);

public sealed record PassageFeedback(string PassageId, int Helpful, int NotHelpful);

public sealed record FeedbackCounts(int Total, int Helpful, int NotHelpful, IReadOnlyList<PassageFeedback> ByPassage);

public interface IFeedbackStore
{
    /// <summary>Records the vote; false when a vote on the same answer (same <see cref="FeedbackEntry.AnswerId"/>) is already recorded.</summary>
    Task<bool> AddAsync(FeedbackEntry entry, CancellationToken cancellationToken);
    Task<FeedbackCounts> CountsAsync(CancellationToken cancellationToken);
}
