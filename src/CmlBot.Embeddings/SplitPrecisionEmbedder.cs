using CmlBot.Core.Retrieval;

namespace CmlBot.Embeddings;

/// <summary>
/// Patients' questions through the int8 model, the corpus's own texts through the fp32 model. The corpus is
/// embedded once (and kept in the cache folder), so it can afford the slower model, and only the question side
/// carries the quantization's error; a question is where the speed counts. The fp32 model is loaded only when a
/// corpus text has no kept vector.
/// </summary>
public sealed class SplitPrecisionEmbedder(string name, ITextEmbedder questions, Lazy<ITextEmbedder> corpus) : ITextEmbedder, IDisposable
{
    /// <summary>Differs from both models' names, so an index persisted by another configuration is rebuilt.</summary>
    public string Name => name;

    public bool HasQueryInstruction => questions.HasQueryInstruction;

    public float[][] Embed(IReadOnlyList<string> texts, CancellationToken cancellationToken = default) =>
        questions.Embed(texts, cancellationToken);

    public float[][] EmbedQueries(IReadOnlyList<string> texts, CancellationToken cancellationToken = default) =>
        questions.EmbedQueries(texts, cancellationToken);

    public float[][] EmbedCorpus(IReadOnlyList<string> texts, CancellationToken cancellationToken = default) =>
        corpus.Value.EmbedCorpus(texts, cancellationToken);

    /// <summary>Whether the fp32 model has been loaded (for tests: a start with every corpus vector kept never loads it).</summary>
    public bool CorpusModelLoaded => corpus.IsValueCreated;

    public void Dispose()
    {
        (questions as IDisposable)?.Dispose();
        if (corpus.IsValueCreated) (corpus.Value as IDisposable)?.Dispose();
    }
}
