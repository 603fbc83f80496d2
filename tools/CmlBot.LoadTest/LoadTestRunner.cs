using System.Diagnostics;

namespace CmlBot.LoadTest;

/// <summary>One measured run: one bot, one transport.</summary>
public sealed record LoadTestRunResult(
    string Bot,
    string Transport,
    int Concurrency,
    long Turns,
    double Seconds,
    double TurnsPerSecond,
    double P50Ms,
    double P95Ms,
    double P99Ms,
    double MaxMs,
    long Errors,
    long CheckedReplies,
    long WrongReferences,
    long ForeignReplies,
    long MissingReplies,
    long WrongEchoes,
    long Conversations,
    IReadOnlyList<string> ErrorSamples)
{
    /// <summary>
    /// The host's peak RSS (VmHWM) when this run ended. Runs share a host, in order, so the first run's figure is its
    /// own and a later one's includes what earlier runs left (conversation state is kept, Direct Line's for 30 min).
    /// </summary>
    public double HostPeakRssMbAfter { get; init; }

    /// <summary>
    /// CPU milliseconds per checked turn (warm-up included) in the host and in this load generator: on a machine
    /// the two share, a turn's throughput is bounded by their sum, so this says which side a change has to shrink.
    /// </summary>
    public double HostCpuMsPerTurn { get; init; }

    public double GeneratorCpuMsPerTurn { get; init; }
}

/// <summary>
/// Drives <c>Conversations</c> concurrent workers; each runs conversations of <c>Turns</c> turns, one after another,
/// until the warm-up and the measured window are over. Only turns that start in the window are timed; every turn,
/// warm-up included, is checked. A runner may measure in several slices (the echo ceiling alternates with CmlBot in
/// rounds); its result adds them up.
/// </summary>
public sealed class LoadTestRunner(LoadTestOptions options, ILoadTestClient client, bool echo)
{
    private readonly LoadTestChecker _checker = new(echo);
    private readonly List<LoadTestTally> _tallies = [];
    private double _measuredSeconds;
    private long _nextConversation;

    /// <summary>Unmeasured load for <paramref name="warmup"/>, then <paramref name="window"/> measured; returns that window's turns per second.</summary>
    public async Task<LoadTestSlice> RunSliceAsync(TimeSpan warmup, TimeSpan window, CancellationToken cancellationToken)
    {
        var clock = Stopwatch.StartNew();
        var workers = Enumerable.Range(0, options.Conversations)
            .Select(_ => Task.Run(() => WorkAsync(clock, warmup, warmup + window, cancellationToken), cancellationToken)).ToList();
        var tallies = await Task.WhenAll(workers);
        _tallies.AddRange(tallies);
        _measuredSeconds += window.TotalSeconds;
        var slice = LoadTestTally.Merge(tallies);
        return new LoadTestSlice(slice.MeasuredTurns / window.TotalSeconds, slice.Checked);
    }

    /// <summary>Every slice so far, added up.</summary>
    public LoadTestRunResult Result(string bot)
    {
        var total = LoadTestTally.Merge(_tallies);
        var latencies = total.Latencies.ToArray();
        Array.Sort(latencies);
        var seconds = _measuredSeconds;
        return new LoadTestRunResult(bot, client.Transport.Name(), options.Conversations,
            total.MeasuredTurns, seconds, seconds > 0 ? total.MeasuredTurns / seconds : 0,
            Percentile(latencies, 0.50), Percentile(latencies, 0.95), Percentile(latencies, 0.99), latencies.Length > 0 ? latencies[^1] : 0,
            total.Errors, total.Checked, total.Count(LoadTestVerdict.WrongReferences), total.Count(LoadTestVerdict.ForeignReply),
            total.Count(LoadTestVerdict.MissingReply), total.Count(LoadTestVerdict.WrongEcho), total.Conversations, total.ErrorSamples);
    }

