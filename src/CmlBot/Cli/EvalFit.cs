using System.Globalization;
using CmlBot.Core;
using CmlBot.Core.Evaluation;
using CmlBot.Core.Retrieval;
using CmlBot.Core.Understanding;

namespace CmlBot.Cli;

/// <summary>
/// <c>eval --fit</c>: a grid search of the decision's thresholds on the development split only. Each question's
/// evidence is gathered once; each setting then only re-decides. A setting must refuse at least 95 % of the
/// off-topic questions; among those, the best top-1 over answerable (paraphrases included), then the fewest wrong
/// refusals, then the highest thresholds (the cautious side).
/// </summary>
public static class EvalFit
{
    public static async Task RunAsync(EvaluationSet set, EvalSetup setup, ITextEmbedder embedder, TextWriter output, CancellationToken cancellationToken)
    {
        using var answerer = setup.Create(setup.Retrieval.WithMode(RetrievalOptions.Hybrid), embedder);
        var ranked = Fit(answerer, set, setup.Answers.ConfidenceThreshold);
        await output.WriteLineAsync("Bank DidYouMean Subject Margin LexicalWeight FullCoverage CoverageOverBank | top-1 | para top-1 | off-topic refused | wrongly refused | references");
        foreach (var (o, r) in ranked.Take(12))
            await output.WriteLineAsync(Row(o, r));
        // The development split names no subject, so many settings tie on it: the bank's own 5-fold figures break the tie.
        var best = ranked[0].Report;
        var tied = ranked.TakeWhile(r => Math.Round(r.Report.Top1, 3) == Math.Round(best.Top1, 3) && Math.Round(r.Report.FalseRefusalRate, 3) == Math.Round(best.FalseRefusalRate, 3)
            && r.Report.AbstentionRecall == best.AbstentionRecall).Select(r => r.Options).ToList();
        var folds = BankFolds(answerer, set, tied, setup.Answers.ConfidenceThreshold);
        await output.WriteLineAsync($"\n{tied.Count} settings tie on the development split; by 5-fold over the bank (subject named, off-topic refused, top-1):");
        foreach (var (o, r) in folds.Take(8)) await output.WriteLineAsync(Row(o, r) + string.Create(CultureInfo.InvariantCulture, $" | subject named {r.SubjectNamed:P1}"));
        cancellationToken.ThrowIfCancellationRequested();
    }

    public static string Row(UnderstandingOptions o, EvaluationReport r) => string.Create(CultureInfo.InvariantCulture,
        $"{o.BankThreshold,4:F2} {o.DidYouMeanThreshold,10:F2} {o.SubjectThreshold,7:F2} {o.SubjectMargin,6:F2} {o.LexicalWeight,13:F2} {o.FullCoverage,5:F2} {o.CoverageOverBank,16:F2} | {r.Top1,5:P1} | {r.ParaphraseTop1,10:P1} | {r.AbstentionRecall,17:P1} | {r.FalseRefusalRate,15:P1} | {r.ReferenceTop1,10:P1}");

    /// <summary>Every setting of the grid with its figures on <paramref name="set"/>, best first.</summary>
    public static List<(UnderstandingOptions Options, EvaluationReport Report)> Fit(QuestionAnswerer answerer, EvaluationSet set, double confidenceThreshold)
    {
        var evaluator = new Evaluator(answerer);
        var evidence = set.Questions.Select(q => q.Question).Distinct().ToDictionary(q => q, q => answerer.Understand(q.Trim()).Evidence);
        // Reference questions go by their number before any decision: their output is the same under every setting.
        var fixedOutputs = evidence.Where(e => e.Value.Retrieval.Plan is { ReferenceNumber: not null, ReferenceIntent: true })
            .ToDictionary(e => e.Key, e => evaluator.Output(answerer.Ask(e.Key)));
        var results = new List<(UnderstandingOptions, EvaluationReport)>();
        foreach (var bank in new[] { 0.6, 0.65, 0.7, 0.75, 0.8, 0.85, 0.9 })
        foreach (var dym in new[] { 0.5, 0.55, 0.6, 0.65, 0.7, 0.75, 0.8 })
        foreach (var subject in new[] { 0.5, 0.55, 0.6, 0.65, 0.7, 0.75, 0.8 })
        foreach (var margin in new[] { -0.05, 0.0, 0.05 })
        foreach (var weight in new[] { 0.0, 0.15, 0.3, 0.5 })
        foreach (var full in new[] { 0.9, 1.01 })
        foreach (var coverage in new[] { 0.0, 0.6, 0.8 })
        {
            if (dym > bank) continue;
            var options = new UnderstandingOptions
            {
                BankThreshold = bank, DidYouMeanThreshold = dym, SubjectThreshold = subject, SubjectMargin = margin, LexicalWeight = weight,
                FullCoverage = full, CoverageOverBank = coverage,
            };
            var decision = new AnswerDecision(options, confidenceThreshold);
            var report = evaluator.Run(set, "fit", q => fixedOutputs.TryGetValue(q, out var fixedOutput) ? fixedOutput : Simulate(answerer, evaluator, decision.Decide(evidence[q])));
            results.Add((options, report));
        }
        return results
            .OrderByDescending(r => r.Item2.AbstentionRecall >= EvaluationReport.SplitGoals.OffTopicRefused)
            .ThenByDescending(r => Math.Round(r.Item2.Top1, 3))
            .ThenBy(r => Math.Round(r.Item2.FalseRefusalRate, 3))
            .ThenByDescending(r => r.Item2.AbstentionRecall)
            .ThenByDescending(r => r.Item1.BankThreshold + r.Item1.DidYouMeanThreshold)
            .ToList();
    }

    /// <summary>The settings by their 5-fold figures over the bank (each fold's evidence gathered once), best first.</summary>
    public static List<(UnderstandingOptions Options, EvaluationReport Report)> BankFolds(QuestionAnswerer answerer, EvaluationSet dev,
        IReadOnlyList<UnderstandingOptions> candidates, double confidenceThreshold)
    {
        var evaluator = new Evaluator(answerer);
        var evidence = new Dictionary<string, Evidence>(StringComparer.Ordinal);
        var cv = new BankCrossValidation(answerer);
        cv.Run(dev, ask: (q, matcher) => { evidence[q] = answerer.Understand(q.Trim(), matcher).Evidence; return new SystemOutput(false, [], []); });
        return candidates
            .Select(o =>
            {
                var decision = new AnswerDecision(o, confidenceThreshold);
                return (o, cv.Run(dev, ask: (q, _) => evidence[q].Retrieval.Plan is { ReferenceNumber: not null, ReferenceIntent: true }
                    ? evaluator.Output(answerer.Ask(q))
                    : Simulate(answerer, evaluator, decision.Decide(evidence[q]))));
            })
            .OrderByDescending(r => r.Item2.SubjectNamed + r.Item2.AbstentionRecall + r.Item2.Top1 - r.Item2.FalseRefusalRate)
            .ToList();
    }

    /// <summary>What the answer to a decision looks like to the evaluation: its first passage (top-1 and citations) or its subject.</summary>
    private static SystemOutput Simulate(QuestionAnswerer answerer, Evaluator evaluator, Decision decision)
    {
        var id = decision.Kind switch
        {
            DecisionKind.Answer => decision.PassageId,
            DecisionKind.DidYouMean => decision.Choices[0],
            _ => null,
        };
        if (id is null) return new SystemOutput(false, [], [], decision.Subject?.Id);
        return evaluator.Output(answerer.AnswerWith("", id)!);
    }
}
