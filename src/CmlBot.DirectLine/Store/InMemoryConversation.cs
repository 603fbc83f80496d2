using System.Buffers;

namespace CmlBot.DirectLine.Store;

/// <summary>
/// One conversation of <see cref="InMemoryDirectLineStore"/>: its owner, when it expires, and the activities waiting
/// for the page. Locked on itself (it is never handed out): every use of a kept buffer is under that lock, as a buffer
/// goes back to the pool when its activity is dropped and a page copies out what it sends.
/// </summary>
internal sealed class InMemoryConversation(string client, DateTimeOffset created)
{
    // The list exists only while activities wait: tens of thousands of conversations are kept for the idle expiry,
    // nearly all with none waiting.
    private LinkedList<Kept>? _activities;
    private long _nextSequence;
    private long _bytes;
    private long _lastUsedTicks = created.UtcTicks;
    private volatile bool _engaged;

    /// <summary>The client address bucket the conversation is counted against.</summary>
    public string Client { get; } = client;

    /// <summary>Bytes of the activities waiting.</summary>
    public long Bytes => Interlocked.Read(ref _bytes);

    public void Touch(DateTimeOffset now) => Interlocked.Exchange(ref _lastUsedTicks, now.UtcTicks);

    /// <summary>Last use plus the idle expiry, or the shorter one while the user has not written.</summary>
    public long ExpiresAtTicks(TimeSpan idle, TimeSpan unengaged) => Interlocked.Read(ref _lastUsedTicks) + (_engaged ? idle : unengaged).Ticks;

    public bool IsExpired(DateTimeOffset now, TimeSpan idle, TimeSpan unengaged) => now.UtcTicks > ExpiresAtTicks(idle, unengaged);

    public long Append(Func<long, byte[]> render, bool fromUser, int cap, long byteCap, ArrayPool<byte> buffers)
    {
        lock (this)
        {
            if (fromUser) _engaged = true;
            var sequence = _nextSequence++;
            var json = render(sequence);
            var buffer = buffers.Rent(json.Length);
            json.CopyTo(buffer, 0);
            (_activities ??= new()).AddLast(new Kept(sequence, buffer, json.Length));
            Interlocked.Add(ref _bytes, json.Length);
            while (_activities.Count > 1 && (_activities.Count > cap || _bytes > byteCap)) DropFirst(buffers);
            return sequence;
        }
    }

    public ActivityPage After(long? watermark, int max, long byteCap, ArrayPool<byte> buffers)
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
                if (count == max || count > 0 && bytes + a.Length > byteCap) break;
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
        var first = _activities!.First!.Value;
        buffers.Return(first.Buffer);
        Interlocked.Add(ref _bytes, -first.Length);
        _activities.RemoveFirst();
        if (_activities.Count == 0) _activities = null;
    }

    /// <summary>An activity as a conversation keeps it: its JSON in the first <paramref name="Length"/> bytes of a pooled array.</summary>
    private readonly record struct Kept(long Sequence, byte[] Buffer, int Length);
}
