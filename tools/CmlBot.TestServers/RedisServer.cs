using System.Diagnostics;
using System.Globalization;
using System.Text;
using StackExchange.Redis;

namespace CmlBot.TestServers;

/// <summary>
/// The Redis a test or a load test keeps its state in: a throwaway <c>redis-server</c> of its own on a free loopback
/// port (no persistence, a temporary folder, gone when disposed; it can be stopped and started again on the same port),
/// or an existing server. Spoken to with StackExchange.Redis, as the host speaks to it. A missing redis-server is a
/// failure whose message says how to install it, never a skip.
/// </summary>
public sealed class RedisServer : IAsyncDisposable
{
    private static readonly TimeSpan StartTimeout = TimeSpan.FromSeconds(20);

    private readonly string? _executable;
    private readonly string? _directory;
    private readonly StringBuilder _log = new();
    private Process? _process;

    private RedisServer(string configuration, int port, string? executable, string? directory)
    {
        Configuration = configuration;
        Port = port;
        _executable = executable;
        _directory = directory;
    }

    /// <summary>host:port, as Storage:Redis:Configuration takes it.</summary>
    public string Configuration { get; }

    public int Port { get; }

    /// <summary>True when this object started the server (and stops it when disposed).</summary>
    public bool OwnsServer => _executable is not null;

    /// <summary><c>redis-server</c> on a free loopback port; returns once it answers PING.</summary>
    public static async Task<RedisServer> StartAsync(CancellationToken cancellationToken = default)
    {
        var executable = Executables.Require("redis-server", "redis-server", "the Redis storage, host and load tests");
        var port = LoopbackPort.Free();
        var directory = Directory.CreateTempSubdirectory("cmlbot-redis-").FullName;
        var server = new RedisServer($"127.0.0.1:{port}", port, executable, directory);
        await server.RestartAsync(cancellationToken);
        return server;
    }

    /// <summary>An existing server (a load test's <c>--redis HOST:PORT</c>); checked with PING.</summary>
    public static async Task<RedisServer> ConnectAsync(string configuration, CancellationToken cancellationToken = default)
    {
        var port = int.Parse(configuration.Split(',')[0].Split(':').ElementAtOrDefault(1) ?? "6379", CultureInfo.InvariantCulture);
        var server = new RedisServer(configuration, port, null, null);
        if (await server.PingAsync(cancellationToken) is { } failure)
            throw new InvalidOperationException($"Redis at {configuration} does not answer PING: {failure}");
        return server;
    }

    /// <summary>Starts the server (again) on the same port; returns once it answers PING.</summary>
    public async Task RestartAsync(CancellationToken cancellationToken = default)
    {
        if (_executable is null || _process is { HasExited: false }) return;
        var start = new ProcessStartInfo(_executable)
        {
            WorkingDirectory = _directory,
            UseShellExecute = false,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
        };
        foreach (var a in new[] { "--port", Port.ToString(CultureInfo.InvariantCulture), "--bind", "127.0.0.1", "--save", "", "--appendonly", "no",
                     "--daemonize", "no", "--loglevel", "warning", "--dir", _directory! })
            start.ArgumentList.Add(a);
        _process = Process.Start(start) ?? throw new InvalidOperationException($"could not start {_executable}");
        _process.OutputDataReceived += (_, e) => Keep(e.Data);
        _process.ErrorDataReceived += (_, e) => Keep(e.Data);
        _process.BeginOutputReadLine();
        _process.BeginErrorReadLine();

        var clock = Stopwatch.StartNew();
        while (true)
        {
            var failure = await PingAsync(cancellationToken);
            if (failure is null) return;
            if (_process.HasExited || clock.Elapsed > StartTimeout)
                throw new InvalidOperationException($"redis-server on port {Port} did not start ({failure}):{Environment.NewLine}{Log()}");
            await Task.Delay(20, cancellationToken);
        }
    }

    /// <summary>Kills the server (as a crash would) and waits until it is gone.</summary>
    public async Task StopAsync()
    {
        if (_process is null) return;
        if (!_process.HasExited)
        {
            _process.Kill(entireProcessTree: true);
            await _process.WaitForExitAsync();
        }
        _process.Dispose();
        _process = null;
    }

    /// <summary>Null when the server answered PING, else what went wrong.</summary>
    public async Task<string?> PingAsync(CancellationToken cancellationToken = default)
    {
        try
        {
            await using var connection = await ConnectionMultiplexer.ConnectAsync(Options(connectTimeoutMs: 1000));
            await connection.GetDatabase().PingAsync().WaitAsync(cancellationToken);
            return null;
        }
        catch (Exception e) when (e is RedisException or TimeoutException)
        {
            return e.Message;
        }
    }

    /// <summary>One command on a fresh connection (a few calls per test or run, so no pooling); admin commands allowed.</summary>
    public async Task<RedisResult> ExecuteAsync(string command, params object[] arguments)
    {
        var connection = await ConnectionMultiplexer.ConnectAsync(Options(connectTimeoutMs: 10_000));
        try
        {
            return await connection.GetDatabase().ExecuteAsync(command, arguments);
        }
        finally
        {
            // Not a polite close: after CLIENT PAUSE its QUIT would wait out the pause.
            await connection.CloseAsync(allowCommandsToComplete: false);
            connection.Dispose();
        }
    }

    /// <summary>How many keys start with <paramref name="prefix"/> (SCAN, so a busy server is not blocked).</summary>
    public async Task<long> CountKeysAsync(string prefix, CancellationToken cancellationToken = default)
    {
        await using var connection = await ConnectionMultiplexer.ConnectAsync(Options(connectTimeoutMs: 10_000));
        long count = 0;
        var server = connection.GetServer(connection.GetEndPoints()[0]);
        await foreach (var _ in server.KeysAsync(pattern: prefix + "*", pageSize: 1000).WithCancellation(cancellationToken)) count++;
        return count;
    }

    public async ValueTask DisposeAsync()
    {
        await StopAsync();
        if (_directory is null) return;
        try
        {
            Directory.Delete(_directory, recursive: true);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            // A leftover temporary folder is harmless.
        }
    }

    private ConfigurationOptions Options(int connectTimeoutMs)
    {
        var options = ConfigurationOptions.Parse(Configuration);
        options.AbortOnConnectFail = true;
        options.AllowAdmin = true;
        options.ConnectRetry = 0;
        options.ConnectTimeout = connectTimeoutMs;
        options.SyncTimeout = connectTimeoutMs;
        options.AsyncTimeout = connectTimeoutMs;
        return options;
    }

    private void Keep(string? line)
    {
        if (line is null) return;
        lock (_log) _log.AppendLine(line);
    }

    private string Log()
    {
        lock (_log) return _log.ToString();
    }
}
