namespace CmlBot.Storage;

/// <summary>Whether the configured store can be used right now; <c>/healthz</c> reports it.</summary>
public interface IStorageHealth
{
    Task<bool> IsAvailableAsync(CancellationToken cancellationToken);
}

/// <summary>In-process storage: available as long as the process is.</summary>
public sealed class InProcessStorageHealth : IStorageHealth
{
    public Task<bool> IsAvailableAsync(CancellationToken cancellationToken) => Task.FromResult(true);
}
