using System.Diagnostics;
using System.Globalization;
using System.Net.Sockets;
using System.Text;

namespace CmlBot.Cli;

/// <summary>
/// The Redis a load test (or a deployment test) stores its state in: an existing server (<c>--redis HOST:PORT</c>) or a
/// private <c>redis-server</c> on a free loopback port, without persistence, gone when disposed. Speaks just enough of
/// the Redis protocol (RESP) to see that the server answers and to count the keys a run left, so that "the hosts
/// really used Redis" is a checked fact and not an assumption.
/// </summary>
public sealed class LoadTestRedis : IAsyncDisposable
{
    private static readonly TimeSpan ReadyTimeout = TimeSpan.FromSeconds(20);

    private readonly Process? _server;
    private readonly string? _directory;

    private LoadTestRedis(string endpoint, Process? server, string? directory)
    {
        Endpoint = endpoint;
        _server = server;
        _directory = directory;
    }

    /// <summary>host:port, as Storage:Redis:Configuration takes it.</summary>
    public string Endpoint { get; }

    public bool OwnsServer => _server is not null;

    /// <summary>An existing server; checked with PING.</summary>
    public static async Task<LoadTestRedis> ConnectAsync(string endpoint, CancellationToken cancellationToken)
    {
        var redis = new LoadTestRedis(endpoint, null, null);
        var failure = await redis.PingAsync(cancellationToken);
        if (failure is not null)
            throw new InvalidOperationException($"Redis at {endpoint} does not answer PING: {failure}");
        return redis;
    }

