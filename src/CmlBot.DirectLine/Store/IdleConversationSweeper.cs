using CmlBot.Storage;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;

namespace CmlBot.DirectLine.Store;

/// <summary>Frees idle conversations once a minute, so memory does not wait for the next start to be reclaimed.</summary>
internal sealed class IdleConversationSweeper(IDirectLineStore store, TimeProvider time, ILogger<IdleConversationSweeper> logger) : BackgroundService
{
    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        using var timer = new PeriodicTimer(TimeSpan.FromMinutes(1), time);
        try
        {
            while (await timer.WaitForNextTickAsync(stoppingToken))
            {
                try
                {
                    var removed = await store.RemoveIdleAsync(stoppingToken);
                    if (removed > 0) logger.LogInformation("Direct Line: removed {Count} idle conversations", removed);
                }
                catch (StorageUnavailableException e)
                {
                    // A shared store that is down now is swept at the next tick; a crashed sweeper would stop the host.
                    logger.LogWarning("Direct Line: idle sweep skipped, storage unavailable: {Message}", e.Message);
                }
            }
        }
        catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
        {
            // Shutting down.
        }
    }
}
