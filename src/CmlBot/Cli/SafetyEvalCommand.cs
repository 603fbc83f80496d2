using System.Globalization;
using CmlBot.Bot.Understanding.Safety;
using CmlBot.Composition;
using CmlBot.Core.Retrieval;
using CmlBot.Core.Understanding;
using CmlBot.Embeddings;

namespace CmlBot.Cli;

/// <summary>
/// The safety screen's figures: recall per class and false alarms, phrases alone and with the sentence model, on
/// the development set (tests/evaluation/safety-dev.json) and the frozen test set (safety-test.json) when present.
/// Ordinary messages are each set's look-alikes plus every question of the answer evaluation sets.
/// <c>eval --safety</c> prints only these; <c>--verbose</c> lists the development set's misses and false alarms
/// (never the test set's, which is for final figures only); <c>--cost</c> adds the time per message.
/// </summary>
public static class SafetyEvalCommand
{
    public const string DevSet = "tests/evaluation/safety-dev.json";
    public const string TestSet = "tests/evaluation/safety-test.json";
    /// <summary>
    /// More labelled messages, in many writing styles, that the learnt steps are fitted on beside the development
    /// split: every file of this name and its numbered followers (<c>safety-train-2.json</c>, …), so that none grows
    /// past what a repository holds comfortably. The eval prints no figures for them: their batches, once measured
    /// fresh, were read to write phrases, so they cannot measure them, and the development split alone holds the
    /// phrases to their targets.
    /// </summary>
    public const string TrainSet = "tests/evaluation/safety-train.json";

    /// <summary>The training files under <paramref name="contentRoot"/>, <see cref="TrainSet"/> first, then its followers in number order.</summary>
    public static IReadOnlyList<string> TrainSets(string contentRoot)
    {
        var first = Path.Combine(contentRoot, TrainSet);
        var folder = Path.GetDirectoryName(first)!;
        var stem = Path.GetFileNameWithoutExtension(TrainSet);
        // "safety-train-old.json" is no follower: only a number after the stem is.
        static int Number(string file, string stem) => int.TryParse(Path.GetFileNameWithoutExtension(file)[(stem.Length + 1)..],
            NumberStyles.None, CultureInfo.InvariantCulture, out var n) ? n : 0;
        var followers = Directory.Exists(folder)
            ? Directory.EnumerateFiles(folder, stem + "-*.json").Where(f => Number(f, stem) > 0).OrderBy(f => Number(f, stem))
            : Enumerable.Empty<string>();
        return [.. File.Exists(first) ? [first] : Array.Empty<string>(), .. followers];
    }

    /// <summary>The answer evaluation sets, development then frozen test, whose questions are ordinary messages.</summary>
    public static readonly IReadOnlyList<string> QuestionSets = ["tests/evaluation/eval-set.json", "tests/evaluation/test-set.json"];

    public static async Task<int> RunAsync(IConfiguration configuration, string contentRoot, IReadOnlyList<string> args, ILogger logger,
        TextWriter output, CancellationToken cancellationToken)
    {
        var retrieval = CoreFactory.RetrievalOptions(configuration);
        var embedder = args.Contains("--no-model") ? null : EmbedderLoader.TryLoad(logger, retrieval.Model, retrieval.ModelPrecision);
        try
        {
            if (args.Contains("--fit"))
            {
                if (embedder is null)
                {
                    await output.WriteLineAsync("eval --safety --fit needs the sentence model, which did not load");
                    return 2;
                }
                return await SafetyFitCommand.RunAsync(SafetyRules.Locate(configuration, contentRoot), contentRoot, embedder,
                    await Bank(configuration, contentRoot, cancellationToken), output, cancellationToken);
            }
            return await WriteAsync(configuration, contentRoot, embedder, args.Contains("--verbose"), args.Contains("--cost"), output, cancellationToken, args.Contains("--dev"));
        }
        finally
        {
            (embedder as IDisposable)?.Dispose();
        }
    }

    /// <summary>Prints the tables; 1 when the development set misses an emergency, crisis or urgent message or alarms on over 1 %.</summary>
    /// <summary>Whether a message's text may be printed: the development files' messages, never the test split's.</summary>
    private static bool Shown(SafetyMessage message) =>
        message.Source == Path.GetFileName(DevSet) || message.Source == Path.GetFileName(QuestionSets[0]);