    /// <summary>
    /// <c>redis-server --port P --bind 127.0.0.1 --save '' --appendonly no</c> in a temporary folder; returns once it
    /// answers PING. Throws with install advice when redis-server is not installed.
    /// </summary>
    public static async Task<LoadTestRedis> StartServerAsync(CancellationToken cancellationToken)
    {
        var executable = Executables.Find("redis-server")
            ?? throw new InvalidOperationException("redis-server is not installed (Debian/Ubuntu: sudo apt-get install -y redis-server)");
        var port = LoadTestHost.FreeLoopbackPort();
        var directory = Directory.CreateTempSubdirectory("cmlbot-redis-").FullName;
        var start = new ProcessStartInfo(executable)
        {
            WorkingDirectory = directory,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        foreach (var a in new[] { "--port", port.ToString(CultureInfo.InvariantCulture), "--bind", "127.0.0.1", "--save", "", "--appendonly", "no", "--dir", directory })
            start.ArgumentList.Add(a);
        var process = Process.Start(start) ?? throw new InvalidOperationException("could not start redis-server");
        var output = new StringBuilder();
        void Keep(string? line)
        {
            if (line is null) return;
            lock (output) output.AppendLine(line);
        }
        process.OutputDataReceived += (_, e) => Keep(e.Data);
        process.ErrorDataReceived += (_, e) => Keep(e.Data);
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();

        var redis = new LoadTestRedis($"127.0.0.1:{port}", process, directory);
        var clock = Stopwatch.StartNew();
        while (true)
        {
            var failure = await redis.PingAsync(cancellationToken);
            if (failure is null) return redis;
            if (process.HasExited || clock.Elapsed > ReadyTimeout)
            {
                await redis.DisposeAsync();
                string log;
                lock (output) log = output.ToString();
                throw new InvalidOperationException($"redis-server on port {port} did not start ({failure}):{Environment.NewLine}{log}");
            }
            await Task.Delay(20, cancellationToken);
        }
    }

    /// <summary>Null when the server answered PONG, else what went wrong.</summary>
    public async Task<string?> PingAsync(CancellationToken cancellationToken)
    {
        try
        {
            return await CommandAsync(["PING"], cancellationToken) is "PONG" ? null : "no PONG";
        }
        catch (Exception e) when (e is SocketException or IOException or InvalidDataException)
        {
            return e.Message;
        }
    }

    /// <summary>How many keys start with <paramref name="prefix"/> (SCAN, so a busy server is not blocked).</summary>
    public async Task<long> CountKeysAsync(string prefix, CancellationToken cancellationToken)
    {
        long count = 0;
        var cursor = "0";
        do
        {
            var reply = await CommandAsync(["SCAN", cursor, "MATCH", prefix + "*", "COUNT", "1000"], cancellationToken) as object?[]
                ?? throw new InvalidDataException("SCAN did not answer an array");
            cursor = (string)reply[0]!;
            count += ((object?[])reply[1]!).Length;
        }
        while (cursor != "0");
        return count;
    }

    /// <summary>One command on a fresh connection: a few calls per run, so no pooling.</summary>
    public async Task<object?> CommandAsync(IReadOnlyList<string> command, CancellationToken cancellationToken)
    {
        var (host, port) = HostAndPort(Endpoint);
        using var client = new TcpClient { NoDelay = true };
        await client.ConnectAsync(host, port, cancellationToken);
        await using var stream = client.GetStream();
        var request = new StringBuilder().Append('*').Append(command.Count).Append("\r\n");
        foreach (var part in command) request.Append('$').Append(Encoding.UTF8.GetByteCount(part)).Append("\r\n").Append(part).Append("\r\n");
        await stream.WriteAsync(Encoding.UTF8.GetBytes(request.ToString()), cancellationToken);
        using var reader = new StreamReader(stream, Encoding.UTF8);
        return await ReadAsync(reader, cancellationToken);
    }

    private static async Task<object?> ReadAsync(StreamReader reader, CancellationToken cancellationToken)
    {
        var line = await reader.ReadLineAsync(cancellationToken) ?? throw new InvalidDataException("Redis closed the connection");
        if (line.Length == 0) throw new InvalidDataException("empty reply from Redis");
        var rest = line[1..];
        switch (line[0])
        {
            case '+': return rest;
            case '-': throw new InvalidDataException($"Redis: {rest}");
            case ':': return long.Parse(rest, CultureInfo.InvariantCulture);
            case '$':
            {
                var length = int.Parse(rest, CultureInfo.InvariantCulture);
                if (length < 0) return null;
                // Keys and cursors are ASCII here, so characters and bytes agree.
                var buffer = new char[length + 2];
                var read = 0;
                while (read < buffer.Length)
                {
                    var n = await reader.ReadAsync(buffer.AsMemory(read), cancellationToken);
                    if (n == 0) throw new InvalidDataException("Redis closed the connection");
                    read += n;
                }
                return new string(buffer, 0, length);
            }
            case '*':
            {
                var count = int.Parse(rest, CultureInfo.InvariantCulture);
                if (count < 0) return null;
                var items = new object?[count];
                for (var i = 0; i < count; i++) items[i] = await ReadAsync(reader, cancellationToken);
                return items;
            }
            default: throw new InvalidDataException($"unexpected reply from Redis: {line}");
        }
    }

    /// <summary>"host:port" (or a StackExchange.Redis configuration string whose first part is that).</summary>
    public static (string Host, int Port) HostAndPort(string endpoint)
    {
        var first = endpoint.Split(',')[0].Trim();
        var colon = first.LastIndexOf(':');
        return colon < 0 ? (first, 6379) : (first[..colon], int.Parse(first[(colon + 1)..], CultureInfo.InvariantCulture));
    }

    public async ValueTask DisposeAsync()
    {
        if (_server is not null)
        {
            if (!_server.HasExited)
            {
                _server.Kill();
                await _server.WaitForExitAsync();
            }
            _server.Dispose();
        }
        if (_directory is not null)
        {
            try { Directory.Delete(_directory, recursive: true); }
            catch (Exception e) when (e is IOException or UnauthorizedAccessException)
            {
                // A leftover temporary folder is harmless.
            }
        }
    }
}

/// <summary>Finds a program on PATH, or in /usr/sbin and /usr/bin (Debian puts nginx in /usr/sbin, often off a user's PATH).</summary>
public static class Executables
{
    public static string? Find(string name)
    {
        var path = Environment.GetEnvironmentVariable("PATH") ?? "";
        foreach (var dir in path.Split(Path.PathSeparator, StringSplitOptions.RemoveEmptyEntries).Concat(["/usr/sbin", "/usr/bin", "/usr/local/sbin", "/usr/local/bin"]))
        {
            var candidate = Path.Combine(dir, name);
            if (File.Exists(candidate)) return candidate;
        }
        return null;
    }
}
