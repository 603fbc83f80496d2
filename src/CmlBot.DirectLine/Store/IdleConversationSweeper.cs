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
                var removed = await store.RemoveIdleAsync(stoppingToken);
                if (removed > 0) logger.LogInformation("Direct Line: removed {Count} idle conversations", removed);
            }
        }
        catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
        {
            // Shutting down.
        }
    }
}
