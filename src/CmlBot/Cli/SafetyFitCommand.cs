using System.Globalization;
using CmlBot.Bot.Understanding.Safety;
using CmlBot.Core.Corpus;
using CmlBot.Core.Retrieval;
using CmlBot.Embeddings;

namespace CmlBot.Cli;

/// <summary>
/// <c>eval --safety --fit</c>: fits the screen's two learnt steps, over the sentence vector (<see cref="SafetyLearned"/>)
/// and over the words (<see cref="SafetyWords"/>), on the development split, the training messages (when there are
/// any) and the answer evaluation set's questions (as ordinary messages), writes them beside the content file, and
/// prints how the screen does with them on messages they were not fitted on: five folds of those messages, each read
/// by fits on the other four, beside the screen without the steps. The frozen test split is never read.
/// </summary>
public static class SafetyFitCommand
{
    /// <summary>The settings of a first fit of the vector step; a fit over an existing file keeps that file's.</summary>
    public const double Ridge = 1, Lead = 0.5, Floor = 0.4;
    public const SafetyClasses Adds = SafetyClasses.Emergency | SafetyClasses.Crisis;

    /// <summary>
    /// The settings of a first fit of the word step, chosen on five folds of the training messages. Adding at a floor and
    /// a lead of 0.5, the step by itself alarmed on 1 of 8,118 held-out ordinary messages, and overruling as it does, it
    /// took away 215 of the 513 alarms the rest raised on them and none of the messages of a class. With that room,
    /// adding at 0.35 and 0.25 caught 25 more messages for 8 more alarms. A medicine change is not overruled: its
    /// caution comes before the answer, not instead of it, so an alarm costs a line.
    /// </summary>
    public const double WordsRidge = 1, WordsLead = 0.25, WordsFloor = 0.35, WordsVeto = 0.5;
    public const int WordsLeast = 5;
    public const SafetyClasses WordsAdds = SafetyClasses.Emergency | SafetyClasses.Crisis | SafetyClasses.Urgent | SafetyClasses.MedicineChange;
    public const SafetyClasses WordsVetoes = SafetyClasses.Emergency | SafetyClasses.Crisis | SafetyClasses.Urgent;
    private const int Folds = 5;

