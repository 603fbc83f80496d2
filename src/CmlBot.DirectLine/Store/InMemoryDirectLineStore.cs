using System.Buffers;
using System.Collections.Concurrent;
using Microsoft.Extensions.Options;

namespace CmlBot.DirectLine.Store;

/// <summary>The single-instance store: everything in this process, lost on restart.</summary>
public sealed class InMemoryDirectLineStore(IOptions<DirectLineOptions> options, TimeProvider time) : IDirectLineStore
{
    private readonly ConcurrentDictionary<string, InMemoryConversation> _conversations = new(StringComparer.Ordinal);
    private readonly DirectLineOptions _options = options.Value;
    // Open conversations per client; changed only under _lock, with _conversations, so the two always agree.
    private readonly Dictionary<string, int> _perClient = new(StringComparer.Ordinal);
    // Serializes creation and removal so that no cap can be overshot by concurrent starts.
    private readonly Lock _lock = new();
    // Each activity waits in its conversation until the client's next poll acknowledges it: seconds for Web Chat,
    // long enough that a fresh array for it would be copied by one or two GCs on its way to dying in an older
    // generation. Kept in reused arrays instead (~10 KB an answer), a reply costs the GC nothing. Arrays up to
    // 32 KB (a reply is built to fit Teams' 28 KB) are pooled; at most 256 of a size are kept between uses.
    private readonly ArrayPool<byte> _buffers = ArrayPool<byte>.Create(maxArrayLength: 32 * 1024, maxArraysPerBucket: 256);

    private TimeSpan IdleExpiry => TimeSpan.FromMinutes(Math.Max(1, _options.IdleExpiryMinutes));

    private TimeSpan UnengagedExpiry => TimeSpan.FromMinutes(Math.Clamp(_options.UnengagedExpiryMinutes, 1, Math.Max(1, _options.IdleExpiryMinutes)));

    /// <summary>Bytes of activities waiting in all conversations: what the queues hold of this process's memory.</summary>
    public long QueuedBytes => _conversations.Values.Sum(c => c.Bytes);

    /// <summary>Open conversations.</summary>
    public int Count => _conversations.Count;

    public Task<CreateConversationResult> CreateConversationAsync(string conversationId, string client, CancellationToken cancellationToken)
    {
        var now = time.GetUtcNow();
        lock (_lock)
        {
            if (TryGetLive(conversationId, now, out _)) return Task.FromResult(CreateConversationResult.AlreadyExists);
            var perClient = Math.Max(1, _options.MaxConversationsPerClient);
            if (_perClient.GetValueOrDefault(client) >= perClient)
            {
                RemoveExpired(now);
                while (_perClient.GetValueOrDefault(client) >= perClient && NearestExpiry(c => c.Client == client) is { } own) Remove(own);
            }
            if (_conversations.Count >= Math.Max(1, _options.MaxConversations))
            {
                RemoveExpired(now);
                while (_conversations.Count >= Math.Max(1, _options.MaxConversations) && NearestExpiry(_ => true) is { } any) Remove(any);
            }
            _conversations[conversationId] = new InMemoryConversation(client, now);
            _perClient[client] = _perClient.GetValueOrDefault(client) + 1;
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

    public Task<long?> AppendActivityAsync(string conversationId, Func<long, byte[]> render, bool fromUser, CancellationToken cancellationToken)
    {
        var now = time.GetUtcNow();
        if (!TryGetLive(conversationId, now, out var c)) return Task.FromResult<long?>(null);
        c.Touch(now);
        return Task.FromResult<long?>(c.Append(render, fromUser, Math.Max(1, _options.MaxActivitiesPerConversation),
            Math.Max(1, _options.MaxBytesPerConversation), _buffers));
    }

    public Task<ActivityPage?> GetActivitiesAsync(string conversationId, long? watermark, int max, CancellationToken cancellationToken)
    {
        var now = time.GetUtcNow();
        if (!TryGetLive(conversationId, now, out var c)) return Task.FromResult<ActivityPage?>(null);
        c.Touch(now);
        return Task.FromResult<ActivityPage?>(c.After(watermark, Math.Max(1, max), Math.Max(1, _options.MaxBytesPerGet), _buffers));
    }

    public Task<int> RemoveIdleAsync(CancellationToken cancellationToken)
    {
        lock (_lock) return Task.FromResult(RemoveExpired(time.GetUtcNow()));
    }

    private int RemoveExpired(DateTimeOffset now)
    {
        var removed = 0;
        foreach (var pair in _conversations)
            if (pair.Value.IsExpired(now, IdleExpiry, UnengagedExpiry) && Remove(pair)) removed++;
        return removed;
    }

    /// <summary>The conversation nearest its expiry among those that <paramref name="match"/>: the longest idle, the user's silent ones first.</summary>
    private KeyValuePair<string, InMemoryConversation>? NearestExpiry(Func<InMemoryConversation, bool> match)
    {
        KeyValuePair<string, InMemoryConversation>? nearest = null;
        var nearestTicks = long.MaxValue;
        foreach (var pair in _conversations)
        {
            if (!match(pair.Value)) continue;
            var ticks = pair.Value.ExpiresAtTicks(IdleExpiry, UnengagedExpiry);
            if (ticks < nearestTicks) (nearest, nearestTicks) = (pair, ticks);
        }
        return nearest;
    }

    private bool TryGetLive(string conversationId, DateTimeOffset now, out InMemoryConversation conversation)
    {
        if (!_conversations.TryGetValue(conversationId, out conversation!)) return false;
        if (!conversation.IsExpired(now, IdleExpiry, UnengagedExpiry)) return true;
        lock (_lock) Remove(new(conversationId, conversation));
        return false;
    }

    /// <summary>Removes exactly this conversation (not a newer one under the same id); the caller holds _lock.</summary>
    private bool Remove(KeyValuePair<string, InMemoryConversation> pair)
    {
        if (!_conversations.TryRemove(pair)) return false;
        var left = _perClient.GetValueOrDefault(pair.Value.Client) - 1;
        if (left > 0) _perClient[pair.Value.Client] = left;
        else _perClient.Remove(pair.Value.Client);
        return true;
    }
}
