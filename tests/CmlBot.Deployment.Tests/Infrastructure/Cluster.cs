using CmlBot.LoadTest;
using CmlBot.TestServers;

namespace CmlBot.Deployment.Tests.Infrastructure;

/// <summary>What to start: the storage kind (memory or redis), how many instances, and extra host settings.</summary>
public sealed record ClusterOptions
{
    public string Storage { get; init; } = "redis";
    public int Instances { get; init; } = 2;
    /// <summary>--Section:Key=value arguments for every instance, after the cluster's own.</summary>
    public IReadOnlyList<string> HostArguments { get; init; } = [];
}

/// <summary>
/// The deployment shape on loopback: Redis (for Storage:Kind=redis), N real host processes (<c>dotnet CmlBot.dll</c>,
/// started as the load test starts its host) with the same Direct Line secret and forwarded headers on, and nginx
/// in front with the repository's configuration. Everything it started is stopped on dispose, also after a failure.
/// </summary>
public sealed class Cluster : IAsyncDisposable
{
    private static readonly TimeSpan ReadyTimeout = TimeSpan.FromSeconds(120);

    private readonly List<HostProcess> _instances = [];
    private readonly string _directory = Directory.CreateTempSubdirectory("cmlbot-cluster-").FullName;
    private NginxProxy? _nginx;

    private Cluster(ClusterOptions options)
    {
        Options = options;
    }

    public ClusterOptions Options { get; }
    public RedisServer? Redis { get; private set; }
    public NginxProxy Nginx => _nginx ?? throw new InvalidOperationException("nginx has not started");
    public IReadOnlyList<HostProcess> Instances => _instances;
    /// <summary>This run's own key prefix in Redis.</summary>
    public string KeyPrefix { get; } = LoadTestStorage.NewKeyPrefix("deploytest");
    public Uri Address => Nginx.Address;

    public static async Task<Cluster> StartAsync(ClusterOptions options, CancellationToken cancellationToken)
    {
        var cluster = new Cluster(options);
        try
        {
            await cluster.StartPartsAsync(cancellationToken);
            return cluster;
        }
        catch
        {
            await cluster.DisposeAsync();
            throw;
        }
    }

    private async Task StartPartsAsync(CancellationToken cancellationToken)
    {
        if (Options.Storage == "redis") Redis = await RedisServer.StartAsync(cancellationToken);
        var environment = new Dictionary<string, string>(
            LoadTestStorage.HostEnvironment(Options.Storage, Redis?.Configuration, KeyPrefix, LoadTestStorage.NewSecret()), StringComparer.Ordinal);
        // Every instance must accept every other instance's Direct Line tokens, whatever the storage.
        environment.TryAdd("DirectLine__Secret", LoadTestStorage.NewSecret());
        string[] arguments =
        [
            // Lexical: hybrid would load the ONNX model in every instance, for nothing this test looks at.
            "--Retrieval:Mode=lexical",
            "--Hosting:ForwardedHeaders:Enabled=true",
            "--Logging:LogLevel:Default=Warning",
            .. Options.HostArguments,
        ];
        var hostDll = Path.Combine(AppContext.BaseDirectory, "CmlBot.dll");
        for (var i = 0; i < Options.Instances; i++) _instances.Add(HostProcess.Start(hostDll, RepoRoot.Path, arguments, environment));
        foreach (var instance in _instances)
        {
            using var http = new HttpClient { BaseAddress = instance.Address };
            await instance.WaitReadyAsync(http, ReadyTimeout, cancellationToken);
        }

        _nginx = NginxProxy.Start(_directory, _instances.Select(i => i.Address).ToList());
        using (var http = new HttpClient())
            await Nginx.WaitReadyAsync(http, ReadyTimeout, cancellationToken);
    }

    /// <summary>SIGKILL one instance: no graceful shutdown, its connections reset, whatever it was doing lost.</summary>
    public void Kill(int instance) => _instances[instance].Kill();

    /// <summary>Keys under this run's prefix: more than none proves the instances kept their state in Redis.</summary>
    public Task<long> RedisKeysAsync(CancellationToken cancellationToken) =>
        Redis?.CountKeysAsync(KeyPrefix, cancellationToken) ?? Task.FromResult(0L);

    /// <summary>The last lines each instance printed (they log at Warning and above), for a failure message.</summary>
    public string Diagnostics() =>
        string.Join(Environment.NewLine, _instances.Select((h, i) => $"--- instance {i} ({h.Address}){(h.HasExited ? ", exited" : "")}:{Environment.NewLine}{h.Tail()}"))
        + (_nginx is null ? "" : $"{Environment.NewLine}--- nginx:{Environment.NewLine}{_nginx.Diagnostics()}");

    public async ValueTask DisposeAsync()
    {
        // Each part in its own try, so that one failing to stop never leaves the others running.
        var errors = new List<Exception>();
        async Task Stop(Func<ValueTask> stop)
        {
            try { await stop(); }
            catch (Exception e) { errors.Add(e); }
        }
        if (_nginx is not null) await Stop(_nginx.DisposeAsync);
        foreach (var instance in _instances) await Stop(instance.DisposeAsync);
        if (Redis is not null) await Stop(Redis.DisposeAsync);
        try { Directory.Delete(_directory, recursive: true); }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException) { /* a leftover temp folder is harmless */ }
        if (errors.Count > 0) throw new AggregateException("stopping the cluster", errors);
    }
}
