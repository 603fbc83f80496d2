using System.Net;
using System.Net.Sockets;
using StackExchange.Redis;

namespace CmlBot.Storage.Redis;

/// <summary>
/// The one connection every Redis store shares, and the rules they share: key names under the prefix, and
/// faults turned into <see cref="StorageUnavailableException"/>. Connected (and checked) once at start; after
/// that StackExchange.Redis reconnects by itself, and while it is disconnected commands fail at once
/// (<see cref="BacklogPolicy.FailFast"/>) rather than queue: a turn must fail fast, not wait for Redis.
/// </summary>
public sealed class RedisConnection : IDisposable
{
    private readonly ConnectionMultiplexer _multiplexer;

    private RedisConnection(ConnectionMultiplexer multiplexer, RedisStorageOptions options, string endpoint)
    {
        _multiplexer = multiplexer;
        Options = options;
        Endpoint = endpoint;
    }

    public RedisStorageOptions Options { get; }

    /// <summary>host:port of the server(s), for messages; never the password.</summary>
    public string Endpoint { get; }

    public bool IsConnected => _multiplexer.IsConnected;

    /// <summary>Connects, or throws <see cref="StorageStartupException"/> with one line naming the endpoint.</summary>
    public static RedisConnection Connect(RedisStorageOptions options)
    {
        ConfigurationOptions configuration;
        try
        {
            configuration = ConfigurationOptions.Parse(options.Configuration);
        }
        catch (ArgumentException e)
        {
            throw new StorageStartupException($"Storage: Storage:Redis:Configuration cannot be read ({e.Message})", e);
        }
        configuration.AbortOnConnectFail = false;
        // Three tries at start-up: a busy machine (instances starting together) can miss one handshake window, and
        // one miss should not stop an instance. A Redis that is not listening still fails within moments.
        configuration.ConnectRetry = 3;
        configuration.ConnectTimeout = Math.Max(100, options.ConnectTimeoutMs);
        configuration.SyncTimeout = configuration.AsyncTimeout = Math.Max(100, options.OperationTimeoutMs);
        configuration.BacklogPolicy = BacklogPolicy.FailFast;
        // Try again every half second while Redis is away, so service resumes soon after it returns.
        configuration.ReconnectRetryPolicy = new LinearRetry(500);
        configuration.ClientName = "cmlbot";
        var endpoint = configuration.EndPoints.Count == 0 ? "(no endpoint)" : string.Join(",", configuration.EndPoints.Select(Describe));

        var multiplexer = ConnectionMultiplexer.Connect(configuration);
        if (multiplexer.IsConnected) return new RedisConnection(multiplexer, options, endpoint);
        var reason = WhyNotConnected(multiplexer);
        multiplexer.Dispose();
        throw new StorageStartupException($"Storage: cannot reach Redis at {endpoint} ({reason})");
    }

    public IDatabase Database => _multiplexer.GetDatabase();

    /// <summary><c>{KeyPrefix}:{area}:{name}</c>. Names are ids the code makes (conversation ids, state keys), never user text.</summary>
    public RedisKey Key(string area, string name) => $"{Options.KeyPrefix}:{area}:{name}";

    public RedisKey Key(string area) => $"{Options.KeyPrefix}:{area}";

    /// <summary>Runs one operation; connection loss and timeouts become <see cref="StorageUnavailableException"/>.</summary>
    public async Task<T> RunAsync<T>(Func<IDatabase, Task<T>> operation, CancellationToken cancellationToken)
    {
        cancellationToken.ThrowIfCancellationRequested();
        try
        {
            // StackExchange.Redis takes no token: the command still completes or times out on its own.
            return await operation(Database).WaitAsync(cancellationToken);
        }
        catch (RedisConnectionException e)
        {
            throw new StorageUnavailableException($"Redis at {Endpoint} is unavailable ({e.FailureType})", e);
        }
        catch (RedisTimeoutException e)
        {
            throw new StorageUnavailableException($"Redis at {Endpoint} did not answer within {Options.OperationTimeoutMs} ms", e);
        }
    }

    public Task RunAsync(Func<IDatabase, Task> operation, CancellationToken cancellationToken) =>
        RunAsync(async db =>
        {
            await operation(db);
            return true;
        }, cancellationToken);

    public void Dispose() => _multiplexer.Dispose();

    private static string WhyNotConnected(ConnectionMultiplexer multiplexer)
    {
        try
        {
            multiplexer.GetDatabase().Ping();
            return "not connected";
        }
        catch (RedisConnectionException e)
        {
            // The socket's own words ("Connection refused") say most; the failure type says the rest.
            var socket = FindInner<SocketException>(e);
            return socket is null ? e.FailureType.ToString() : $"{e.FailureType}: {socket.Message}";
        }
        catch (RedisTimeoutException)
        {
            return "timed out";
        }
    }

    private static T? FindInner<T>(Exception? e) where T : Exception
    {
        for (; e is not null; e = e.InnerException)
            if (e is T found) return found;
        return null;
    }

    private static string Describe(EndPoint endpoint) => endpoint switch
    {
        DnsEndPoint dns => $"{dns.Host}:{dns.Port}",
        IPEndPoint ip => ip.ToString(),
        _ => endpoint.ToString() ?? "?",
    };
}
