using System.Collections.Concurrent;
using Microsoft.Extensions.Options;

namespace CmlBot.DirectLine.Store;

/// <summary>The single-instance store: everything in this process, lost on restart.</summary>
public sealed class InMemoryDirectLineStore(IOptions<DirectLineOptions> options, TimeProvider time) : IDirectLineStore
{
    private readonly ConcurrentDictionary<string, Conversation> _conversations = new(StringComparer.Ordinal);
    private readonly DirectLineOptions _options = options.Value;
    // Serializes creation so the cap cannot be overshot by concurrent starts.
    private readonly Lock _createLock = new();

    private TimeSpan IdleExpiry => TimeSpan.FromMinutes(Math.Max(1, _options.IdleExpiryMinutes));

    public Task<CreateConversationResult> CreateConversationAsync(string conversationId, CancellationToken cancellationToken)
    {
        var now = time.GetUtcNow();
        lock (_createLock)
        {
            if (TryGetLive(conversationId, now, out _)) return Task.FromResult(CreateConversationResult.AlreadyExists);
            if (_conversations.Count >= _options.MaxConversations)
            {
                RemoveIdle(now);
                if (_conversations.Count >= _options.MaxConversations) return Task.FromResult(CreateConversationResult.LimitReached);
            }
            _conversations[conversationId] = new Conversation(now);
            return Task.FromResult(CreateConversationResult.Created);
        }
    }

    public Task<bool> TouchConversationAsync(string conversationId, CancellationToken cancellationToken)
    {
        var now = time.GetUtcNow();
        if (!TryGetLive(conversationId, now, out var c)) return Task.FromResult(false);
        c.Touch(now);
        return Task.FromResult(true);
    }

    public Task<long?> AppendActivityAsync(string conversationId, Func<long, byte[]> render, CancellationToken cancellationToken)
    {
        var now = time.GetUtcNow();
        if (!TryGetLive(conversationId, now, out var c)) return Task.FromResult<long?>(null);
        c.Touch(now);
        return Task.FromResult<long?>(c.Append(render, Math.Max(1, _options.MaxActivitiesPerConversation)));
    }

    public Task<ActivityPage?> GetActivitiesAsync(string conversationId, long? watermark, int max, CancellationToken cancellationToken)
    {
        var now = time.GetUtcNow();
        if (!TryGetLive(conversationId, now, out var c)) return Task.FromResult<ActivityPage?>(null);
        c.Touch(now);
        return Task.FromResult<ActivityPage?>(c.After(watermark, Math.Max(1, max)));
    }

    public Task<int> RemoveIdleAsync(CancellationToken cancellationToken)
    {
        lock (_createLock) return Task.FromResult(RemoveIdle(time.GetUtcNow()));
    }

    private int RemoveIdle(DateTimeOffset now)
    {
        var removed = 0;
        foreach (var (id, c) in _conversations)
            if (c.IsIdle(now, IdleExpiry) && _conversations.TryRemove(id, out _)) removed++;
        return removed;
    }

    private bool TryGetLive(string conversationId, DateTimeOffset now, out Conversation conversation)
    {
        if (_conversations.TryGetValue(conversationId, out conversation!) && !conversation.IsIdle(now, IdleExpiry)) return true;
        if (conversation is not null) _conversations.TryRemove(conversationId, out _);
        return false;
    }

    private sealed class Conversation(DateTimeOffset created)
    {
        // Also the conversation's lock (it is never handed out): a Lock object more in each of the tens of thousands of
        // conversations kept for the idle expiry is memory for nothing.
        private readonly LinkedList<StoredActivity> _activities = new();
        private long _nextSequence;
        private long _lastUsedTicks = created.UtcTicks;

        public void Touch(DateTimeOffset now) => Interlocked.Exchange(ref _lastUsedTicks, now.UtcTicks);

        public bool IsIdle(DateTimeOffset now, TimeSpan expiry) => now.UtcTicks - Interlocked.Read(ref _lastUsedTicks) > expiry.Ticks;

        public long Append(Func<long, byte[]> render, int cap)
        {
            lock (_activities)
            {
                var sequence = _nextSequence++;
                _activities.AddLast(new StoredActivity(sequence, render(sequence)));
                while (_activities.Count > cap) _activities.RemoveFirst();
                return sequence;
            }
        }

        public ActivityPage After(long? watermark, int max)
        {
            lock (_activities)
            {
                // A client asking from watermark n has everything up to n: drop it, or a busy site keeps
                // every reply of every conversation for the whole idle expiry (gigabytes under load).
                while (watermark is not null && _activities.First is { } first && first.Value.Sequence <= watermark) _activities.RemoveFirst();
                var page = new List<StoredActivity>(Math.Min(max, _activities.Count));
                foreach (var a in _activities)
                {
                    if (page.Count == max) break;
                    if (watermark is null || a.Sequence > watermark) page.Add(a);
                }
                // No new activities: hand the client's watermark back so it keeps its place.
                var next = page.Count > 0 ? page[^1].Sequence : watermark;
                return new ActivityPage(page, next);
            }
        }
    }
}
