using System.Collections.Concurrent;

namespace CmlBot.Hosting;

/// <summary>
/// Clients kept by key for the life of the host (<see cref="ReusingBotFrameworkAuthentication"/>): each made once,
/// by the first caller that needs it, however many ask at once; one whose making failed is not kept, so the next
/// caller tries again. At most <c>capacity</c> are kept: beyond that a caller gets one of its own to dispose.
/// </summary>
public sealed class KeptClients<T>(int capacity) : IDisposable where T : class, IDisposable
{
    private readonly ConcurrentDictionary<string, Lazy<Task<T>>> _clients = new(StringComparer.Ordinal);

    public int Count => _clients.Count;

    /// <summary>The kept client for the key (<paramref name="isKept"/> true), or, when full, a new one the caller owns.</summary>
    public async Task<(T Client, bool IsKept)> GetAsync(string key, Func<CancellationToken, Task<T>> create, CancellationToken cancellationToken)
    {
        if (!_clients.TryGetValue(key, out var kept))
        {
            if (_clients.Count >= capacity) return (await create(cancellationToken).ConfigureAwait(false), false);
            // Made without the first caller's token: other callers wait for the same client.
            kept = _clients.GetOrAdd(key, _ => new Lazy<Task<T>>(() => create(CancellationToken.None)));
        }
        try
        {
            return (await kept.Value.WaitAsync(cancellationToken).ConfigureAwait(false), true);
        }
        catch (Exception e) when (e is not OperationCanceledException)
        {
            _clients.TryRemove(new KeyValuePair<string, Lazy<Task<T>>>(key, kept));
            throw;
        }
    }

    public void Dispose()
    {
        foreach (var kept in _clients.Values)
            if (kept.IsValueCreated && kept.Value.IsCompletedSuccessfully) kept.Value.Result.Dispose();
        _clients.Clear();
    }
}
