using System.Diagnostics;
using System.Net;
using System.Text.Json;
using CmlBot.TestServers;

namespace CmlBot.LoadTest;

/// <summary>
/// <c>loadtest</c>: starts the real host on a loopback port, drives concurrent conversations through /api/messages
/// (expectReplies) and Direct Line, checks every reply, and reports throughput, latency, errors, peak RSS, cold
/// start and (with --echo-ceiling) the ratio to the same pipeline with a bare echo bot. Stops by itself.
/// </summary>
public static class LoadTestCommand
{
    private static readonly TimeSpan ReadyTimeout = TimeSpan.FromSeconds(120);

    /// <summary>Unmeasured load before every slice after the first, once the code is warm.</summary>
    private const double RewarmSeconds = 2;

    public static async Task<int> RunAsync(IReadOnlyList<string> args, IReadOnlyList<string> overrides, string contentRoot, TextWriter output, CancellationToken cancellationToken)
    {
        if (args.Any(a => a is "--help" or "-h" or "help"))
        {
            await output.WriteLineAsync(LoadTestOptions.Usage);
            return 0;
        }
        var options = LoadTestOptions.Parse(args, overrides, out var error);
        if (options is null)
        {
            await Console.Error.WriteLineAsync($"error: {error}{Environment.NewLine}{LoadTestOptions.Usage}");
            return 2;
        }
        LoadTestReport report;
        try
        {
            report = await MeasureAsync(options, contentRoot, output, cancellationToken);
        }
        catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
        {
            // Ctrl+C: the hosts are already stopped (await using); no partial report.
            await Console.Error.WriteLineAsync("loadtest: cancelled");
            return 130;
        }
        catch (InvalidOperationException e)
        {
            // A host, redis-server or Redis that would not start or answer: the message says which (and how to install).
            await Console.Error.WriteLineAsync($"loadtest: {e.Message}");
            return 1;
        }
        await output.WriteLineAsync(options.Json ? report.ToJson() : report.ToTable());
        return report.Passed ? 0 : 1;
    }

