using CmlBot.Bot.Answers;
using CmlBot.Bot.Understanding.Safety;
using CmlBot.Composition;
using CmlBot.Core;

namespace CmlBot.Hosting;

/// <summary>
/// Builds the one <see cref="QuestionAnswerer"/> in the background, so /healthz can say "starting" (503) instead of
/// the port being closed; turns that arrive meanwhile wait for it.
/// </summary>
/// <remarks>
/// The build starts at <see cref="Start"/>, which the host calls as soon as its services exist: the corpus, the index
/// and the model then load on one core while the host reads the safety file and opens its port on the other, which
/// is most of a cold start. The host's start calls it too, so a host built some other way still loads.
/// </remarks>
public sealed class CoreLoader(IConfiguration configuration, IHostEnvironment environment, IServiceProvider services, ILogger<CoreLoader> logger)
    : IHostedService, ICoreProvider, IDisposable
{
    private readonly TaskCompletionSource<QuestionAnswerer> _core = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private readonly CancellationTokenSource _stopping = new();
    private readonly Lock _gate = new();
    private Task? _loading;
    private bool _disposed;

    public bool IsReady => _core.Task.IsCompletedSuccessfully;

    /// <summary>The build failed (a bad corpus file, say): the log says why; /healthz stays 503.</summary>
    public bool Failed => _core.Task.IsFaulted;

    public Task<QuestionAnswerer> GetAsync(CancellationToken cancellationToken) => _core.Task.WaitAsync(cancellationToken);

    /// <summary>Starts the build on the thread pool, once; later calls do nothing.</summary>
    public void Start()
    {
        lock (_gate) _loading ??= Task.Run(() => LoadAsync(_stopping.Token));
    }

    public Task StartAsync(CancellationToken cancellationToken)
    {
        Start();
        return Task.CompletedTask;
    }

    public async Task StopAsync(CancellationToken cancellationToken)
    {
        Task? loading;
        lock (_gate)
        {
            _stopping.Cancel();
            loading = _loading;
        }
        if (loading is not null) await loading.WaitAsync(cancellationToken);
    }

    private async Task LoadAsync(CancellationToken stoppingToken)
    {
        try
        {
            var core = await CoreFactory.CreateAsync(configuration, environment.ContentRootPath, logger, stoppingToken);
            Prepare(core, stoppingToken);
            lock (_gate)
            {
                // Stopped or disposed while it loaded (both cancel under this lock): no one would dispose a core handed out now.
                if (stoppingToken.IsCancellationRequested)
                {
                    core.Dispose();
                    stoppingToken.ThrowIfCancellationRequested();
                }
                _core.TrySetResult(core);
            }
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
        if (core.Retriever.Embedder is not null && services.GetService<SafetyScreen>() is { } screen)
        {
            try
            {
                screen.Prepare(core, cancellationToken);
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

    /// <summary>
    /// Ends a load still running and disposes the core. The container calls it once per registration (the loader
    /// is also the core provider and a hosted service), so it does its work once. The token source is not disposed:
    /// a load that has not yet seen the cancellation still reads its token.
    /// </summary>
    public void Dispose()
    {
        lock (_gate)
        {
            if (_disposed) return;
            _disposed = true;
            _stopping.Cancel();
            if (_core.Task.IsCompletedSuccessfully) _core.Task.Result.Dispose();
        }
    }
}
