using System.Globalization;
using CmlBot.Bot.Understanding.Safety;
using CmlBot.Core.Corpus;
using CmlBot.Core.Retrieval;

namespace CmlBot.Cli;

/// <summary>
/// <c>eval --safety --fit</c>: fits the screen's learnt step (<see cref="SafetyLearned"/>) on the development split, the
/// training messages (when there are any) and the answer evaluation set's questions (as ordinary messages), writes it
/// beside the content file, and prints how the
/// screen does with it on messages it was not fitted on: five folds of those messages, each read by a fit on the other
/// four, beside the screen without the step. The frozen test split is never read.
/// </summary>
public static class SafetyFitCommand
{
    /// <summary>The settings of a first fit; a fit over an existing file keeps that file's.</summary>
    public const double Ridge = 1, Lead = 0.5, Floor = 0.4;
    public const SafetyClasses Adds = SafetyClasses.Emergency | SafetyClasses.Crisis;
    private const int Folds = 5;

    /// <summary>What the step is fitted on, in order (the digest in the file is over these).</summary>
    public static IReadOnlyList<SafetyMessage> TrainingMessages(string contentRoot)
    {
        var train = Path.Combine(contentRoot, SafetyEvalCommand.TrainSet);
        return [.. SafetyEvaluation.LoadMessages(Path.Combine(contentRoot, SafetyEvalCommand.DevSet)),
                .. File.Exists(train) ? SafetyEvaluation.LoadMessages(train) : [],
                .. SafetyEvaluation.LoadQuestions(Path.Combine(contentRoot, SafetyEvalCommand.QuestionSets[0]))];
    }

    public static string Digest(IReadOnlyList<SafetyMessage> messages) => SafetyLearned.Digest(messages.Select(m => (m.Text, m.Class)));

    /// <param name="ordinary">The question bank, for the screen's example classifier, as in the host.</param>
    public static async Task<int> RunAsync(string safetyFile, string contentRoot, ITextEmbedder embedder, IReadOnlyList<string>? ordinary,
        TextWriter output, CancellationToken cancellationToken)
    {
        var messages = TrainingMessages(contentRoot);
        var kept = SafetyLearnedFile.LoadBeside(safetyFile);
        var (ridge, lead, floor, adds) = kept is null ? (Ridge, Lead, Floor, Adds) : (kept.Ridge, kept.Lead, kept.Floor, kept.Adds);
        await output.WriteLineAsync($"Embedding {messages.Count} messages with {embedder.Name}…");
        var vectors = new List<float[]>(messages.Count);
        foreach (var chunk in messages.Chunk(32)) vectors.AddRange(embedder.Embed([.. chunk.Select(m => m.Text)], cancellationToken));
        var classes = messages.Select(m => m.Class).ToList();
        var digest = Digest(messages);
        SafetyLearned Fit(Func<int, bool> use) => SafetyLearned.Fit(
            [.. vectors.Where((_, i) => use(i))], [.. classes.Where((_, i) => use(i))], embedder.Name, digest, ridge, lead, floor, adds);

        var text = CorpusLoader.DecodeText(safetyFile, await File.ReadAllBytesAsync(safetyFile, cancellationToken));
        var without = new SafetyScreen(SafetyRulesParser.Parse(safetyFile, text), ordinary: ordinary);
        var before = new SafetyClasses[messages.Count];
        var after = new SafetyClasses[messages.Count];
        for (var i = 0; i < messages.Count; i++) before[i] = without.Check(messages[i].Text, embedder, cancellationToken).Classes;
        for (var fold = 0; fold < Folds; fold++)
        {
            var rules = SafetyRulesParser.Parse(safetyFile, text, Fit(i => i % Folds != fold));
            var screen = new SafetyScreen(rules, ordinary: ordinary);
            for (var i = fold; i < messages.Count; i += Folds) after[i] = screen.Check(messages[i].Text, embedder, cancellationToken).Classes;
        }

        var learned = Fit(_ => true);
        var path = SafetyLearnedFile.Beside(safetyFile);
        await File.WriteAllTextAsync(path, SafetyLearnedFile.Write(learned,
            $"{SafetyEvalCommand.DevSet}, {SafetyEvalCommand.TrainSet} and the questions of {SafetyEvalCommand.QuestionSets[0]} ({messages.Count} messages)"), cancellationToken);
        await output.WriteLineAsync($"Wrote {Path.GetRelativePath(contentRoot, path)} (ridge {ridge.ToString(CultureInfo.InvariantCulture)}, lead {lead.ToString(CultureInfo.InvariantCulture)}, floor {floor.ToString(CultureInfo.InvariantCulture)}, adds {string.Join(" ", SafetyClassNames.Ordered.Where(c => (adds & c) != 0).Select(SafetyClassNames.Name))})");
        await output.WriteLineAsync($"{Folds}-fold, each message read by a fit on the other folds: phrases + model, without → with the learnt step");
        foreach (var c in SafetyClassNames.Ordered)
        {
            var ofClass = Enumerable.Range(0, messages.Count).Where(i => messages[i].Class == c).ToList();
            await output.WriteLineAsync($"  {SafetyClassNames.Name(c),-16} {ofClass.Count(i => SafetyEvaluation.Caught(c, before[i])),6} → {ofClass.Count(i => SafetyEvaluation.Caught(c, after[i])),6} of {ofClass.Count}");
        }
        var plain = Enumerable.Range(0, messages.Count).Where(i => messages[i].Class == SafetyClasses.None).ToList();
        await output.WriteLineAsync($"  {"false alarms",-16} {plain.Count(i => before[i] != SafetyClasses.None),6} → {plain.Count(i => after[i] != SafetyClasses.None),6} of {plain.Count}");
        return 0;
    }
}
