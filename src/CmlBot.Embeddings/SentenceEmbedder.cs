using CmlBot.Core.Retrieval;

namespace CmlBot.Embeddings;

/// <summary>
/// A sentence model behind the core's <see cref="ITextEmbedder"/>: 384-dimensional, unit-length vectors computed
/// on this machine. A model trained with an instruction before each query (<see cref="SentenceModel.QueryPrefix"/>)
/// gets it in <see cref="EmbedQueries"/>; passages and question-to-question comparisons go without.
/// </summary>
public sealed class SentenceEmbedder(string name, string identity, SentenceModel model, OnnxSentenceEncoder encoder) : ITextEmbedder, IDisposable
{
    /// <summary>The model's name, marked when it runs quantized.</summary>
    public string Name => name;

    /// <summary>Names this model exactly (<see cref="SentenceModel.Identity"/>): vectors kept on disk are reused only by the same.</summary>
    public string Identity => identity;

    public bool HasQueryInstruction => model.QueryPrefix is not null;

    public float[][] Embed(IReadOnlyList<string> texts, CancellationToken cancellationToken = default) =>
        encoder.Encode(texts, cancellationToken);

    public float[][] EmbedQueries(IReadOnlyList<string> texts, CancellationToken cancellationToken = default) =>
        model.QueryPrefix is { } prefix ? Embed(texts.Select(t => prefix + t).ToList(), cancellationToken) : Embed(texts, cancellationToken);

    public void Dispose() => encoder.Dispose();
}