    /// <summary>What the steps are fitted on, in order (the digest in the files is over these).</summary>
    public static IReadOnlyList<SafetyMessage> TrainingMessages(string contentRoot)
    {
        return [.. SafetyEvaluation.LoadMessages(Path.Combine(contentRoot, SafetyEvalCommand.DevSet)),
                .. SafetyEvalCommand.TrainSets(contentRoot).SelectMany(SafetyEvaluation.LoadMessages),
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
        var keptWords = SafetyWordsFile.LoadBeside(safetyFile);
        var (wordsRidge, least, wordsLead, wordsFloor, wordsAdds, veto, vetoes) = keptWords is null
            ? (WordsRidge, WordsLeast, WordsLead, WordsFloor, WordsAdds, WordsVeto, WordsVetoes)
            : (keptWords.Ridge, keptWords.Least, keptWords.Lead, keptWords.Floor, keptWords.Adds, keptWords.Veto, keptWords.Vetoes);
        await output.WriteLineAsync($"Embedding {messages.Count} messages with {embedder.Name}…");
        var vectors = new List<float[]>(messages.Count);
        foreach (var chunk in messages.Chunk(32)) vectors.AddRange(embedder.Embed([.. chunk.Select(m => m.Text)], cancellationToken));
        var classes = messages.Select(m => m.Class).ToList();
        var digest = Digest(messages);
        var text = CorpusLoader.DecodeText(safetyFile, await File.ReadAllBytesAsync(safetyFile, cancellationToken));
        var plainRules = SafetyRulesParser.Parse(safetyFile, text);
        var prepared = messages.Select(m => plainRules.Prepare(m.Text)).ToList();
        SafetyLearned Fit(Func<int, bool> use) => SafetyLearned.Fit(
            [.. vectors.Where((_, i) => use(i))], [.. classes.Where((_, i) => use(i))], embedder.Name, digest, ridge, lead, floor, adds);
        SafetyWords FitWords(Func<int, bool> use) => SafetyWords.Fit(
            [.. prepared.Where((_, i) => use(i))], [.. classes.Where((_, i) => use(i))], digest, wordsRidge, least, wordsLead, wordsFloor, wordsAdds, veto, vetoes);

        // Each message goes through sixteen screens (without the steps, then three per fold): its pieces are embedded once.
        // Not disposed: that would dispose the caller's model.
        var model = new CachingEmbedder(embedder, int.MaxValue);
        var without = new SafetyScreen(plainRules, ordinary: ordinary);
        var before = new SafetyClasses[messages.Count];
        var vector = new SafetyClasses[messages.Count];
        var adding = new SafetyClasses[messages.Count];
        var both = new SafetyClasses[messages.Count];
        for (var i = 0; i < messages.Count; i++) before[i] = without.Check(messages[i].Text, model, cancellationToken).Classes;
        for (var fold = 0; fold < Folds; fold++)
        {
            bool Use(int i) => i % Folds != fold;
            var learned = Fit(Use);
            var withVector = new SafetyScreen(SafetyRulesParser.Parse(safetyFile, text, learned), ordinary: ordinary);
            var words = FitWords(Use);
            // The same weights, only adding: what overruling takes away shows on its own.
            var withAdding = new SafetyScreen(SafetyRulesParser.Parse(safetyFile, text, learned, words.WithVetoes(SafetyClasses.None)), ordinary: ordinary);
            var withBoth = new SafetyScreen(SafetyRulesParser.Parse(safetyFile, text, learned, words), ordinary: ordinary);
            for (var i = fold; i < messages.Count; i += Folds)
            {
                vector[i] = withVector.Check(messages[i].Text, model, cancellationToken).Classes;
                adding[i] = withAdding.Check(messages[i].Text, model, cancellationToken).Classes;
                both[i] = withBoth.Check(messages[i].Text, model, cancellationToken).Classes;
            }
        }

        var trainSets = string.Concat(SafetyEvalCommand.TrainSets(contentRoot).Select(f => ", " + Path.GetRelativePath(contentRoot, f).Replace('\\', '/')));
        var source = $"{SafetyEvalCommand.DevSet}{trainSets} and the questions of {SafetyEvalCommand.QuestionSets[0]} ({messages.Count} messages)";
        var path = SafetyLearnedFile.Beside(safetyFile);
        await File.WriteAllTextAsync(path, SafetyLearnedFile.Write(Fit(_ => true), source), cancellationToken);
        await output.WriteLineAsync($"Wrote {Path.GetRelativePath(contentRoot, path)} ({Settings(ridge, lead, floor, adds)})");
        var wordsPath = SafetyWordsFile.Beside(safetyFile);
        var fitted = FitWords(_ => true);
        await File.WriteAllTextAsync(wordsPath, SafetyWordsFile.Write(fitted, source), cancellationToken);
        await output.WriteLineAsync($"Wrote {Path.GetRelativePath(contentRoot, wordsPath)} ({fitted.Weights.Count} words and pairs in at least {least} messages; "
            + $"{Settings(wordsRidge, wordsLead, wordsFloor, wordsAdds)}; veto {veto.ToString(CultureInfo.InvariantCulture)}, vetoes {SafetyLearnedFile.AddsValue(vetoes)})");
        await output.WriteLineAsync($"{Folds}-fold, each message read by fits on the other folds: phrases + model, without → with the vector step → with the word step adding → and overruling");
        foreach (var c in SafetyClassNames.Ordered)
        {
            var ofClass = Enumerable.Range(0, messages.Count).Where(i => messages[i].Class == c).ToList();
            int Caught(SafetyClasses[] found) => ofClass.Count(i => SafetyEvaluation.Caught(c, found[i]));
            await output.WriteLineAsync($"  {SafetyClassNames.Name(c),-16} {Caught(before),6} → {Caught(vector),6} → {Caught(adding),6} → {Caught(both),6} of {ofClass.Count}");
        }
        var plain = Enumerable.Range(0, messages.Count).Where(i => messages[i].Class == SafetyClasses.None).ToList();
        int Alarms(SafetyClasses[] found) => plain.Count(i => found[i] != SafetyClasses.None);
        await output.WriteLineAsync($"  {"false alarms",-16} {Alarms(before),6} → {Alarms(vector),6} → {Alarms(adding),6} → {Alarms(both),6} of {plain.Count}");
        return 0;
    }

    private static string Settings(double ridge, double lead, double floor, SafetyClasses adds) => string.Create(CultureInfo.InvariantCulture,
        $"ridge {ridge}, lead {lead}, floor {floor}, adds {SafetyLearnedFile.AddsValue(adds)}");
}
