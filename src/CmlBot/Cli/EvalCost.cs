using System.Diagnostics;
using System.Globalization;
using CmlBot.Core.Evaluation;
using CmlBot.Core.Retrieval;
using CmlBot.Embeddings;
using Microsoft.Extensions.Logging;

namespace CmlBot.Cli;

/// <summary>
/// <c>eval --cost</c>: what each mode costs on this machine: model load, index build (in hybrid mode it embeds the
/// passages, the bank's questions and the subjects' examples), per-question latency p50/p99 over every question of
/// the set (after 6 s of warm-up passes), and the process's peak resident memory.
/// </summary>
public static class EvalCost
{
    public static async Task<int> RunAsync(EvaluationSet set, EvalSetup setup, ILogger logger, TextWriter output, CancellationToken cancellationToken)
    {
        const int Rounds = 10;
        var warmUp = TimeSpan.FromSeconds(6);
        var questions = set.Questions.Select(q => q.Question).ToList();
        await output.WriteLineAsync($"{Environment.ProcessorCount} cores, .NET {Environment.Version}, {questions.Count} questions × {Rounds} rounds after {warmUp.TotalSeconds:F0} s of warm-up passes");
        foreach (var mode in new[] { RetrievalOptions.Lexical, RetrievalOptions.Hybrid })
        {
            var watch = Stopwatch.StartNew();
            var embedder = mode == RetrievalOptions.Hybrid ? EmbedderLoader.TryLoad(logger, setup.Retrieval.Model, setup.Retrieval.ModelPrecision) : null;
            var load = watch.Elapsed.TotalMilliseconds;
            watch.Restart();
            using var answerer = setup.Create(setup.Retrieval.WithMode(mode), embedder);
            var build = watch.Elapsed.TotalMilliseconds;
            // Warm-up by time, not by count: tiered JIT takes seconds of calls to reach the optimized code a running
            // host uses, and one pass over the set measured mostly the slower tier-0 and instrumented code.
            var warm = Stopwatch.StartNew();
            do foreach (var q in questions) answerer.Ask(q);
            while (warm.Elapsed < warmUp);
            var samples = new List<double>(questions.Count * Rounds);
            for (var r = 0; r < Rounds; r++)
                foreach (var q in questions)
                {
                    var t = Stopwatch.GetTimestamp();
                    answerer.Ask(q);
                    samples.Add(Stopwatch.GetElapsedTime(t).TotalMilliseconds);
                }
            samples.Sort();
            double P(double p) => samples[(int)Math.Min(samples.Count - 1, Math.Ceiling(p * samples.Count) - 1)];
            var name = mode == RetrievalOptions.Hybrid ? $"hybrid ({embedder?.Name ?? "model not loaded"})" : mode;
            await output.WriteLineAsync(string.Create(CultureInfo.InvariantCulture,
                $"{name,-36} model load {load,7:F0} ms | index build {build,6:F0} ms ({answerer.Bank.Questions.Count} bank questions, {answerer.Subjects.Subjects.Sum(s => s.Examples.Count)} subject examples) | per question p50 {P(0.50):F3} ms, p99 {P(0.99):F3} ms | peak RSS so far {PeakResidentMegabytes():F0} MB"));
            (embedder as IDisposable)?.Dispose();
            cancellationToken.ThrowIfCancellationRequested();
        }
        return 0;
    }

    private static double PeakResidentMegabytes()
    {
        // VmHWM: the high-water mark of resident memory, from the kernel; Linux only.
        const string status = "/proc/self/status";
        if (!File.Exists(status)) return double.NaN;
        var line = File.ReadLines(status).FirstOrDefault(l => l.StartsWith("VmHWM:", StringComparison.Ordinal));
        return line is null ? double.NaN : double.Parse(line.Split(' ', StringSplitOptions.RemoveEmptyEntries)[1], CultureInfo.InvariantCulture) / 1024;
    }
}