    private async Task<LoadTestTally> WorkAsync(Stopwatch clock, TimeSpan measureFrom, TimeSpan stopAt, CancellationToken cancellationToken)
    {
        var tally = new LoadTestTally();
        while (clock.Elapsed < stopAt && !cancellationToken.IsCancellationRequested)
        {
            LoadTestConversation conversation;
            var number = Interlocked.Increment(ref _nextConversation);
            try
            {
                conversation = await client.StartAsync(number, cancellationToken);
                tally.Conversations++;
            }
            catch (Exception e) when (e is not OperationCanceledException || !cancellationToken.IsCancellationRequested)
            {
                tally.Error(e);
                continue;
            }
            var completed = true;
            for (var t = 0; t < options.Turns && clock.Elapsed < stopAt; t++)
            {
                var turn = LoadTestScript.Turn(number, t);
                var started = clock.Elapsed;
                LoadTestExchange exchange;
                try
                {
                    using var timeout = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
                    timeout.CancelAfter(TimeSpan.FromSeconds(options.TurnTimeoutSeconds));
                    exchange = await client.SendAsync(conversation, turn.Text, timeout.Token);
                }
                catch (Exception e) when (e is not OperationCanceledException || !cancellationToken.IsCancellationRequested)
                {
                    // The conversation's state is now unknown: the worker starts a fresh one.
                    tally.Error(e);
                    completed = false;
                    break;
                }
                var finished = clock.Elapsed;
                tally.Record(_checker.Check(conversation, turn, exchange));
                if (started >= measureFrom && finished <= stopAt)
                {
                    tally.MeasuredTurns++;
                    tally.Latencies.Add((finished - started).TotalMilliseconds);
                }
            }
            if (!completed) continue;
            try
            {
                await client.FinishAsync(conversation, cancellationToken);
            }
            catch (Exception e) when (e is not OperationCanceledException || !cancellationToken.IsCancellationRequested)
            {
                tally.Error(e);
            }
        }
        return tally;
    }

    private static double Percentile(double[] sorted, double p) =>
        sorted.Length == 0 ? 0 : sorted[Math.Clamp((int)Math.Ceiling(p * sorted.Length) - 1, 0, sorted.Length - 1)];
}

/// <summary>One measured window: its turns per second, and how many turns (warm-up included) were checked.</summary>
public sealed record LoadTestSlice(double TurnsPerSecond, long CheckedTurns);

/// <summary>One worker's counts; merged after the run, so workers never contend on shared counters.</summary>
public sealed class LoadTestTally
{
    private const int MaxSamples = 5;

    public List<double> Latencies { get; } = [];
    public long MeasuredTurns { get; set; }
    public long Errors { get; private set; }
    public long Checked { get; private set; }
    public long Conversations { get; set; }
    public Dictionary<LoadTestVerdict, long> Verdicts { get; } = [];
    public List<string> ErrorSamples { get; } = [];

    public void Error(Exception e)
    {
        Errors++;
        if (ErrorSamples.Count < MaxSamples) ErrorSamples.Add($"{e.GetType().Name}: {e.Message}");
    }

    public void Record(LoadTestVerdict verdict)
    {
        Checked++;
        Verdicts[verdict] = Verdicts.GetValueOrDefault(verdict) + 1;
    }

    public long Count(LoadTestVerdict verdict) => Verdicts.GetValueOrDefault(verdict);

    public static LoadTestTally Merge(IEnumerable<LoadTestTally> tallies)
    {
        var total = new LoadTestTally();
        foreach (var t in tallies)
        {
            total.Latencies.AddRange(t.Latencies);
            total.MeasuredTurns += t.MeasuredTurns;
            total.Errors += t.Errors;
            total.Checked += t.Checked;
            total.Conversations += t.Conversations;
            foreach (var (verdict, count) in t.Verdicts) total.Verdicts[verdict] = total.Verdicts.GetValueOrDefault(verdict) + count;
            foreach (var sample in t.ErrorSamples.Where(_ => total.ErrorSamples.Count < MaxSamples)) total.ErrorSamples.Add(sample);
        }
        return total;
    }
}
