using CmlBot.Core;
using CmlBot.Core.Corpus;
using CmlBot.Core.Evaluation;
using CmlBot.Core.Retrieval;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;

namespace CmlBot.Embeddings.Tests;

[Collection(HybridCollection.Name)]
public sealed class HybridTests(HybridFixture fx)
{
    [Fact]
    public void The_configured_default_is_hybrid_and_the_model_is_in_use()
    {
        Assert.Equal(RetrievalOptions.Hybrid, fx.Options.Mode);
        Assert.Equal(RetrievalOptions.Hybrid, fx.Hybrid.Mode);
        Assert.Equal(RetrievalOptions.Lexical, fx.Lexical.Mode);
    }

    [Fact]
    public void The_model_gives_unit_length_384_dimension_vectors_deterministically()
    {
        var a = fx.Embedder.Embed(["my leukemia came back after my bone marrow transplant", "patients who relapse following allogeneic transplant"]);
        Assert.All(a, v => Assert.Equal(384, v.Length));
        Assert.All(a, v => Assert.InRange(Math.Sqrt(v.Sum(x => (double)x * x)), 0.99, 1.01));
        var b = fx.Embedder.Embed(["my leukemia came back after my bone marrow transplant"]);
        Assert.Equal(a[0], b[0]);
        var related = a[0].Zip(a[1]).Sum(p => p.First * p.Second);
        var unrelated = a[0].Zip(fx.Embedder.Embed(["the weather tomorrow"])[0]).Sum(p => p.First * p.Second);
        Assert.True(related > unrelated);
    }

    [Fact]
    public void Hybrid_meets_the_targets_on_the_main_set()
    {
        var report = new Evaluator(fx.Hybrid).Run(Evaluator.Without(fx.Set, "paraphrase"));
        Assert.True(!report.MissedTargets().Any(), string.Join("\n", report.MissedTargets().Concat(report.Failures)));
    }

    public static TheoryData<string> Views => new() { "main", "paraphrase", "overall" };

    [Theory]
    [MemberData(nameof(Views))]
    public void Hybrid_lowers_no_figure(string view)
    {
        var set = view switch
        {
            "main" => Evaluator.Without(fx.Set, "paraphrase"),
            "paraphrase" => Evaluator.Subset(fx.Set, "paraphrase"),
            _ => fx.Set,
        };
        var h = new Evaluator(fx.Hybrid).Run(set);
        var l = new Evaluator(fx.Lexical).Run(set);
        // On the main set alone the bank's decision may trade a question the words found for the many paraphrases they
        // miss (overall and paraphrase top-1 must not drop; the main set's targets are held by the test above).
        if (view != "main") Assert.True(h.Top1 >= l.Top1, $"top-1 {h.Top1} < {l.Top1}");
        else Assert.True(h.Top1 >= l.Top1 - 0.02, $"main-set top-1 {h.Top1} more than one question below {l.Top1}");
        Assert.True(h.RecallAt3 >= l.RecallAt3 - (view == "main" ? 0.02 : 0), $"recall@3 {h.RecallAt3} < {l.RecallAt3}");
        Assert.True(h.CitationCorrectness >= l.CitationCorrectness);
        Assert.True(h.AbstentionRecall >= l.AbstentionRecall, $"abstention recall {h.AbstentionRecall} < {l.AbstentionRecall}");
        // On the main set the decision refuses two questions the words answered (the bank's threshold trades them for
        // the paraphrases): there it is held to the main set's target for refusals (≤ 5 %), which also lowers
        // abstention precision; elsewhere it refuses no more than lexical.
        Assert.True(view == "main" || double.IsNaN(l.AbstentionPrecision) || h.AbstentionPrecision >= l.AbstentionPrecision,
            $"abstention precision {h.AbstentionPrecision} < {l.AbstentionPrecision}");
        Assert.True(h.FalseRefusalRate <= (view == "main" ? 0.05 : l.FalseRefusalRate), $"answerable refused {h.FalseRefusalRate} > {l.FalseRefusalRate}");
    }

    [Fact]
    public void Hybrid_raises_top1_on_the_paraphrases()
    {
        var set = Evaluator.Subset(fx.Set, "paraphrase");
        Assert.True(new Evaluator(fx.Hybrid).Run(set).Top1 > new Evaluator(fx.Lexical).Run(set).Top1);
    }

