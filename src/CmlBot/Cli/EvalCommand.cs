using System.Globalization;
using CmlBot.Core.Evaluation;
using Microsoft.Extensions.Configuration;

namespace CmlBot.Cli;

/// <summary>
/// <c>eval [--set FILE] [--verbose]</c>: runs the evaluation set through CmlBot and through the plain-BM25
/// baseline and prints the figures side by side; exit code 1 when CmlBot misses a target.
/// </summary>
public static class EvalCommand
{
    public const string DefaultSet = "tests/evaluation/eval-set.json";

    public static async Task<int> RunAsync(IConfiguration configuration, string contentRoot, IReadOnlyList<string> args, TextWriter output, CancellationToken cancellationToken)
    {
        var setIndex = args.ToList().IndexOf("--set");
        var path = Path.GetFullPath(setIndex >= 0 && setIndex + 1 < args.Count ? args[setIndex + 1] : DefaultSet, contentRoot);
        var verbose = args.Contains("--verbose");
        var set = EvaluationSet.Load(path);

        using var answerer = await CoreFactory.CreateAsync(configuration, contentRoot, cancellationToken);
        var evaluator = new Evaluator(answerer);
        var cmlbot = evaluator.Run(set);
        using var baseline = new PlainBm25Baseline(answerer.Passages);
        var plain = evaluator.Run(set, "plain BM25", baseline.Ask);

        await output.WriteLineAsync($"Evaluation set: {Path.GetRelativePath(contentRoot, path)} — {cmlbot.Answerable} answerable, {cmlbot.OutOfScope} out of scope");
        await output.WriteLineAsync(Table(cmlbot, plain));
        if (verbose)
            foreach (var f in cmlbot.Failures) await output.WriteLineAsync("  " + f);
        var missed = cmlbot.MissedTargets().ToList();
        foreach (var m in missed) await output.WriteLineAsync($"MISSED TARGET: {m}");
        return missed.Count == 0 ? 0 : 1;
    }

    public static string Table(EvaluationReport system, EvaluationReport baseline)
    {
        static string P(double v) => v.ToString("P1", CultureInfo.InvariantCulture);
        var g = EvaluationReport.Goals;
        var rows = new (string Name, string Target, Func<EvaluationReport, double> Get)[]
        {
            ("top-1 accuracy", "≥ " + P(g.Top1), r => r.Top1),
            ("recall@3", "≥ " + P(g.RecallAt3), r => r.RecallAt3),
            ("citation correctness", "= " + P(g.CitationCorrectness), r => r.CitationCorrectness),
            ("out-of-scope refused (abstention recall)", "≥ " + P(g.OutOfScopeRefused), r => r.AbstentionRecall),
            ("abstention precision", "", r => r.AbstentionPrecision),
            ("answerable wrongly refused", "≤ " + P(g.MaxFalseRefusals), r => r.FalseRefusalRate),
        };
        var lines = new List<string> { $"| metric | target | {system.System} | {baseline.System} |", "|---|---|---|---|" };
        lines.AddRange(rows.Select(r => $"| {r.Name} | {r.Target} | {P(r.Get(system))} | {P(r.Get(baseline))} |"));
        return string.Join(Environment.NewLine, lines);
    }
}
