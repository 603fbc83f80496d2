using System.Diagnostics;
using System.Globalization;
using CmlBot.Core.Retrieval;

namespace CmlBot.Benchmarks;

/// <summary>
/// How long tiered JIT takes to reach the optimized turn, in a fresh process: the turn timed call by call from
/// the first one, reported per block of calls. It is what <see cref="BotTurnLatencyBenchmarks"/>'s time-based
/// warm-up is sized by. <c>dotnet run -c Release --project tests/CmlBot.Benchmarks -- --warmup-curve [turns]</c>
/// </summary>
internal static class WarmUpCurve
{
    private const int Block = 250;

    public static int Run(string[] args)
    {
        var turns = args.Length > 1 && int.TryParse(args[1], CultureInfo.InvariantCulture, out var n) && n >= Block ? n : 6000;
        var bench = new BotTurnBenchmarks { Mode = RetrievalOptions.Lexical };
        bench.Setup(); // one turn, as every benchmark's setup does
        var times = new double[turns];
        var collections = (Gen0: GC.CollectionCount(0), Gen1: GC.CollectionCount(1), Gen2: GC.CollectionCount(2));
        var pause = GC.GetTotalPauseDuration();
        var clock = Stopwatch.StartNew();
        Console.WriteLine($"{turns} turns from a fresh process (lexical), per block of {Block}: elapsed at the block's end, p50 and p99 of its turns");
        for (var i = 0; i < turns; i++)
        {
            var start = Stopwatch.GetTimestamp();
            bench.Turn();
            times[i] = Stopwatch.GetElapsedTime(start).TotalMilliseconds;
            if ((i + 1) % Block != 0) continue;
            var block = times.AsSpan(i + 1 - Block, Block).ToArray();
            Array.Sort(block);
            Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
                $"turns {i + 2 - Block,5}–{i + 1,5}  {clock.Elapsed.TotalSeconds,5:F1} s  p50 {block[Block / 2],6:F3} ms  p99 {block[(int)Math.Ceiling(Block * 0.99) - 1],6:F3} ms"));
        }
        // What the p99 of a warm turn is made of: the turns that meet a collection.
        var gen0 = GC.CollectionCount(0) - collections.Gen0;
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"collections: {gen0} gen 0 (one per {turns / (double)Math.Max(1, gen0):F0} turns), {GC.CollectionCount(1) - collections.Gen1} gen 1, {GC.CollectionCount(2) - collections.Gen2} gen 2; mean pause per collection {(GC.GetTotalPauseDuration() - pause).TotalMilliseconds / Math.Max(1, gen0):F2} ms"));
        bench.Cleanup();
        return 0;
    }
}
