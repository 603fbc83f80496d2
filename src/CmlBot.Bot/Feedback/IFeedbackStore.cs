namespace CmlBot.Bot.Feedback;

/// <summary>One "was this helpful?" vote. Deliberately no user or conversation identity.</summary>
public sealed record FeedbackEntry(string Question, string PassageId, bool Helpful);

public sealed record PassageFeedback(string PassageId, int Helpful, int NotHelpful);

public sealed record FeedbackCounts(int Total, int Helpful, int NotHelpful, IReadOnlyList<PassageFeedback> ByPassage);

public interface IFeedbackStore
{
    Task AddAsync(FeedbackEntry entry, CancellationToken cancellationToken);
    Task<FeedbackCounts> CountsAsync(CancellationToken cancellationToken);
}

/// <summary>The default store: in memory, gone when the process ends. Thread-safe.</summary>
public sealed class InMemoryFeedbackStore : IFeedbackStore
{
    private readonly Lock _gate = new();
    private readonly List<FeedbackEntry> _entries = [];

    public Task AddAsync(FeedbackEntry entry, CancellationToken cancellationToken)
    {
        lock (_gate) _entries.Add(entry);
        return Task.CompletedTask;
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
