namespace CmlBot.Bot.Feedback;

/// <summary>
/// The default store: in memory, gone when the process ends. Thread-safe. Keeps a vote's passage, vote and answer id;
/// its question only with <see cref="FeedbackOptions.KeepQuestions"/>, and then not beyond the configured expiry.
/// </summary>
public sealed class InMemoryFeedbackStore(FeedbackOptions options, TimeProvider time) : IFeedbackStore
{
    private readonly Lock _gate = new();
    private readonly List<(FeedbackEntry Entry, DateTimeOffset At)> _entries = [];
    private readonly HashSet<string> _answers = new(StringComparer.Ordinal);

    public InMemoryFeedbackStore()
        : this(new FeedbackOptions(), TimeProvider.System)
    {
    }

    public Task<bool> AddAsync(FeedbackEntry entry, CancellationToken cancellationToken)
    {
        var now = time.GetUtcNow();
        lock (_gate)
        {
            if (entry.AnswerId is { } id && !_answers.Add(id)) return Task.FromResult(false);
            _entries.Add((options.KeepQuestions ? entry : entry with { Question = null }, now));
            DropExpiredQuestions(now);
        }
        return Task.FromResult(true);
    }

    /// <summary>Every vote recorded, in order.</summary>
    public IReadOnlyList<FeedbackEntry> Entries
    {
        get
        {
            lock (_gate)
            {
                DropExpiredQuestions(time.GetUtcNow());
                return _entries.Select(e => e.Entry).ToList();
            }
        }
    }

    public Task<FeedbackCounts> CountsAsync(CancellationToken cancellationToken)
    {
        List<FeedbackEntry> snapshot;
        lock (_gate) snapshot = _entries.Select(e => e.Entry).ToList();
        var byPassage = snapshot
            .GroupBy(e => e.PassageId, StringComparer.Ordinal)
            .OrderBy(g => g.Key, StringComparer.Ordinal)
            .Select(g => new PassageFeedback(g.Key, g.Count(e => e.Helpful), g.Count(e => !e.Helpful)))
            .ToList();
        return Task.FromResult(new FeedbackCounts(snapshot.Count, snapshot.Count(e => e.Helpful), snapshot.Count(e => !e.Helpful), byPassage));
    }

    private void DropExpiredQuestions(DateTimeOffset now)
    {
        if (!options.KeepQuestions) return;
        var cutoff = now - options.QuestionExpiry;
        for (var i = 0; i < _entries.Count && _entries[i].At < cutoff; i++)
            if (_entries[i].Entry.Question is not null) _entries[i] = (_entries[i].Entry with { Question = null }, _entries[i].At);
    }
}
