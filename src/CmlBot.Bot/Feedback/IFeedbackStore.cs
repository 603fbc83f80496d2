namespace CmlBot.Bot.Feedback;

/// <summary>
/// One "was this helpful?" vote. Deliberately no user or conversation identity: <paramref name="AnswerId"/> is a
/// random id the bot gave the answer, so that a vote delivered twice (a client's retry after an instance died
/// between recording the vote and saving the conversation; a turn re-run after a state conflict) counts once.
/// </summary>
public sealed record FeedbackEntry(string Question, string PassageId, bool Helpful, string? AnswerId = null);

public sealed record PassageFeedback(string PassageId, int Helpful, int NotHelpful);

public sealed record FeedbackCounts(int Total, int Helpful, int NotHelpful, IReadOnlyList<PassageFeedback> ByPassage);

public interface IFeedbackStore
{
    /// <summary>Records the vote; false when a vote on the same answer (same <see cref="FeedbackEntry.AnswerId"/>) is already recorded.</summary>
    Task<bool> AddAsync(FeedbackEntry entry, CancellationToken cancellationToken);
    Task<FeedbackCounts> CountsAsync(CancellationToken cancellationToken);
}

/// <summary>The default store: in memory, gone when the process ends. Thread-safe.</summary>
public sealed class InMemoryFeedbackStore : IFeedbackStore
{
    private readonly Lock _gate = new();
    private readonly List<FeedbackEntry> _entries = [];
    private readonly HashSet<string> _answers = new(StringComparer.Ordinal);

    public Task<bool> AddAsync(FeedbackEntry entry, CancellationToken cancellationToken)
    {
        lock (_gate)
        {
            if (entry.AnswerId is { } id && !_answers.Add(id)) return Task.FromResult(false);
            _entries.Add(entry);
        }
        return Task.FromResult(true);
    }

    /// <summary>Every vote recorded, in order.</summary>
    public IReadOnlyList<FeedbackEntry> Entries
    {
        get
        {
            lock (_gate) return [.. _entries];
        }
    }

    public Task<FeedbackCounts> CountsAsync(CancellationToken cancellationToken)
    {
        List<FeedbackEntry> snapshot;
        lock (_gate) snapshot = [.. _entries];
        var byPassage = snapshot
            .GroupBy(e => e.PassageId, StringComparer.Ordinal)
            .OrderBy(g => g.Key, StringComparer.Ordinal)
            .Select(g => new PassageFeedback(g.Key, g.Count(e => e.Helpful), g.Count(e => !e.Helpful)))
            .ToList();
        return Task.FromResult(new FeedbackCounts(snapshot.Count, snapshot.Count(e => e.Helpful), snapshot.Count(e => !e.Helpful), byPassage));
    }
}
