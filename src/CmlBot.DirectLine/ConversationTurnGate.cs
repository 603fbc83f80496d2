namespace CmlBot.DirectLine;

/// <summary>
/// One turn at a time per conversation: the dialog layer loads and saves conversation state around a turn,
/// so two overlapping turns (a double click, two tabs) would overwrite each other's state.
/// </summary>
internal sealed class ConversationTurnGate
{
    private readonly Dictionary<string, Entry> _entries = new(StringComparer.Ordinal);
    private readonly Lock _lock = new();

    public async Task<IDisposable> EnterAsync(string conversationId, CancellationToken cancellationToken)
    {
        Entry entry;
        lock (_lock)
        {
            if (!_entries.TryGetValue(conversationId, out entry!)) _entries[conversationId] = entry = new Entry();
            entry.Users++;
        }
        try
        {
            await entry.Semaphore.WaitAsync(cancellationToken);
        }
        catch
        {
            Leave(conversationId, entry, entered: false);
            throw;
        }
        return new Turn(this, conversationId, entry);
    }

    private void Leave(string conversationId, Entry entry, bool entered)
    {
        if (entered) entry.Semaphore.Release();
        lock (_lock)
        {
            // Forget idle conversations so that the map only holds conversations with a turn under way.
            if (--entry.Users == 0) _entries.Remove(conversationId);
        }
    }

    private sealed class Entry
    {
        public SemaphoreSlim Semaphore { get; } = new(1, 1);

        public int Users { get; set; }
    }

    private sealed class Turn(ConversationTurnGate gate, string conversationId, Entry entry) : IDisposable
    {
        private int _disposed;

        public void Dispose()
        {
            if (Interlocked.Exchange(ref _disposed, 1) == 0) gate.Leave(conversationId, entry, entered: true);
        }
    }
}
