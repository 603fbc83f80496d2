using System.Text;
using CmlBot.Core.Retrieval;
using Microsoft.Extensions.Logging.Abstractions;

namespace CmlBot.Embeddings.Tests;

/// <summary>
/// The corpus's vectors survive a restart, only changed texts are embedded again, a patient's words never reach the
/// file, and a damaged, foreign or unwritable store costs time, never an answer.
/// </summary>
public sealed class CorpusVectorStoreTests : IDisposable
{
    private readonly string _folder = Path.Combine(Path.GetTempPath(), "cmlbot-vectors-" + Guid.NewGuid().ToString("N"));

    public void Dispose()
    {
        if (Directory.Exists(_folder)) Directory.Delete(_folder, recursive: true);
    }

    /// <summary>Counts the texts it embeds; a text's vector is made from its characters.</summary>
    private sealed class CountingEmbedder : ITextEmbedder
    {
        public int Embedded;

        public string Name => "counting (int8)";

        public float[][] Embed(IReadOnlyList<string> texts, CancellationToken cancellationToken = default)
        {
            Interlocked.Add(ref Embedded, texts.Count);
            return texts.Select(t => new float[] { t.Length, t[0], t[^1] }).ToArray();
        }
    }

    private static readonly string[] Corpus = ["Overt failure is defined as", "my pcr went up again", "what is a buffy coat?"];

    private CorpusVectorStore Store(CountingEmbedder inner, string identity = "counting build 1") =>
        new(inner, _folder, identity, NullLogger.Instance);

    [Fact]
    public void A_restart_reads_the_corpus_vectors_instead_of_running_the_model()
    {
        var first = Store(new CountingEmbedder()).EmbedCorpus(Corpus);
        var inner = new CountingEmbedder();
        var again = Store(inner).EmbedCorpus(Corpus);
        Assert.Equal(0, inner.Embedded);
        Assert.Equal(first, again);
    }

    [Fact]
    public void Only_texts_not_embedded_before_go_to_the_model_and_come_back_in_order()
    {
        Store(new CountingEmbedder()).EmbedCorpus(Corpus[..2]);
        var inner = new CountingEmbedder();
        var vectors = Store(inner).EmbedCorpus([Corpus[2], Corpus[0], Corpus[1]]);
        Assert.Equal(1, inner.Embedded);
        Assert.Equal(new CountingEmbedder().Embed([Corpus[2], Corpus[0], Corpus[1]]), vectors);
    }

    [Fact]
    public void A_patients_words_are_embedded_but_never_written()
    {
        var store = Store(new CountingEmbedder());
        store.EmbedCorpus(Corpus);
        var before = File.ReadAllBytes(store.FilePath);
        store.Embed(["I took all my gleevec at once"]);
        store.EmbedQueries(["my name is Jane Doe and my pcr is 0.5"]);
        Assert.Equal(before, File.ReadAllBytes(store.FilePath));
        // Even the corpus's texts are kept by their hash only.
        Assert.DoesNotContain("buffy", Encoding.UTF8.GetString(before), StringComparison.Ordinal);
    }

    [Fact]
    public void Vectors_of_another_model_build_are_not_reused()
    {
        Store(new CountingEmbedder(), "counting build 1").EmbedCorpus(Corpus);
        var inner = new CountingEmbedder();
        Store(inner, "counting build 2").EmbedCorpus(Corpus);
        Assert.Equal(Corpus.Length, inner.Embedded);
    }

    [Theory]
    [InlineData(0)]
    [InlineData(7)]
    [InlineData(60)]
    public void A_damaged_file_is_worked_out_again_and_replaced(int keptBytes)
    {
        var store = Store(new CountingEmbedder());
        var expected = store.EmbedCorpus(Corpus);
        var bytes = File.ReadAllBytes(store.FilePath);
        File.WriteAllBytes(store.FilePath, bytes[..Math.Min(keptBytes, bytes.Length - 1)]);

        var inner = new CountingEmbedder();
        Assert.Equal(expected, Store(inner).EmbedCorpus(Corpus));
        Assert.Equal(Corpus.Length, inner.Embedded);
        Assert.Equal(bytes, File.ReadAllBytes(store.FilePath));
    }

    [Fact]
    public void Trailing_garbage_makes_the_file_unusable_rather_than_half_read()
    {
        var store = Store(new CountingEmbedder());
        store.EmbedCorpus(Corpus);
        File.AppendAllText(store.FilePath, "garbage");
        var inner = new CountingEmbedder();
        Store(inner).EmbedCorpus(Corpus);
        Assert.Equal(Corpus.Length, inner.Embedded);
    }

    [Fact]
    public void A_folder_that_cannot_be_written_still_gives_every_vector()
    {
        Directory.CreateDirectory(Path.GetDirectoryName(_folder)!);
        File.WriteAllText(_folder, "a file where the folder should be");
        try
        {
            var inner = new CountingEmbedder();
            var store = Store(inner);
            Assert.Equal(new CountingEmbedder().Embed(Corpus), store.EmbedCorpus(Corpus));
            Assert.Equal(new CountingEmbedder().Embed(Corpus), store.EmbedCorpus(Corpus)); // remembered in memory
            Assert.Equal(Corpus.Length, inner.Embedded);
        }
        finally
        {
            File.Delete(_folder);
        }
    }

    [Fact]
    public void Instances_saving_at_once_leave_a_whole_file()
    {
        Parallel.For(0, 8, i => Store(new CountingEmbedder()).EmbedCorpus(Corpus.Select(t => t + i).ToList()));
        var inner = new CountingEmbedder();
        var store = Store(inner);
        store.EmbedCorpus(Corpus.Select(t => t + "3").ToList());
        // One instance's file won whole: its texts are read back, the others' are worked out again, nothing fails.
        Assert.True(inner.Embedded is 0 or 3, $"{inner.Embedded} embedded");
        Assert.Single(Directory.GetFiles(_folder));
    }

    [Theory]
    [InlineData("all-MiniLM-L6-v2", "all-MiniLM-L6-v2.vectors")]
    [InlineData("all-MiniLM-L6-v2 (int8)", "all-MiniLM-L6-v2--int8.vectors")]
    [InlineData("../../etc/passwd", "..-..-etc-passwd.vectors")]
    public void The_file_is_named_for_the_model_and_stays_in_its_folder(string model, string file) =>
        Assert.Equal(file, CorpusVectorStore.FileName(model));
}
