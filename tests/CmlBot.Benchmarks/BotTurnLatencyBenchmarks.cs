using Perfolizer.Mathematics.OutlierDetection;
using BenchmarkDotNet.Attributes;
using BenchmarkDotNet.Columns;
using BenchmarkDotNet.Configs;
using BenchmarkDotNet.Engines;
using BenchmarkDotNet.Jobs;
using BenchmarkDotNet.Reports;
using BenchmarkDotNet.Running;

namespace CmlBot.Benchmarks;

/// <summary>
/// The same retrieval and bot turn, timed one call per iteration, so that the percentile columns are per-turn
/// latencies (the ≤ 2 ms p99 target) rather than percentiles of many-call iteration means.
/// </summary>
[Config(typeof(PerCallConfig))]
public class BotTurnLatencyBenchmarks : BotTurnBenchmarks
{
    /// <summary>
    /// Seconds of back-to-back turns before BenchmarkDotNet's own warm-up. Tiered JIT needs time, not only calls:
    /// on the 2-core machine a fresh process ran the turn at tier 0 and then in instrumented code for its first
    /// ~3,000 turns (about 3 s), 3–4× slower than the optimized code a host reaches under load. 200 one-call warm-ups
    /// measured that transition, not the steady state, which is what made the earlier p99 swing between 1.6 and 3.4 ms.
    /// </summary>
    private const double SteadyStateSeconds = 6;

    // BenchmarkDotNet finds the base class's [GlobalSetup] and calls it virtually, so this override runs.
    public override void Setup()
    {
        base.Setup();
        // The turn runs the query plan and the retrieval too, so all three benchmarks start on optimized code.
        var clock = System.Diagnostics.Stopwatch.StartNew();
        while (clock.Elapsed.TotalSeconds < SteadyStateSeconds) Turn();
    }

    private sealed class PerCallConfig : ManualConfig
    {
        public PerCallConfig()
        {
            // No forced full GC between calls (BenchmarkDotNet's default): a host runs turns back to back, so a
            // turn should meet the gen-0 collections its allocations cause, not a freshly emptied heap and cold caches.
            AddJob(Job.Default.WithStrategy(RunStrategy.Throughput).WithInvocationCount(1).WithUnrollFactor(1)
                .WithGcForce(false).WithOutlierMode(OutlierMode.DontRemove) // a slow turn is the point of a p99, not noise to drop
                .WithWarmupCount(500).WithIterationCount(1000).WithId("per-call"));
            AddColumn(StatisticColumn.P50, StatisticColumn.P95, new PercentileColumn(99), StatisticColumn.Max);
            // One call takes well under BenchmarkDotNet's preferred 100 ms iteration: that is the point here.
            WithOptions(ConfigOptions.DisableOptimizationsValidator);
        }
    }

    /// <summary>BenchmarkDotNet has P95 and P100 built in, not P99.</summary>
    private sealed class PercentileColumn(int percentile) : IColumn
    {
        public string Id => $"P{percentile}";
        public string ColumnName => $"P{percentile}";
        public bool AlwaysShow => true;
        public ColumnCategory Category => ColumnCategory.Statistics;
        public int PriorityInCategory => 10;
        public bool IsNumeric => true;
        public UnitType UnitType => UnitType.Time;
        public string Legend => $"{percentile}th percentile of one call";
        public bool IsAvailable(Summary summary) => true;
        public bool IsDefault(Summary summary, BenchmarkCase benchmarkCase) => false;
        public string GetValue(Summary summary, BenchmarkCase benchmarkCase) => GetValue(summary, benchmarkCase, SummaryStyle.Default);

        public string GetValue(Summary summary, BenchmarkCase benchmarkCase, SummaryStyle style)
        {
            var statistics = summary[benchmarkCase]?.ResultStatistics;
            return statistics is null ? "NA" : $"{statistics.Percentiles.Percentile(percentile) / 1e6:N3} ms"; // statistics are in ns
        }
    }
}
