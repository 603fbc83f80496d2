using CmlBot.Bot.Answers;
using CmlBot.Composition;
using CmlBot.Core;

namespace CmlBot.Hosting;

/// <summary>
/// Builds the one <see cref="QuestionAnswerer"/> after the server has started, so /healthz can say
/// "starting" (503) instead of the port being closed; turns that arrive meanwhile wait for it.
/// </summary>
public sealed class CoreLoader(IConfiguration configuration, IHostEnvironment environment, ILogger<CoreLoader> logger) : BackgroundService, ICoreProvider
{
    private readonly TaskCompletionSource<QuestionAnswerer> _core = new(TaskCreationOptions.RunContinuationsAsynchronously);

    public bool IsReady => _core.Task.IsCompletedSuccessfully;

    /// <summary>The build failed (a bad corpus file, say): the log says why; /healthz stays 503.</summary>
    public bool Failed => _core.Task.IsFaulted;

    public Task<QuestionAnswerer> GetAsync(CancellationToken cancellationToken) => _core.Task.WaitAsync(cancellationToken);

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        try
        {
            // Off the startup path: building the index is CPU work that must not hold up Kestrel.
            var core = await Task.Run(() => CoreFactory.CreateAsync(configuration, environment.ContentRootPath, logger, stoppingToken), stoppingToken);
            _core.TrySetResult(core);
            logger.LogInformation("Index built: {Passages} passages; ready", core.Passages.Count);
        }
        catch (OperationCanceledException)
        {
            _core.TrySetCanceled(stoppingToken);
        }
        catch (Exception e)
        {
            logger.LogError(e, "Could not build the index");
            _core.TrySetException(e);
        }
    }

    public override void Dispose()
    {
        if (_core.Task.IsCompletedSuccessfully) _core.Task.Result.Dispose();
        base.Dispose();
    }
}
