namespace CmlBot.Bot.Answers;

/// <summary>
/// Lets as many turns into their CPU-bound work (the safety screen, the core's answer) as there are cores; the rest
/// wait without holding a thread.
/// </summary>
/// <remarks>
/// That work is synchronous (the sentence model, the index): without the gate, under load every turn beyond the cores
/// would block a thread-pool thread inside the model's own limit, and the pool would add threads to keep serving
/// requests, costing switching and memory for no more answers. Waiting here is asynchronous, in arrival order.
/// </remarks>
public sealed class ComputeGate(int slots) : IDisposable
{
    private readonly SemaphoreSlim _slots = new(slots, slots);

    public ComputeGate() : this(Environment.ProcessorCount)
    {
    }

    /// <summary>Runs <paramref name="work"/> once a slot is free.</summary>
    public async Task<T> RunAsync<T>(Func<T> work, CancellationToken cancellationToken)
    {
        await _slots.WaitAsync(cancellationToken).ConfigureAwait(false);
        try
        {
            return work();
        }
        finally
        {
            _slots.Release();
        }
    }

    public void Dispose() => _slots.Dispose();
}
