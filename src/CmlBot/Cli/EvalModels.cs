using System.Globalization;
using CmlBot.Core.Evaluation;
using CmlBot.Core.Retrieval;
using CmlBot.Embeddings;
using Microsoft.Extensions.Logging;

namespace CmlBot.Cli;

/// <summary>
/// <c>eval --models</c>: each sentence model on the development split: question to bank (does the nearest bank
/// question belong to the gold passage?), question to passage (is the nearest passage gold?), and the whole decision
/// with its thresholds fitted for that model on the same split.
/// </summary>
public static class EvalModels
{
    public static async Task<int> CompareAsync(EvaluationSet set, EvalSetup setup, ILogger logger, TextWriter output, CancellationToken cancellationToken)
    {
        await output.WriteLineAsync("model | question→bank top-1 | question→passage top-1 | paraphrase q→bank | paraphrase q→passage | fitted decision (top-1, para top-1, off-topic refused, wrongly refused)");
        foreach (var (model, precision) in new[] { (EmbedderLoader.MiniLm, EmbedderLoader.Fp32), (EmbedderLoader.MiniLm, EmbedderLoader.Quantized), (EmbedderLoader.ArcticXs, EmbedderLoader.Fp32) })
        {
            using var loaded = EmbedderLoader.TryLoad(logger, model, precision) as IDisposable;
            if (loaded is null) { await output.WriteLineAsync($"{model} {precision} | not loaded"); continue; }
            var embedder = new CachingEmbedder((ITextEmbedder)loaded, int.MaxValue);
            var options = setup.Retrieval.WithMode(RetrievalOptions.Hybrid);
            options.SemanticCandidates = 1000;
            using var answerer = setup.Create(options, embedder);
            var answerable = set.Questions.Where(q => q.Answerable).ToList();
            int bankRight = 0, passageRight = 0, paraBank = 0, paraPassage = 0, paras = 0;
            foreach (var q in answerable)
            {
                var (evidence, _) = answerer.Understand(q.Question);
                bool Gold(string id) => answerer.PassageById(id) is { } p && q.Gold.Any(g => g.StartsWith("ref:", StringComparison.Ordinal)
                    ? p.Id.EndsWith(":ref" + g[4..], StringComparison.Ordinal)
                    : p.Sentence?.PlainText.StartsWith(g, StringComparison.Ordinal) == true);
                var bank = evidence.Examples?.Passages.FirstOrDefault()?.PassageId;
                var nearest = evidence.Retrieval.Hits.OrderByDescending(h => h.Similarity).FirstOrDefault()?.Passage.Id;
                var para = q.TagList.Contains(EvalCommand.ParaphraseTag);
                if (para) paras++;
                if (bank is not null && Gold(bank)) { bankRight++; if (para) paraBank++; }
                if (nearest is not null && Gold(nearest)) { passageRight++; if (para) paraPassage++; }
            }
            var (_, fitted) = EvalFit.Fit(answerer, set, setup.Answers.ConfidenceThreshold)[0];
            await output.WriteLineAsync(string.Create(CultureInfo.InvariantCulture,
                $"{((ITextEmbedder)loaded).Name} | {bankRight / (double)answerable.Count:P1} | {passageRight / (double)answerable.Count:P1} | {paraBank / (double)paras:P1} | {paraPassage / (double)paras:P1} | {fitted.Top1:P1}, {fitted.ParaphraseTop1:P1}, {fitted.AbstentionRecall:P1}, {fitted.FalseRefusalRate:P1}"));
            cancellationToken.ThrowIfCancellationRequested();
        }
        return 0;
    }
}
