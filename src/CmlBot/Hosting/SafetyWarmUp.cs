using CmlBot.Bot.Understanding.Safety;

namespace CmlBot.Hosting;

/// <summary>Once the core is built, has the safety screen embed its example messages with the core's model.</summary>
public sealed class SafetyWarmUp(IServiceProvider services, ILogger<SafetyWarmUp> logger) : BackgroundService
{
    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        try
        {
            // Resolved here, not injected: a missing corpus is the core's to report, and must not stop the host.
            await Task.Run(() => services.GetRequiredService<SafetyScreen>().PrepareAsync(stoppingToken), stoppingToken);
        }
        catch (OperationCanceledException)
        {
        }
        catch (Exception e)
        {
            // The first message works the vectors out instead; nothing is lost but time.
            logger.LogWarning("The safety screen could not prepare its examples now ({Error})", e.GetType().Name);
        }
    }
}
