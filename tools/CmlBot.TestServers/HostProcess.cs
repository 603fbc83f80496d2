using System.Diagnostics;
using System.Net;

namespace CmlBot.TestServers;

/// <summary>
/// A web host as a child process (<c>dotnet CmlBot.dll … --urls http://127.0.0.1:PORT</c>), so that its resident
/// memory is its own and not the caller's, and so that it can be killed as a crash would end it. Samples VmRSS
/// while it runs and reads VmHWM (the kernel's peak).
/// </summary>
public sealed class HostProcess : IAsyncDisposable
{
    private const int TailLines = 40;

    private readonly Process _process;
    private readonly Queue<string> _tail = new();
    private readonly CancellationTokenSource _stopSampling = new();
    private readonly Task _sampler;
    private long _maxSampledRssKb;

    private HostProcess(Process process, Uri address, Stopwatch sinceStart)
    {
        _process = process;
        Address = address;
        SinceStart = sinceStart;
        _sampler = SampleAsync(_stopSampling.Token);
    }

    public Uri Address { get; }
    public Stopwatch SinceStart { get; }
    public int ProcessId => _process.Id;

    /// <summary>CPU time (user + system) the host has used so far.</summary>
    public TimeSpan CpuTime
    {
        get
        {
            _process.Refresh();
            return _process.TotalProcessorTime;
        }
    }

    /// <summary>
    /// <c>dotnet <paramref name="hostDll"/></c> with these arguments, then <c>--urls</c> on a free loopback port, and
    /// these environment variables, in <paramref name="contentRoot"/>.
    /// </summary>
    public static HostProcess Start(string hostDll, string contentRoot, IEnumerable<string> arguments, IReadOnlyDictionary<string, string> environment)
    {
        var port = LoopbackPort.Free();
        var start = new ProcessStartInfo(DotnetHost())
        {
            WorkingDirectory = contentRoot,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        start.ArgumentList.Add(hostDll);
        foreach (var a in arguments) start.ArgumentList.Add(a);
        start.ArgumentList.Add($"--urls=http://127.0.0.1:{port}");
        foreach (var (name, value) in environment) start.Environment[name] = value;
        var clock = Stopwatch.StartNew();
        var process = Process.Start(start) ?? throw new InvalidOperationException("could not start the host");
        var host = new HostProcess(process, new Uri($"http://127.0.0.1:{port}/"), clock);
        // Drained so the child never blocks on a full pipe; the last lines explain a failed start.
        process.OutputDataReceived += (_, e) => host.Keep(e.Data);
        process.ErrorDataReceived += (_, e) => host.Keep(e.Data);
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        return host;
    }

    /// <summary>Polls /healthz until it says ready; returns the time since the process started.</summary>
    public async Task<TimeSpan> WaitReadyAsync(HttpClient http, TimeSpan timeout, CancellationToken cancellationToken)
    {
        var deadline = SinceStart.Elapsed + timeout;
        while (SinceStart.Elapsed < deadline)
        {
            if (_process.HasExited) throw new InvalidOperationException($"the host exited with {_process.ExitCode}:{Environment.NewLine}{Tail()}");
            try
            {
                using var response = await http.GetAsync("healthz", cancellationToken);
                if (response.StatusCode == HttpStatusCode.OK) return SinceStart.Elapsed;
            }
            catch (HttpRequestException)
            {
                // Not listening yet.
            }
            await Task.Delay(10, cancellationToken);
        }
        throw new TimeoutException($"the host was not ready within {timeout.TotalSeconds:N0} s:{Environment.NewLine}{Tail()}");
    }

    /// <summary>Peak resident memory in MB: the kernel's high-water mark (VmHWM), or the sampled maximum where /proc is absent.</summary>
    public double PeakRssMb => Math.Max(ReadStatusKb("VmHWM:") ?? 0, Interlocked.Read(ref _maxSampledRssKb)) / 1024.0;

    public double MaxSampledRssMb => Interlocked.Read(ref _maxSampledRssKb) / 1024.0;

    public string Tail()
    {
        lock (_tail) return string.Join(Environment.NewLine, _tail);
    }

    private void Keep(string? line)
    {
        if (line is null) return;
        lock (_tail)
        {
            _tail.Enqueue(line);
            while (_tail.Count > TailLines) _tail.Dequeue();
        }
    }

    private async Task SampleAsync(CancellationToken cancellationToken)
    {
        try
        {
            using var timer = new PeriodicTimer(TimeSpan.FromMilliseconds(100));
            do
            {
                if (ReadStatusKb("VmRSS:") is { } rss && rss > Interlocked.Read(ref _maxSampledRssKb)) Interlocked.Exchange(ref _maxSampledRssKb, rss);
            }
            while (await timer.WaitForNextTickAsync(cancellationToken));
        }
        catch (OperationCanceledException)
        {
            // Stopped with the host.
        }
    }

    private long? ReadStatusKb(string field)
    {
        try
        {
            foreach (var line in File.ReadLines($"/proc/{_process.Id}/status"))
                if (line.StartsWith(field, StringComparison.Ordinal))
                    return long.Parse(line[field.Length..].Trim().Split(' ')[0], System.Globalization.CultureInfo.InvariantCulture);
        }
        catch (IOException)
        {
            // Not Linux, or the process is gone.
        }
        catch (UnauthorizedAccessException)
        {
        }
        return null;
    }

    /// <summary>The dotnet executable: this process's, when it is one; else the SDK's; else from PATH.</summary>
    public static string DotnetHost()
    {
        var self = Environment.ProcessPath;
        if (self is not null && Path.GetFileNameWithoutExtension(self) == "dotnet") return self;
        return Environment.GetEnvironmentVariable("DOTNET_HOST_PATH") is { Length: > 0 } sdk ? sdk : "dotnet";
    }

    public bool HasExited => _process.HasExited;

    /// <summary>SIGKILL, as a crash or the OOM killer would end it: no graceful shutdown, connections reset.</summary>
    public void Kill()
    {
        if (!_process.HasExited) _process.Kill(entireProcessTree: false);
    }

    public async ValueTask DisposeAsync()
    {
        await _stopSampling.CancelAsync();
        await _sampler;
        _stopSampling.Dispose();
        if (!_process.HasExited)
        {
            _process.Kill();
            await _process.WaitForExitAsync();
        }
        _process.Dispose();
    }
}
