using CmlBot.Bot.Answers;
using CmlBot.Bot.Understanding.Safety;
using CmlBot.Composition;
using CmlBot.Core;

namespace CmlBot.Hosting;

/// <summary>
/// Builds the one <see cref="QuestionAnswerer"/> after the server has started, so /healthz can say
/// "starting" (503) instead of the port being closed; turns that arrive meanwhile wait for it.
/// </summary>
public sealed class CoreLoader(IConfiguration configuration, IHostEnvironment environment, IServiceProvider services, ILogger<CoreLoader> logger)
    : BackgroundService, ICoreProvider
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
            await Task.Run(() => Prepare(core, stoppingToken), stoppingToken);
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

    /// <summary>What the first turns would otherwise pay for: the safety screen's example vectors, and the start-up garbage.</summary>
    private void Prepare(QuestionAnswerer core, CancellationToken cancellationToken)
    {
        if (core.Retriever.Embedder is { } model && services.GetService<SafetyScreen>() is { } screen)
        {
            try
            {
                screen.Prepare(model, cancellationToken);
            }
            catch (Exception e) when (e is not OperationCanceledException)
            {
                // The first message works the vectors out instead; nothing is lost but time.
                logger.LogWarning("The safety screen could not prepare its examples now ({Error})", e.GetType().Name);
            }
        }
        // The model file read whole and the index build's batches are garbage now; without a compacting collection
        // the heap keeps their pages committed, and resident, for the life of the process.
        GC.Collect(GC.MaxGeneration, GCCollectionMode.Aggressive, blocking: true, compacting: true);
    }

    public override void Dispose()
    {
        if (_core.Task.IsCompletedSuccessfully) _core.Task.Result.Dispose();
        base.Dispose();
    }
}
