using System.Globalization;
using System.Text;
using System.Text.Json;
using System.Text.Json.Serialization;

namespace CmlBot.LoadTest;

/// <summary>One host process: which bot it ran, its peak resident memory and how long it took to be ready.</summary>
public sealed record LoadTestHostResult(string Bot, double PeakRssMb, double MaxSampledRssMb, double ReadyMs);

/// <summary>Process start to first answered question. Null where not measured.</summary>
public sealed record LoadTestColdStart(double? AskMs, bool? AskAnswerChecked, double HostReadyMs, double HostFirstAnswerMs, bool HostAnswerChecked);

/// <summary>Everything <c>loadtest</c> found; printed as a table, or as one JSON object with --json.</summary>
public sealed record LoadTestReport(
    string Mode,
    int Conversations,
    int TurnsPerConversation,
    double DurationSeconds,
    double WarmupSeconds,
    IReadOnlyList<string> HostOverrides,
    IReadOnlyList<LoadTestRunResult> Runs,
    IReadOnlyList<LoadTestHostResult> Hosts,
    IReadOnlyDictionary<string, double> EchoRatio,
    LoadTestColdStart ColdStart,
    int ProcessorCount)
{
    private static readonly JsonSerializerOptions JsonOptions = new()
    {
        PropertyNamingPolicy = JsonNamingPolicy.CamelCase,
        DefaultIgnoreCondition = JsonIgnoreCondition.Never,
        NumberHandling = JsonNumberHandling.AllowNamedFloatingPointLiterals,
    };

    /// <summary>Every reply checked and right, no errors, and the cold-start answers were right too.</summary>
    public bool Passed => Runs.Count > 0 && Runs.All(r => r.Errors == 0 && r.CheckedReplies > 0
        && r.WrongReferences + r.ForeignReplies + r.MissingReplies + r.WrongEchoes == 0)
        && ColdStart.HostAnswerChecked && ColdStart.AskAnswerChecked != false
        && RedisKeys != 0;

    /// <summary>How many rounds CmlBot and the echo ceiling took turns in (1: one window each, or no ceiling).</summary>
    public int Rounds { get; init; } = 1;

    /// <summary>Per transport, each round's CmlBot ÷ echo (the overall ratio is of the totals, in <see cref="EchoRatio"/>).</summary>
    public IReadOnlyDictionary<string, IReadOnlyList<double>> RoundRatios { get; init; } = new Dictionary<string, IReadOnlyList<double>>();

    /// <summary>The hosts' Storage:Kind.</summary>
    public string Storage { get; init; } = "memory";

    /// <summary>With Redis: the keys the run left under its prefix (none would mean the hosts never used Redis).</summary>
    public long? RedisKeys { get; init; }

    public string ToJson() => JsonSerializer.Serialize(this, JsonOptions);

    public string ToTable()
    {
        var s = new StringBuilder();
        var inv = CultureInfo.InvariantCulture;
        s.AppendLine(inv, $"CmlBot load test: mode {Mode}, {Conversations} concurrent conversations × {TurnsPerConversation} turns (repeated), " +
                          $"{DurationSeconds:0.#} s measured after {WarmupSeconds:0.#} s warm-up, {ProcessorCount} cores");
        s.AppendLine(inv, $"storage: {Storage}{(RedisKeys is { } keys ? $" ({keys:N0} keys under the run's prefix afterwards)" : "")}");
        s.AppendLine(inv, $"host overrides: {string.Join(" ", HostOverrides)}");
        s.AppendLine("  (all load comes from 127.0.0.1, so Direct Line's per-client rate limit and conversation cap are raised)");
        s.AppendLine();
        s.AppendLine("bot     transport   turns/s   p50 ms   p95 ms   p99 ms   max ms   turns  errors  checked  wrong-refs  foreign  missing  convs  peak RSS MB*");
        foreach (var r in Runs)
            s.AppendLine(inv, $"{r.Bot,-7} {r.Transport,-10} {r.TurnsPerSecond,8:0.0} {r.P50Ms,8:0.00} {r.P95Ms,8:0.00} {r.P99Ms,8:0.00} {r.MaxMs,8:0.0} {r.Turns,7} {r.Errors,7} {r.CheckedReplies,8} {r.WrongReferences + r.WrongEchoes,11} {r.ForeignReplies,8} {r.MissingReplies,8} {r.Conversations,6} {r.HostPeakRssMbAfter,12:0.0}");
        s.AppendLine("  * the host's VmHWM when the run ended; a bot's runs share its host, so a later run includes what earlier ones kept");
        foreach (var r in Runs.Where(r => r.ErrorSamples.Count > 0))
            foreach (var e in r.ErrorSamples) s.AppendLine(inv, $"  error ({r.Bot}, {r.Transport}): {e}");
        s.AppendLine();
        foreach (var r in Runs)
            s.AppendLine(inv, $"CPU per turn ({r.Bot}, {r.Transport}): host {r.HostCpuMsPerTurn:0.000} ms, load generator {r.GeneratorCpuMsPerTurn:0.000} ms");
        foreach (var (transport, ratio) in EchoRatio)
        {
            var rounds = RoundRatios.TryGetValue(transport, out var each) && each.Count > 1
                ? $" (the totals of {each.Count} alternating rounds; each round: {string.Join(", ", each.Select(r => double.IsNaN(r) ? "n/a" : r.ToString("0.00", inv)))})"
                : "";
            s.AppendLine(inv, $"CmlBot ÷ echo ceiling ({transport}): {ratio:0.00}{rounds}");
        }
        foreach (var h in Hosts)
            s.AppendLine(inv, $"host peak RSS ({h.Bot}): {h.PeakRssMb:0.0} MB (VmHWM; max sampled VmRSS {h.MaxSampledRssMb:0.0} MB); ready after {h.ReadyMs:0} ms");
        s.AppendLine(inv, $"cold start, host: /healthz ready {ColdStart.HostReadyMs:0} ms, first answered question {ColdStart.HostFirstAnswerMs:0} ms after process start{(ColdStart.HostAnswerChecked ? "" : " (WRONG ANSWER)")}");
        if (ColdStart.AskMs is { } ask)
            s.AppendLine(inv, $"cold start, ask: {ask:0} ms from process start to exit with the answer{(ColdStart.AskAnswerChecked == true ? "" : " (WRONG ANSWER)")}");
        if (RedisKeys == 0) s.AppendLine("FAILED: the hosts wrote nothing to Redis, so this run measured in-process storage");
        s.AppendLine(Passed ? "every reply checked: OK" : "FAILED: see errors / wrong / foreign / missing above");
        return s.ToString();
    }
}
