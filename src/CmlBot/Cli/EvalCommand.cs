using System.Globalization;
using CmlBot.Core;
using CmlBot.Core.Evaluation;
using CmlBot.Core.Retrieval;
using CmlBot.Embeddings;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.Logging;

namespace CmlBot.Cli;

/// <summary>
/// <c>eval [--set FILE] [--verbose] [--fit]</c>: runs the evaluation set through CmlBot, lexical and
/// hybrid, and through the plain-BM25 baseline, and prints the figures side by side, overall and on the
/// paraphrase subset. Exit code 1 when the configured mode misses a target. <c>--fit</c> searches the
/// hybrid fusion weights on the set and prints the best.
/// </summary>
public static class EvalCommand
{
    public const string DefaultSet = "tests/evaluation/eval-set.json";
    public const string ParaphraseTag = "paraphrase";

    public static async Task<int> RunAsync(IConfiguration configuration, string contentRoot, IReadOnlyList<string> args, ILogger logger,
        TextWriter output, CancellationToken cancellationToken)
    {
        if (args.Contains("--safety")) return await SafetyEvalCommand.RunAsync(configuration, contentRoot, args, logger, output, cancellationToken);
        var setIndex = args.ToList().IndexOf("--set");
        var path = Path.GetFullPath(setIndex >= 0 && setIndex + 1 < args.Count ? args[setIndex + 1] : DefaultSet, contentRoot);
        var set = EvaluationSet.Load(path);
        var corpusOptions = CoreFactory.CorpusOptions(configuration, contentRoot);
        var answerOptions = configuration.GetSection("Answers").Get<Core.Answers.AnswerOptions>() ?? new Core.Answers.AnswerOptions();
        var configured = CoreFactory.RetrievalOptions(configuration);
        var corpus = await new Core.Corpus.CorpusLoader(corpusOptions).LoadAsync(cancellationToken);

        if (args.Contains("--cost")) return await Cost(set, corpus, corpusOptions, configured, answerOptions, logger, output, cancellationToken);

        var lexicalOptions = configured.WithMode(RetrievalOptions.Lexical);
        using var lexical = QuestionAnswerer.Create(corpus, corpusOptions, lexicalOptions, answerOptions, null, cancellationToken);
        using var embedder = EmbedderLoader.TryLoad(logger) as IDisposable;
        using var hybrid = embedder is null ? null
            : QuestionAnswerer.Create(corpus, corpusOptions, configured.WithMode(RetrievalOptions.Hybrid), answerOptions, (ITextEmbedder)embedder, cancellationToken);

        if (args.Contains("--fit") || args.Contains("--similarities"))
        {
            if (embedder is null) { await output.WriteLineAsync("--fit needs the embedding model, which did not load"); return 2; }
            var cached = new CachingEmbedder((ITextEmbedder)embedder);
            if (args.Contains("--similarities")) await DumpSimilarities(set, corpus, corpusOptions, configured, answerOptions, cached, output, cancellationToken);
            else await Fit(set, corpus, corpusOptions, configured, answerOptions, cached, lexical, output, cancellationToken);
            return 0;
        }

        using var baseline = new PlainBm25Baseline(lexical.Passages);
        var columns = new List<(string Name, Func<EvaluationSet, EvaluationReport> Run)>
        {
            ("CmlBot lexical", s => new Evaluator(lexical).Run(s) with { System = "CmlBot lexical" }),
        };
        if (hybrid is not null) columns.Add(("CmlBot hybrid", s => new Evaluator(hybrid).Run(s) with { System = "CmlBot hybrid" }));
        columns.Add(("plain BM25", s => new Evaluator(lexical).Run(s, "plain BM25", baseline.Ask)));

        var main = Evaluator.Without(set, ParaphraseTag);
        var paraphrases = Evaluator.Subset(set, ParaphraseTag);
        var mainReports = columns.Select(c => c.Run(main)).ToList();
        await output.WriteLineAsync($"Evaluation set: {Path.GetRelativePath(contentRoot, path)}");
        await output.WriteLineAsync($"Configured mode: {configured.Mode}{(hybrid is null && configured.IsHybrid ? " (model not loaded: lexical)" : "")}");
        var views = new (string Title, EvaluationSet Set)[]
        {
            ("Main set: the targets apply", main),
            ("Paraphrase subset: questions sharing no content word with their gold sentence, with the out-of-scope questions", paraphrases),
            ("Overall", set),
        };
        foreach (var (title, subset) in views)
        {
            var reports = subset == main ? mainReports : columns.Select(c => c.Run(subset)).ToList();
            await output.WriteLineAsync();
            await output.WriteLineAsync($"{title} ({reports[0].Answerable} answerable, {reports[0].OutOfScope} out of scope)");
            await output.WriteLineAsync(Table(reports));
        }

        var mine = hybrid is not null && configured.IsHybrid ? mainReports[1] : mainReports[0];
        if (args.Contains("--verbose"))
            foreach (var f in mine.Failures) await output.WriteLineAsync("  " + f);
        var missed = mine.MissedTargets().ToList();
        foreach (var m in missed) await output.WriteLineAsync($"MISSED TARGET ({mine.System}): {m}");
        var safety = await SafetyEvalCommand.WriteAsync(configuration, contentRoot, embedder as ITextEmbedder, false, false, output, cancellationToken);
        return missed.Count == 0 && safety == 0 ? 0 : 1;
    }