    public static async Task<int> WriteAsync(IConfiguration configuration, string contentRoot, ITextEmbedder? embedder, bool verbose, bool cost,
        TextWriter output, CancellationToken cancellationToken, bool onlyDev = false)
    {
        var rules = SafetyRules.Load(SafetyRules.Locate(configuration, contentRoot));
        // The screen's classifier tells alarms from ordinary questions by the question bank, as in the host.
        var screen = new SafetyScreen(rules, ordinary: await Bank(configuration, contentRoot, cancellationToken));
        var questions = QuestionSets.Select(p => Path.Combine(contentRoot, p)).Where(File.Exists).SelectMany(SafetyEvaluation.LoadQuestions).ToList();
        var sets = (onlyDev ? new[] { DevSet } : [DevSet, TestSet]).Select(p => Path.Combine(contentRoot, p)).Where(File.Exists).ToList();
        var modes = embedder is null ? new[] { ("phrases", (ITextEmbedder?)null) } : [("phrases", null), ("phrases + model", embedder)];
        var code = 0;
        await output.WriteLineAsync();
        await output.WriteLineAsync($"Safety screen ({Path.GetRelativePath(contentRoot, rules.File)}: {rules.Alerts.Count} groups, {rules.Triggers.Count()} triggers, {rules.Alerts.Sum(g => g.Examples.Count)} examples, {rules.LookAlikes.Count} look-alikes){(embedder is null ? "; the sentence model is not loaded" : "")}");
        foreach (var path in sets)
        {
            var messages = SafetyEvaluation.LoadMessages(path).Concat(questions).ToList();
            foreach (var (mode, model) in modes)
            {
                var report = new SafetyEvaluation(screen, model).Run(Path.GetFileName(path), messages, cancellationToken);
                await output.WriteLineAsync();
                await output.WriteLineAsync(Table(report, mode));
                var isDev = path.EndsWith(Path.GetFileName(DevSet), StringComparison.Ordinal);
                if (verbose && isDev)
                {
                    // Texts of the development files only: the test split's questions count in the false alarms above,
                    // but are never shown, so nothing is tuned on them.
                    // With the triggers that matched and why each was set aside (negated, an idiom), if any did.
                    foreach (var m in report.Missed.Where(Shown))
                    {
                        // A miss the word step overruled says so: its phrases are listed after as if they had counted.
                        var overruled = screen.Check(m.Text, model, cancellationToken).Overruled;
                        var why = overruled == SafetyClasses.None ? "" : $" (overruled by the word step: {SafetyLearnedFile.AddsValue(overruled)})";
                        await output.WriteLineAsync($"  MISSED {SafetyClassNames.Name(m.Class)}{why}: {m.Text}{Closest(rules, model, m.Text)}  {string.Join("; ", screen.Explain(m.Text))}");
                    }
                    foreach (var m in report.FalseAlarms.Where(Shown))
                    {
                        // The groups that gave a reply, so a reader can tell which group's phrases (listed after) or examples raised it.
                        var raised = screen.Check(m.Text, model, cancellationToken);
                        await output.WriteLineAsync($"  FALSE ALARM {SafetyClassNames.First(raised.Classes)} [{string.Join(", ", raised.Replies.Select(g => g.Id))}]: {m.Text}{Closest(rules, model, m.Text)}  {string.Join("; ", screen.Explain(m.Text))}");
                    }
                    var hidden = report.FalseAlarms.Count(m => !Shown(m));
                    if (hidden > 0) await output.WriteLineAsync($"  ({hidden} false alarm(s) on test-split questions, not shown)");
                    if (model is not null)
                    {
                        var vectors = new SafetyExampleVectors(rules, model);
                        var near = messages.Where(m => m.Class == SafetyClasses.None && Shown(m))
                            .Select(m => (m.Text, S: vectors.Score([m.Text], cancellationToken).Max())).OrderByDescending(x => x.S).Take(8);
                        foreach (var (text, s) in near) await output.WriteLineAsync(string.Create(CultureInfo.InvariantCulture, $"  ordinary, similarity {s:F2}: {text}"));
                    }
                }
                if (isDev && ReferenceEquals(model, modes[^1].Item2) && !MeetsDevTargets(report)) code = 1;
            }
        }
        if (cost)
        {
            var texts = sets.SelectMany(SafetyEvaluation.LoadMessages).Select(m => m.Text).Concat(questions.Select(q => q.Text)).ToList();
            await output.WriteLineAsync();
            foreach (var (mode, model) in modes)
                await output.WriteLineAsync(string.Create(CultureInfo.InvariantCulture,
                    $"cost per message, {mode}: {new SafetyEvaluation(screen, model).MillisecondsPerMessage(texts, 5, cancellationToken):F3} ms (mean over {texts.Count} messages × 5 rounds, {Environment.ProcessorCount} cores)"));
        }
        return code;
    }

    /// <summary>The question bank's questions, or null when there is no bank.</summary>
    private static async Task<IReadOnlyList<string>?> Bank(IConfiguration configuration, string contentRoot, CancellationToken cancellationToken)
    {
        var corpus = CoreFactory.CorpusOptions(configuration, contentRoot);
        var bank = Path.Combine(corpus.Path, corpus.QuestionsFile);
        return File.Exists(bank) ? QuestionBank.Texts(await File.ReadAllTextAsync(bank, cancellationToken)) : null;
    }

    /// <summary>The groups the message reads closest to, for tuning similarity: " (crisis 0.61, urgent 0.40)".</summary>
    private static string Closest(SafetyRules rules, ITextEmbedder? model, string text)
    {
        if (model is null) return "";
        var scores = new SafetyExampleVectors(rules, model).Score([text], CancellationToken.None);
        return " (" + string.Join(", ", rules.Alerts.Select((g, i) => (g.Id, S: scores[i])).OrderByDescending(x => x.S).Take(2)
            .Select(x => string.Create(CultureInfo.InvariantCulture, $"{x.Id} {x.S:F2}"))) + ")";
    }

    private static bool MeetsDevTargets(SafetyReport r) =>
        r.For(SafetyClasses.Emergency).Recall == 1 && r.For(SafetyClasses.Crisis).Recall == 1 && r.For(SafetyClasses.Urgent).Recall == 1 && r.FalseAlarmRate <= 0.01;

    public static string Table(SafetyReport report, string mode)
    {
        var lines = new List<string> { $"{report.Name}, {mode}", $"  {"class",-16} {"messages",8} {"caught",7} {"recall",8}" };
        foreach (var c in report.Classes)
            lines.Add(string.Create(CultureInfo.InvariantCulture, $"  {SafetyClassNames.Name(c.Class),-16} {c.Messages,8} {c.Caught,7} {c.Recall,8:P1}"));
        lines.Add(string.Create(CultureInfo.InvariantCulture,
            $"  false alarms on ordinary messages: {report.OrdinaryAlarms} of {report.OrdinaryMessages} ({report.FalseAlarmRate:P1}): {string.Join(", ", report.Ordinary.Select(o => $"{o.Source} {o.Alarms}/{o.Messages}"))}"));
        return string.Join(Environment.NewLine, lines);
    }
}
