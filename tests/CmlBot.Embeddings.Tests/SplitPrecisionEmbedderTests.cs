using CmlBot.Core.Retrieval;
using Microsoft.Extensions.Logging.Abstractions;

namespace CmlBot.Embeddings.Tests;

/// <summary>
/// At int8, a patient's question runs through the quantized model while the corpus keeps the fp32 model's vectors,
/// kept in the same file as at fp32; and a start that finds every corpus vector kept never loads the fp32 model.
/// </summary>
public sealed class SplitPrecisionEmbedderTests : IDisposable
{
    private readonly string _folder = Path.Combine(Path.GetTempPath(), "cmlbot-split-" + Guid.NewGuid().ToString("N"));

    public void Dispose()
    {
        if (Directory.Exists(_folder)) Directory.Delete(_folder, recursive: true);
    }

    /// <summary>Counts what it embeds; its vectors carry its mark, so a test sees which model made them.</summary>
    private sealed class MarkedEmbedder(float mark) : ITextEmbedder
    {
        public int Embedded;

        public string Name => $"marked {mark}";

        public float[][] Embed(IReadOnlyList<string> texts, CancellationToken cancellationToken = default)
        {
            Interlocked.Add(ref Embedded, texts.Count);
            return texts.Select(t => new[] { mark, t.Length }).ToArray();
        }
    }

    private static readonly string[] Corpus = ["Overt failure is defined as", "what is a buffy coat?"];

    [Fact]
    public void Questions_go_to_the_question_model_and_corpus_texts_to_the_corpus_model()
    {
        var questions = new MarkedEmbedder(8);
        var corpus = new MarkedEmbedder(32);
        var split = new SplitPrecisionEmbedder("split", questions, new Lazy<ITextEmbedder>(() => corpus));
        Assert.Equal(8, split.Embed(["my counts went up"])[0][0]);
        Assert.Equal(8, split.EmbedQueries(["my counts went up"])[0][0]);
        Assert.False(split.CorpusModelLoaded);
        Assert.All(split.EmbedCorpus(Corpus), v => Assert.Equal(32, v[0]));
        Assert.True(split.CorpusModelLoaded);
        Assert.Equal(2, questions.Embedded);
        Assert.Equal(2, corpus.Embedded);
    }

    [Fact]
    public void A_start_that_finds_every_corpus_vector_kept_never_loads_the_corpus_model()
    {
        SplitPrecisionEmbedder Start(out MarkedEmbedder corpus)
        {
            var made = new MarkedEmbedder(32);
            corpus = made;
            return new SplitPrecisionEmbedder("split", new MarkedEmbedder(8), new Lazy<ITextEmbedder>(() => made));
        }
        var first = Start(out _);
        var kept = new CorpusVectorStore(first, _folder, "fp32 build 1", NullLogger.Instance, "model").EmbedCorpus(Corpus);
        Assert.True(first.CorpusModelLoaded);

        var second = Start(out var corpus);
        var again = new CorpusVectorStore(second, _folder, "fp32 build 1", NullLogger.Instance, "model").EmbedCorpus(Corpus);
        Assert.Equal(kept, again);
        Assert.False(second.CorpusModelLoaded);
        Assert.Equal(0, corpus.Embedded);
    }

    [Fact]
    public void The_int8_configuration_quotes_fp32_vectors_for_the_corpus_and_runs_questions_quantized()
    {
        using var fp32 = SentenceModel.MiniLm.Load();
        var int8 = EmbedderLoader.Create(EmbedderLoader.MiniLm, EmbedderLoader.Quantized, _folder);
        try
        {
            const string Text = "Treatment options for relapsing CML include dasatinib and nilotinib.";
            Assert.Equal(fp32.Embed([Text])[0], int8.EmbedCorpus([Text])[0]);
            var question = int8.Embed([Text])[0];
            Assert.NotEqual(fp32.Embed([Text])[0], question);
            Assert.True(VectorMath.Dot(question, fp32.Embed([Text])[0]) > 0.95, "the int8 question vector stays close to the fp32 one");
            Assert.EndsWith(EmbedderLoader.QuantizedQuestionsSuffix, int8.Name, StringComparison.Ordinal);
            // One file of corpus vectors, the fp32 model's, whichever precision the questions run at.
            Assert.True(File.Exists(Path.Combine(_folder, CorpusVectorStore.FileName(EmbedderLoader.MiniLm))));
        }
        finally
        {
            (int8 as IDisposable)?.Dispose();
        }
    }
}
