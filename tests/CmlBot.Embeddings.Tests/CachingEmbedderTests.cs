using CmlBot.Core.Retrieval;

namespace CmlBot.Embeddings.Tests;

/// <summary>A question asked again costs no inference, gets the very vector, and the memory stays bounded.</summary>
public sealed class CachingEmbedderTests
{
    /// <summary>Counts the texts it embeds; a text's vector is made from its characters.</summary>
    private sealed class CountingEmbedder(bool instruction = false) : ITextEmbedder
    {
        public int Embedded;

        public string Name => "counting";

        public bool HasQueryInstruction => instruction;

        public float[][] Embed(IReadOnlyList<string> texts, CancellationToken cancellationToken = default)
        {
            Interlocked.Add(ref Embedded, texts.Count);
            return texts.Select(t => new[] { t.Length, t.GetHashCode(StringComparison.Ordinal) % 1000f }).ToArray();
        }

        public float[][] EmbedQueries(IReadOnlyList<string> texts, CancellationToken cancellationToken = default) =>
            Embed(texts.Select(t => "query: " + t).ToList(), cancellationToken);
    }

    [Fact]
    public void A_question_asked_again_is_not_embedded_again()
    {
        var inner = new CountingEmbedder();
        var cache = new CachingEmbedder(inner, 100);
        var first = cache.EmbedQueries(["What if imatinib stops working?"])[0];
        var again = cache.Embed(["What if imatinib stops working?"])[0];
        Assert.Same(first, again); // no query instruction: the search and the bank share one vector
        Assert.Equal(1, inner.Embedded);
    }

    [Fact]
    public void Only_the_missing_texts_of_a_call_go_to_the_model_and_come_back_in_order()
    {
        var inner = new CountingEmbedder();
        var cache = new CachingEmbedder(inner, 100);
        cache.Embed(["b"]);
        var vectors = cache.Embed(["a", "b", "ccc"]);
        Assert.Equal([1f, 1f, 3f], vectors.Select(v => v[0]));
        Assert.Equal(3, inner.Embedded);
    }

    [Theory]
    [InlineData("  What is   imatinib? ")]
    [InlineData("What\tis\r\nimatinib?")]
    public void Whitespace_differences_share_an_entry(string variant)
    {
        var inner = new CountingEmbedder();
        var cache = new CachingEmbedder(inner, 100);
        var plain = cache.Embed(["What is imatinib?"])[0];
        Assert.Same(plain, cache.Embed([variant])[0]);
        Assert.Equal(1, inner.Embedded);
    }

    [Fact]
    public void Other_spaces_and_case_are_different_texts()
    {
        var cache = new CachingEmbedder(new CountingEmbedder(), 100);
        var plain = cache.Embed(["What is imatinib?"])[0];
        Assert.NotSame(plain, cache.Embed(["What\u00A0is imatinib?"])[0]);
        Assert.NotSame(plain, cache.Embed(["what is imatinib?"])[0]);
    }

    [Fact]
    public void Whitespace_the_key_collapses_gives_the_same_vector_from_the_model()
    {
        using var model = SentenceModel.MiniLm.Load();
        Assert.Equal(model.Embed(["What is imatinib?"])[0], model.Embed(["  What \t is\r\n  imatinib?  "])[0]);
    }

    [Fact]
    public void A_model_with_a_query_instruction_keeps_search_and_plain_vectors_apart()
    {
        var inner = new CountingEmbedder(instruction: true);
        var cache = new CachingEmbedder(inner, 100);
        var query = cache.EmbedQueries(["relapse"])[0];
        var plain = cache.Embed(["relapse"])[0];
        Assert.NotEqual(query[0], plain[0]);
        cache.EmbedQueries(["relapse"]);
        cache.Embed(["relapse"]);
        Assert.Equal(2, inner.Embedded);
    }

    [Fact]
    public void Memory_stays_within_the_capacity_and_questions_asked_often_stay()
    {
        var inner = new CountingEmbedder();
        var cache = new CachingEmbedder(inner, 100);
        for (var i = 0; i < 10_000; i++)
        {
            cache.Embed(["popular question"]);
            cache.Embed([$"question {i}"]);
            Assert.True(cache.Count <= 100, $"{cache.Count} texts kept");
        }
        Assert.Equal(10_001, inner.Embedded); // the popular one once, each other once
    }

    [Fact]
    public void A_call_as_large_as_an_index_build_passes_straight_through()
    {
        var inner = new CountingEmbedder();
        var cache = new CachingEmbedder(inner, 1000);
        var texts = Enumerable.Range(0, OnnxSentenceEncoder.BatchFrom).Select(i => $"passage {i}").ToList();
        cache.Embed(texts);
        Assert.Equal(0, cache.Count);
        cache.Embed([texts[0]]);
        Assert.Equal(OnnxSentenceEncoder.BatchFrom + 1, inner.Embedded);
    }

    [Fact]
    public void A_capacity_of_zero_remembers_nothing()
    {
        var inner = new CountingEmbedder();
        var cache = new CachingEmbedder(inner, 0);
        cache.Embed(["a"]);
        cache.Embed(["a"]);
        Assert.Equal(2, inner.Embedded);
        Assert.Equal(0, cache.Count);
    }

    [Fact]
    public void Many_threads_asking_at_once_get_each_texts_own_vector()
    {
        var cache = new CachingEmbedder(new CountingEmbedder(), 64);
        Parallel.For(0, 20_000, new ParallelOptions { MaxDegreeOfParallelism = 8 }, i =>
        {
            var text = new string('x', i % 200 + 1);
            Assert.Equal(text.Length, cache.Embed([text])[0][0]);
        });
        Assert.True(cache.Count <= 64, $"{cache.Count} texts kept");
    }
}