    /// <summary>The whole measurement; <paramref name="progress"/> gets a line per phase (nothing with --json).</summary>
    public static async Task<LoadTestReport> MeasureAsync(LoadTestOptions options, string contentRoot, TextWriter progress, CancellationToken cancellationToken)
    {
        var log = options.Json ? TextWriter.Null : progress;
        var hostDll = options.HostDll ?? LoadTestHosts.DefaultHostDll;
        var runs = new List<LoadTestRunResult>();
        var hosts = new List<LoadTestHostResult>();

        double? askMs = null;
        bool? askChecked = null;
        if (options.AskColdStart)
        {
            await log.WriteLineAsync("cold start: ask …");
            (askMs, askChecked) = await AskColdStartAsync(hostDll, contentRoot, options, cancellationToken);
        }

        // With Redis the hosts keep conversation and user state, Direct Line and rate-limit counters there, under a
        // key prefix of this run's own: the same pipeline, measured against the shared store a multi-instance
        // deployment uses.
        await using var redis = options.Storage != "redis" ? null
            : options.Redis is { } endpoint ? await RedisServer.ConnectAsync(endpoint, cancellationToken)
            : await RedisServer.StartAsync(cancellationToken);
        if (redis is not null) await log.WriteLineAsync($"storage: Redis at {redis.Configuration}{(redis.OwnsServer ? " (a redis-server of this run's own)" : "")}");
        var keyPrefix = LoadTestStorage.NewKeyPrefix("loadtest");
        var environment = LoadTestStorage.HostEnvironment(options.Storage, redis?.Configuration, keyPrefix, LoadTestStorage.NewSecret());

        // Cold start of the host: process start → /healthz ready → first question answered (and checked), before
        // any other host runs.
        await log.WriteLineAsync("starting the cmlbot host …");
        await using var cmlHost = LoadTestHosts.Start(hostDll, contentRoot, options.Mode, echo: false, options.HostOverrides, environment);
        using var cmlHttp = Client(cmlHost.Address, options.Conversations);
        var cmlReady = await cmlHost.WaitReadyAsync(cmlHttp, ReadyTimeout, cancellationToken);
        var first = await FirstAnswerAsync(cmlHttp, cmlHost, cancellationToken);
        var cold = new LoadTestColdStart(askMs, askChecked, cmlReady.TotalMilliseconds, first.Elapsed.TotalMilliseconds, first.Checked);
        var targets = new List<LoadTestTarget> { new("cmlbot", false, cmlHost, cmlHttp, cmlReady) };

        // The ceiling's host runs beside CmlBot's, each idle while the other is measured: the two take turns in
        // rounds, so a slower or faster minute of a shared machine falls on both rather than on one.
        await using var echoHost = options.EchoCeiling ? LoadTestHosts.Start(hostDll, contentRoot, options.Mode, echo: true, options.HostOverrides, environment) : null;
        using var echoHttp = echoHost is null ? null : Client(echoHost.Address, options.Conversations);
        if (echoHost is not null)
        {
            await log.WriteLineAsync("starting the echo host …");
            targets.Add(new("echo", true, echoHost, echoHttp!, await echoHost.WaitReadyAsync(echoHttp!, ReadyTimeout, cancellationToken)));
        }

        var roundRatios = new Dictionary<string, IReadOnlyList<double>>();
        var rounds = options.EchoCeiling ? options.Rounds : 1;
        var window = TimeSpan.FromSeconds(options.DurationSeconds / rounds);
        foreach (var transport in options.Transports)
        {
            var measured = targets.Select(t => new LoadTestMeasurement(t,
                new LoadTestRunner(options, transport == LoadTestTransport.Messages ? new LoadTestMessagesClient(t.Http, readText: t.Echo) : new LoadTestDirectLineClient(t.Http, readText: t.Echo), t.Echo))).ToList();
            await log.WriteLineAsync($"  {string.Join(" and ", targets.Select(t => t.Bot))} over {transport}: {options.WarmupSeconds:0.#} s warm-up, "
                                     + (rounds == 1 ? $"{options.DurationSeconds:0.#} s measured …" : $"{rounds} rounds of {window.TotalSeconds:0.#} s measured each …"));
            var eachRound = new List<double>();
            for (var round = 0; round < rounds; round++)
            {
                // The first slice warms up in full; later ones only refill the pipeline after the other host's turn.
                var warmup = TimeSpan.FromSeconds(round == 0 ? options.WarmupSeconds : Math.Min(options.WarmupSeconds, RewarmSeconds));
                // Alternate who goes first, so neither always follows the other.
                var order = round % 2 == 0 ? measured : Enumerable.Reverse(measured).ToList();
                var speeds = new Dictionary<string, double>();
                foreach (var m in order) speeds[m.Target.Bot] = (await m.SliceAsync(warmup, window, cancellationToken)).TurnsPerSecond;
                // NaN for a round whose echo slice finished no turn inside its window (only in very short runs).
                if (speeds.TryGetValue("echo", out var ceiling)) eachRound.Add(ceiling > 0 ? speeds["cmlbot"] / ceiling : double.NaN);
            }
            if (eachRound.Count > 0) roundRatios[transport.Name()] = eachRound;
            foreach (var m in measured) runs.Add(m.Result());
        }
        foreach (var t in targets) hosts.Add(new LoadTestHostResult(t.Bot, t.Host.PeakRssMb, t.Host.MaxSampledRssMb, t.Ready.TotalMilliseconds));

        var ratios = runs.Where(r => r.Bot == "cmlbot")
            .Select(r => (r.Transport, Echo: runs.FirstOrDefault(e => e.Bot == "echo" && e.Transport == r.Transport), r.TurnsPerSecond))
            .Where(x => x.Echo is { TurnsPerSecond: > 0 })
            .ToDictionary(x => x.Transport, x => x.TurnsPerSecond / x.Echo!.TurnsPerSecond);
        return new LoadTestReport(options.Mode, options.Conversations, options.Turns, options.DurationSeconds, options.WarmupSeconds,
            LoadTestHosts.LoadOverrides.Concat(options.HostOverrides).ToList(), runs, hosts, ratios, cold, Environment.ProcessorCount)
        {
            Rounds = rounds,
            RoundRatios = roundRatios,
            Storage = options.Storage,
            RedisKeys = redis is null ? null : await redis.CountKeysAsync(keyPrefix, cancellationToken),
        };
    }

    private static TimeSpan GeneratorCpuTime()
    {
        using var self = Process.GetCurrentProcess();
        return self.TotalProcessorTime;
    }

    /// <summary>A running host the load test measures.</summary>
    private sealed record LoadTestTarget(string Bot, bool Echo, HostProcess Host, HttpClient Http, TimeSpan Ready);

    /// <summary>One host over one transport: its runner, and the CPU its slices cost the host and this process.</summary>
    private sealed class LoadTestMeasurement(LoadTestTarget target, LoadTestRunner runner)
    {
        private TimeSpan _hostCpu;
        private TimeSpan _generatorCpu;
        private long _checked;

        public LoadTestTarget Target => target;

        public async Task<LoadTestSlice> SliceAsync(TimeSpan warmup, TimeSpan window, CancellationToken cancellationToken)
        {
            var (host, generator) = (target.Host.CpuTime, GeneratorCpuTime());
            var slice = await runner.RunSliceAsync(warmup, window, cancellationToken);
            _hostCpu += target.Host.CpuTime - host;
            _generatorCpu += GeneratorCpuTime() - generator;
            _checked += slice.CheckedTurns;
            return slice;
        }

        public LoadTestRunResult Result()
        {
            var turns = Math.Max(_checked, 1);
            return runner.Result(target.Bot) with
            {
                HostPeakRssMbAfter = target.Host.PeakRssMb,
                HostCpuMsPerTurn = _hostCpu.TotalMilliseconds / turns,
                GeneratorCpuMsPerTurn = _generatorCpu.TotalMilliseconds / turns,
            };
        }
    }

    /// <summary>One client for the run; loopback only, with a connection per concurrent conversation.</summary>
    private static HttpClient Client(Uri address, int conversations)
    {
        if (!IPAddress.TryParse(address.Host, out var ip) || !IPAddress.IsLoopback(ip))
            throw new InvalidOperationException($"the load test talks only to loopback addresses, not {address}");
        var handler = new SocketsHttpHandler { MaxConnectionsPerServer = Math.Max(conversations, 1) * 2, UseProxy = false, UseCookies = false };
        return new HttpClient(handler) { BaseAddress = address, Timeout = TimeSpan.FromMinutes(2) };
    }

    private static async Task<(TimeSpan Elapsed, bool Checked)> FirstAnswerAsync(HttpClient http, HostProcess host, CancellationToken cancellationToken)
    {
        var client = new LoadTestMessagesClient(http);
        var conversation = await client.StartAsync(0, cancellationToken);
        var turn = LoadTestScript.Turn(0, 0);
        var exchange = await client.SendAsync(conversation, turn.Text, cancellationToken);
        var elapsed = host.SinceStart.Elapsed;
        return (elapsed, new LoadTestChecker(echo: false).Check(conversation, turn, exchange) == LoadTestVerdict.Ok);
    }

    /// <summary><c>dotnet CmlBot.dll ask --json "…"</c>: process start to exit, and whether it cited the right references.</summary>
    private static async Task<(double Ms, bool Checked)> AskColdStartAsync(string hostDll, string contentRoot, LoadTestOptions options, CancellationToken cancellationToken)
    {
        var question = LoadTestScript.Questions[0];
        var start = new ProcessStartInfo(HostProcess.DotnetHost())
        {
            WorkingDirectory = contentRoot,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        foreach (var a in new[] { hostDll, "ask", "--json", $"--Retrieval:Mode={options.Mode}" }.Concat(options.HostOverrides)) start.ArgumentList.Add(a);
        start.ArgumentList.Add(question.Text);
        var clock = Stopwatch.StartNew();
        using var process = Process.Start(start) ?? throw new InvalidOperationException("could not start ask");
        var stdout = process.StandardOutput.ReadToEndAsync(cancellationToken);
        var stderr = process.StandardError.ReadToEndAsync(cancellationToken);
        await process.WaitForExitAsync(cancellationToken);
        var elapsed = clock.Elapsed.TotalMilliseconds;
        await stderr;
        try
        {
            using var json = JsonDocument.Parse(await stdout);
            var cited = json.RootElement.GetProperty("references").EnumerateArray().Select(r => r.GetProperty("number").GetInt32());
            return (elapsed, process.ExitCode == 0 && cited.SequenceEqual(question.References));
        }
        catch (JsonException)
        {
            return (elapsed, false);
        }
    }
}
