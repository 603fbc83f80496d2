using System.Buffers;
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
    // Each activity waits in its conversation until the client's next poll acknowledges it: seconds for Web Chat,
    // long enough that a fresh array for it would be copied by one or two GCs on its way to dying in an older
    // generation. Kept in reused arrays instead (~10 KB an answer), a reply costs the GC nothing. Arrays up to
    // 32 KB (a reply is built to fit Teams' 28 KB) are pooled; at most 256 of a size are kept between uses.
    private readonly ArrayPool<byte> _buffers = ArrayPool<byte>.Create(maxArrayLength: 32 * 1024, maxArraysPerBucket: 256);

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
        return Task.FromResult<long?>(c.Append(render, Math.Max(1, _options.MaxActivitiesPerConversation), _buffers));
    }

    public Task<ActivityPage?> GetActivitiesAsync(string conversationId, long? watermark, int max, CancellationToken cancellationToken)
    {
        var now = time.GetUtcNow();
        if (!TryGetLive(conversationId, now, out var c)) return Task.FromResult<ActivityPage?>(null);
        c.Touch(now);
        return Task.FromResult<ActivityPage?>(c.After(watermark, Math.Max(1, max), _buffers));
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

    /// <summary>An activity as a conversation keeps it: its JSON in the first <paramref name="Length"/> bytes of a pooled array.</summary>
    private readonly record struct Kept(long Sequence, byte[] Buffer, int Length);

    private sealed class Conversation(DateTimeOffset created)
    {
        // Locked on itself (it is never handed out): every use of a kept buffer is under that lock, as a buffer goes back
        // to the pool when its activity is dropped and a page copies out what it sends. The list exists only while
        // activities wait: tens of thousands of conversations are kept for the idle expiry, nearly all with none waiting.
        private LinkedList<Kept>? _activities;
        private long _nextSequence;
        private long _lastUsedTicks = created.UtcTicks;

        public void Touch(DateTimeOffset now) => Interlocked.Exchange(ref _lastUsedTicks, now.UtcTicks);

        public bool IsIdle(DateTimeOffset now, TimeSpan expiry) => now.UtcTicks - Interlocked.Read(ref _lastUsedTicks) > expiry.Ticks;

        public long Append(Func<long, byte[]> render, int cap, ArrayPool<byte> buffers)
        {
            lock (this)
            {
                var sequence = _nextSequence++;
                var json = render(sequence);
                var buffer = buffers.Rent(json.Length);
                json.CopyTo(buffer, 0);
                (_activities ??= new()).AddLast(new Kept(sequence, buffer, json.Length));
                while (_activities.Count > cap) DropFirst(buffers);
                return sequence;
            }
        }

        public ActivityPage After(long? watermark, int max, ArrayPool<byte> buffers)
        {
            lock (this)
            {
                // A client asking from watermark n has everything up to n: drop it, or a busy site keeps
                // every reply of every conversation for the whole idle expiry (gigabytes under load).
                while (watermark is not null && _activities?.First is { } first && first.Value.Sequence <= watermark) DropFirst(buffers);
                if (_activities is null) return new ActivityPage([], watermark);
                var count = 0;
                var bytes = 0;
                foreach (var a in _activities)
                {
                    if (count == max) break;
                    count++;
                    bytes += a.Length;
                }
                // The page's own copy, in one array: the kept buffers may be reused as soon as the lock is released.
                var copy = new byte[bytes];
                var page = new List<StoredActivity>(count);
                var at = 0;
                foreach (var a in _activities)
                {
                    if (page.Count == count) break;
                    a.Buffer.AsSpan(0, a.Length).CopyTo(copy.AsSpan(at));
                    page.Add(new StoredActivity(a.Sequence, copy.AsMemory(at, a.Length)));
                    at += a.Length;
                }
                // No new activities: hand the client's watermark back so it keeps its place.
                var next = page.Count > 0 ? page[^1].Sequence : watermark;
                return new ActivityPage(page, next);
            }
        }

        private void DropFirst(ArrayPool<byte> buffers)
        {
            buffers.Return(_activities!.First!.Value.Buffer);
            _activities.RemoveFirst();
            if (_activities.Count == 0) _activities = null;
        }
    }
}