    /// <summary>
    /// What each mode costs on this machine: start-up (model load, index build), per-question latency
    /// p50/p99 over every question of the set (after 6 s of warm-up passes), and the process's peak resident memory.
    /// </summary>
    private static async Task<int> Cost(EvaluationSet set, Core.Corpus.CorpusSet corpus, Core.Corpus.CorpusOptions corpusOptions, RetrievalOptions configured,
        Core.Answers.AnswerOptions answerOptions, ILogger logger, TextWriter output, CancellationToken cancellationToken)
    {
        const int Rounds = 20;
        var warmUp = TimeSpan.FromSeconds(6);
        var questions = set.Questions.Select(q => q.Question).ToList();
        await output.WriteLineAsync($"{Environment.ProcessorCount} cores, .NET {Environment.Version}, {questions.Count} questions × {Rounds} rounds after {warmUp.TotalSeconds:F0} s of warm-up passes");
        foreach (var mode in new[] { RetrievalOptions.Lexical, RetrievalOptions.Hybrid })
        {
            var watch = System.Diagnostics.Stopwatch.StartNew();
            var embedder = mode == RetrievalOptions.Hybrid ? EmbedderLoader.TryLoad(logger) : null;
            var load = watch.Elapsed.TotalMilliseconds;
            watch.Restart();
            using var answerer = QuestionAnswerer.Create(corpus, corpusOptions, configured.WithMode(mode), answerOptions, embedder, cancellationToken);
            var build = watch.Elapsed.TotalMilliseconds;
            // Warm-up by time, not by count: tiered JIT takes seconds of calls to reach the optimized code a running
            // host uses, and one pass over the set measured mostly the slower tier-0 and instrumented code.
            var warm = System.Diagnostics.Stopwatch.StartNew();
            do foreach (var q in questions) answerer.Ask(q);
            while (warm.Elapsed < warmUp);
            var samples = new List<double>(questions.Count * Rounds);
            for (var r = 0; r < Rounds; r++)
                foreach (var q in questions)
                {
                    var t = System.Diagnostics.Stopwatch.GetTimestamp();
                    answerer.Ask(q);
                    samples.Add(System.Diagnostics.Stopwatch.GetElapsedTime(t).TotalMilliseconds);
                }
            samples.Sort();
            double P(double p) => samples[(int)Math.Min(samples.Count - 1, Math.Ceiling(p * samples.Count) - 1)];
            await output.WriteLineAsync(string.Create(CultureInfo.InvariantCulture,
                $"{mode,-8} model load {load,7:F0} ms | index build {build,6:F0} ms | per question p50 {P(0.50):F3} ms, p99 {P(0.99):F3} ms | peak RSS so far {PeakResidentMegabytes():F0} MB"));
            (embedder as IDisposable)?.Dispose();
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

    /// <summary>For each question: its best similarity, the gold passage's similarity and rank, and its lexical coverage.</summary>
    private static async Task DumpSimilarities(EvaluationSet set, Core.Corpus.CorpusSet corpus, Core.Corpus.CorpusOptions corpusOptions, RetrievalOptions configured,
        Core.Answers.AnswerOptions answerOptions, ITextEmbedder embedder, TextWriter output, CancellationToken cancellationToken)
    {
        var options = configured.WithMode(RetrievalOptions.Hybrid);
        options.SemanticWeight = 1e-9; // rank by lexical; report raw similarities
        options.SemanticCandidates = 1000;
        using var answerer = QuestionAnswerer.Create(corpus, corpusOptions, options, answerOptions, embedder, cancellationToken);
        foreach (var q in set.Questions)
        {
            var hits = answerer.Retriever.Search(q.Question, 1000, cancellationToken).Hits;
            var bestSim = hits.Count == 0 ? 0 : hits.Max(h => h.Similarity);
            var bestCov = hits.Count == 0 ? 0 : hits.Max(h => h.Coverage);
            var goldSim = q.Gold.Count == 0 ? double.NaN : hits.Where(h => q.Gold.Any(g => g.StartsWith("ref:", StringComparison.Ordinal)
                    ? h.Passage.Id.EndsWith(":ref" + g[4..], StringComparison.Ordinal)
                    : h.Passage.Sentence?.PlainText.StartsWith(g, StringComparison.Ordinal) == true)).Select(h => h.Similarity).DefaultIfEmpty(0).Max();
            var kind = q.Answerable ? (q.TagList.Contains(ParaphraseTag) ? "para" : "ans") : "oos";
            await output.WriteLineAsync(string.Create(CultureInfo.InvariantCulture, $"{kind}\t{bestSim:F3}\t{goldSim:F3}\t{bestCov:F2}\t{q.Question}"));
        }
    }

    /// <summary>
    /// A grid search of the fusion weights on the set: the best hybrid setting that lowers no figure
    /// below lexical (on the whole set), by top-1 on the paraphrases, then overall top-1, recall@3 and refusals.
    /// </summary>
    private static async Task Fit(EvaluationSet set, Core.Corpus.CorpusSet corpus, Core.Corpus.CorpusOptions corpusOptions, RetrievalOptions configured,
        Core.Answers.AnswerOptions answerOptions, ITextEmbedder embedder, QuestionAnswerer lexical, TextWriter output, CancellationToken cancellationToken)
    {
        var paraphrases = Evaluator.Subset(set, ParaphraseTag);
        var floor = new Evaluator(lexical).Run(set);
        var results = new List<(double A, double Lo, double Hi, EvaluationReport All, EvaluationReport Para)>();
        foreach (var a in new[] { 0.3, 0.4, 0.5, 0.6, 0.7 })
        foreach (var lo in new[] { 0.2, 0.25, 0.3, 0.35, 0.4 })
        foreach (var hi in new[] { 0.55, 0.6, 0.65, 0.7, 0.8 })
        {
            if (hi <= lo + 0.1) continue;
            var options = configured.WithMode(RetrievalOptions.Hybrid);
            options.SemanticWeight = a;
            options.SimilarityFloor = lo;
            options.SimilarityCeiling = hi;
            using var answerer = QuestionAnswerer.Create(corpus, corpusOptions, options, answerOptions, embedder, cancellationToken);
            results.Add((a, lo, hi, new Evaluator(answerer).Run(set), new Evaluator(answerer).Run(paraphrases)));
        }
        static bool NoWorse(EvaluationReport h, EvaluationReport l) =>
            h.Top1 >= l.Top1 && h.RecallAt3 >= l.RecallAt3 && h.CitationCorrectness >= l.CitationCorrectness
            && h.AbstentionRecall >= l.AbstentionRecall && h.AbstentionPrecision >= l.AbstentionPrecision && h.FalseRefusalRate <= l.FalseRefusalRate;
        var ranked = results
            .OrderByDescending(r => NoWorse(r.All, floor))
            .ThenByDescending(r => r.Para.Top1)
            .ThenByDescending(r => r.All.Top1 + r.All.RecallAt3 + r.All.AbstentionRecall - r.All.FalseRefusalRate)
            .ToList();
        await output.WriteLineAsync("SemanticWeight SimilarityFloor SimilarityCeiling | no-worse | top-1 | para top-1 | recall@3 | OOS refused | wrongly refused");
        foreach (var r in ranked.Take(10))
            await output.WriteLineAsync(string.Create(CultureInfo.InvariantCulture,
                $"{r.A,14:F2} {r.Lo,15:F2} {r.Hi,17:F2} | {NoWorse(r.All, floor),8} | {r.All.Top1,5:P1} | {r.Para.Top1,10:P1} | {r.All.RecallAt3,8:P1} | {r.All.AbstentionRecall,11:P1} | {r.All.FalseRefusalRate,15:P1}"));
    }

    public static string Table(IReadOnlyList<EvaluationReport> reports)
    {
        static string P(double v) => double.IsNaN(v) ? "–" : v.ToString("P1", CultureInfo.InvariantCulture);
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
        var lines = new List<string>
        {
            "| metric | target | " + string.Join(" | ", reports.Select(r => r.System)) + " |",
            "|---|---|" + string.Concat(reports.Select(_ => "---|")),
        };
        lines.AddRange(rows.Select(r => $"| {r.Name} | {r.Target} | " + string.Join(" | ", reports.Select(x => P(r.Get(x)))) + " |"));
        return string.Join(Environment.NewLine, lines);
    }
}