    [Fact]
    public void A_paraphrase_with_no_shared_word_is_found_by_meaning()
    {
        const string question = "Can more of the graft giver's immunity be given to me if the leukemia returns?";
        Assert.False(fx.Lexical.Ask(question).Answered);
        var answer = fx.Hybrid.Ask(question);
        Assert.True(answer.Answered);
        Assert.Contains("Infusions of buffy coat leukocytes", answer.Passages[0].Text, StringComparison.Ordinal);
        Assert.Equal([12, 13], answer.References.Select(r => r.Number));
    }

    [Theory]
    [InlineData("How much does imatinib cost?")]
    [InlineData("Does nilotinib cause heart problems?")]
    [InlineData("What dose of imatinib is used for children?")]
    public void Near_misses_stay_refused_in_hybrid_mode(string question) => Assert.False(fx.Hybrid.Ask(question).Answered);

    [Fact]
    public void A_model_that_fails_to_load_logs_a_warning_and_retrieval_falls_back_to_lexical()
    {
        var logger = new ListLogger();
        var embedder = EmbedderLoader.TryLoad(logger, () => throw new DllNotFoundException("libonnxruntime.so"));
        Assert.Null(embedder);
        Assert.Contains(logger.Entries, e => e.Level == LogLevel.Warning && e.Message.Contains("libonnxruntime.so", StringComparison.Ordinal) && e.Message.Contains("lexically", StringComparison.Ordinal));
        using var answerer = QuestionAnswerer.Create(fx.Corpus, fx.CorpusOptions, fx.Options, fx.AnswerOptions, embedder);
        Assert.Equal(RetrievalOptions.Lexical, answerer.Mode);
        Assert.True(answerer.Ask("What is a donor lymphocyte infusion?").Answered);
    }

    [Fact]
    public void A_model_that_returns_nothing_is_treated_as_not_loaded()
    {
        var embedder = EmbedderLoader.TryLoad(NullLogger.Instance, () => new BrokenEmbedder());
        Assert.Null(embedder);
    }

    [Fact]
    public async Task Vectors_are_kept_in_the_persisted_index_and_rebuilt_with_it()
    {
        var dir = Directory.CreateTempSubdirectory("cmlbot-vectors-").FullName;
        try
        {
            var options = new CorpusOptions { Path = fx.CorpusOptions.Path, IndexPath = dir };
            var corpus = await new CorpusLoader(options).LoadAsync();
            var counting = new CountingEmbedder(fx.Embedder);
            using (var first = QuestionAnswerer.Create(corpus, options, fx.Options, fx.AnswerOptions, counting)) Assert.False(first.ReusedPersistedIndex);
            var passagesEmbedded = counting.Texts;
            using (var second = QuestionAnswerer.Create(corpus, options, fx.Options, fx.AnswerOptions, counting))
            {
                Assert.True(second.ReusedPersistedIndex);
                Assert.Equal(passagesEmbedded, counting.Texts); // nothing re-embedded at start-up
                Assert.Equal(fx.Hybrid.Ask("DLI success rate?").Text, second.Ask("DLI success rate?").Text);
            }
            // A different model: the stored vectors do not fit it, so the index is rebuilt.
            using (var third = QuestionAnswerer.Create(corpus, options, fx.Options, fx.AnswerOptions, new RenamedEmbedder(fx.Embedder))) Assert.False(third.ReusedPersistedIndex);
        }
        finally { Directory.Delete(dir, recursive: true); }
    }

    private sealed class BrokenEmbedder : ITextEmbedder
    {
        public string Name => "broken";
        public float[][] Embed(IReadOnlyList<string> texts, CancellationToken cancellationToken = default) => [];
    }

    private sealed class CountingEmbedder(ITextEmbedder inner) : ITextEmbedder
    {
        public int Texts { get; private set; }
        public string Name => inner.Name;
        public float[][] Embed(IReadOnlyList<string> texts, CancellationToken cancellationToken = default)
        {
            Texts += texts.Count;
            return inner.Embed(texts, cancellationToken);
        }
    }

    private sealed class RenamedEmbedder(ITextEmbedder inner) : ITextEmbedder
    {
        public string Name => inner.Name + "-v2";
        public float[][] Embed(IReadOnlyList<string> texts, CancellationToken cancellationToken = default) => inner.Embed(texts, cancellationToken);
    }
}
