using CmlBot.Embeddings.Quantization;
using Google.Protobuf;
using Microsoft.ML.OnnxRuntime;
using Microsoft.ML.OnnxRuntime.Tensors;
using Onnx;
using static CmlBot.Embeddings.Tests.Quantization.TinyModels;

namespace CmlBot.Embeddings.Tests.Quantization;

/// <summary>
/// The int8 all-MiniLM-L6-v2 against the fp32 one it is made from, and small graphs for what must stay untouched.
/// Measured with the default options: cosine 0.991 to 0.996 for questions, 0.965 for "thanks!" (four tokens, where
/// the few activations share one 8-bit range), mean 0.993; the floors below sit a little under those.
/// </summary>
public sealed class DynamicQuantizerTests(MiniLmModels models) : IClassFixture<MiniLmModels>
{
    private static readonly string[] Questions =
    [
        "What is chronic myeloid leukemia?", "Can I drink coffee while taking imatinib?", "Is CML hereditary?",
        "What does BCR-ABL mean?", "How often should I get a PCR test?", "Will I lose my hair on nilotinib?",
        "Can I get pregnant while on treatment?", "What is a major molecular response?",
        "I feel tired all the time, is it the medication?", "Can I stop taking my pills if I am in remission?",
        "What are the side effects of dasatinib?", "My white blood cell count is high, should I worry?",
        "How long do people with CML live?", "Is there a cure for leukemia?", "Can my children catch leukemia from me?",
        "What is the Philadelphia chromosome?", "Does bosutinib cause diarrhea?", "Should I take my medicine with food or on an empty stomach?",
        "What happens in the blast phase?", "Are there clinical trials for asciminib near me?", "I missed a dose yesterday, what should I do?",
        "Can I travel abroad during treatment?", "Bone marrow biopsy: does it hurt?",
        "What is the difference between acute and chronic leukemia, and why does it matter for the treatment my doctor is proposing over the next few years?",
        "After three years on imatinib my BCR-ABL level dropped below 0.1 percent, and my haematologist mentioned treatment-free remission; "
            + "what are the risks of stopping and how closely would I be monitored afterwards?",
        "Grapefruit juice and St John's wort can interact with tyrosine kinase inhibitors by changing how the liver breaks the drug down.",
        "The weather in Paris is lovely in the spring.",
        "Explain ponatinib and the T315I mutation in simple words, please, because my doctor used a lot of jargon I did not follow.",
    ];

    private static readonly string[] Greetings = ["hi", "thanks!"];

    [Fact]
    public void A_quantized_model_loads_in_onnx_runtime_with_the_same_inputs_and_outputs()
    {
        Assert.Equal(models.OriginalSession.InputMetadata.Keys.Order(), models.QuantizedSession.InputMetadata.Keys.Order());
        Assert.Equal(models.OriginalSession.OutputMetadata.Keys.Order(), models.QuantizedSession.OutputMetadata.Keys.Order());
    }

    [Fact]
    public void Questions_give_vectors_within_0_985_cosine_of_the_original_and_0_99_on_average()
    {
        var cosines = Questions.Select(q => Cosine(models.Embed(models.OriginalSession, q)[0], models.Embed(models.QuantizedSession, q)[0])).ToList();
        Assert.All(cosines.Zip(Questions), p => Assert.True(p.First >= 0.985, $"{p.First:F4}: {p.Second}"));
        Assert.True(cosines.Average() >= 0.99, $"mean {cosines.Average():F4}");
    }

    [Fact]
    public void Greetings_of_a_few_tokens_stay_within_0_95_cosine_of_the_original()
    {
        foreach (var greeting in Greetings)
        {
            var cosine = Cosine(models.Embed(models.OriginalSession, greeting)[0], models.Embed(models.QuantizedSession, greeting)[0]);
            Assert.True(cosine >= 0.95, $"{cosine:F4}: {greeting}");
        }
    }

    [Fact]
    public void A_padded_batch_stays_within_0_95_cosine_of_the_original()
    {
        // Padding tokens share each activation's 8-bit range, so a batch is a little less exact than one text at a time.
        var texts = Questions.Concat(Greetings).ToArray();
        var fp32 = models.Embed(models.OriginalSession, texts);
        var int8 = models.Embed(models.QuantizedSession, texts);
        var cosines = fp32.Zip(int8, Cosine).ToList();
        Assert.True(cosines.Min() >= 0.95, $"min {cosines.Min():F4}");
        Assert.True(cosines.Average() >= 0.985, $"mean {cosines.Average():F4}");
    }

    [Fact]
    public void The_quantized_model_is_at_most_35_percent_of_the_original_size() =>
        Assert.True(models.Quantized.Length <= models.Original.Length * 0.35, $"{models.Quantized.Length:N0} of {models.Original.Length:N0} bytes");

    [Fact]
    public void Quantizing_twice_gives_the_same_bytes() =>
        Assert.True(DynamicQuantizer.Quantize(models.Original).AsSpan().SequenceEqual(models.Quantized));

    [Fact]
    public void Every_weight_MatMul_becomes_integer_and_the_attention_MatMuls_stay_fp32()
    {
        var original = ModelProto.Parser.ParseFrom(models.Original).Graph;
        var quantized = ModelProto.Parser.ParseFrom(models.Quantized).Graph;
        var initializers = original.Initializer.Select(t => t.Name).ToHashSet();
        var weighted = original.Node.Where(n => n.OpType is "MatMul" or "Gemm" && initializers.Contains(n.Input[1])).ToList();
        var betweenActivations = original.Node.Count(n => n.OpType == "MatMul" && !initializers.Contains(n.Input[1]));

        Assert.Equal(weighted.Count, quantized.Node.Count(n => n.OpType == "MatMulInteger"));
        Assert.Equal(betweenActivations, quantized.Node.Count(n => n.OpType == "MatMul"));
        Assert.DoesNotContain(quantized.Node, n => n.OpType == "Gemm");
        // No fp32 copy of a quantized weight or of the word-embedding table is left behind.
        var replaced = weighted.Select(n => n.Input[1]).Append("embeddings.word_embeddings.weight").ToHashSet();
        Assert.Equal([], quantized.Initializer.Select(t => t.Name).Where(replaced.Contains));
    }

    [Fact]
    public void A_model_with_no_quantizable_MatMul_comes_back_functionally_unchanged()
    {
        // Both MatMul operands are graph inputs: there is no weight to quantize ahead of time.
        var graph = new GraphProto { Name = "activations" };
        graph.Input.Add(Float("x", 2, 3));
        graph.Input.Add(Float("y", 3, 4));
        graph.Output.Add(Float("z", 2, 4));
        graph.Node.Add(Node("MatMul", "product", ["x", "y"], ["p"]));
        graph.Node.Add(Node("Relu", "relu", ["p"], ["z"]));
        var original = Model(13, graph).ToByteArray();

        var quantized = DynamicQuantizer.Quantize(original);

        Assert.Equal(["MatMul", "Relu"], ModelProto.Parser.ParseFrom(quantized).Graph.Node.Select(n => n.OpType));
        var inputs = new Dictionary<string, (float[], int[])> { ["x"] = (Random(6, 1), [2, 3]), ["y"] = (Random(12, 2), [3, 4]) };
        Assert.Equal(Run(original, inputs, "z"), Run(quantized, inputs, "z"));
    }

    [Fact]
    public void A_MatMul_between_activations_is_left_alone_beside_a_quantized_one()
    {
        // h = x·W (weight: quantized); s = h·hᵀ (attention-style scores: both operands computed, stays fp32).
        var graph = new GraphProto { Name = "scores" };
        graph.Input.Add(Float("x", 3, 16));
        graph.Output.Add(Float("s", 3, 3));
        graph.Initializer.Add(Weight("w", [16, 8], 3));
        graph.Node.Add(Node("MatMul", "project", ["x", "w"], ["h"]));
        graph.Node.Add(Node("Transpose", "flip", ["h"], ["ht"]));
        graph.Node.Add(Node("MatMul", "scores", ["h", "ht"], ["s"]));
        var original = Model(13, graph).ToByteArray();

        var quantized = DynamicQuantizer.Quantize(original);

        var nodes = ModelProto.Parser.ParseFrom(quantized).Graph.Node;
        Assert.Single(nodes, n => n.OpType == "MatMulInteger");
        Assert.Equal(["h", "ht"], nodes.Single(n => n.OpType == "MatMul").Input);
        var inputs = new Dictionary<string, (float[], int[])> { ["x"] = (Random(48, 4), [3, 16]) };
        AssertClose(Run(original, inputs, "s"), Run(quantized, inputs, "s"), relative: 0.03f);
    }

    [Fact]
    public void A_Gemm_with_a_transposed_weight_and_a_bias_keeps_its_result()
    {
        var graph = new GraphProto { Name = "dense" };
        graph.Input.Add(Float("x", 4, 32));
        graph.Output.Add(Float("y", 4, 8));
        graph.Initializer.Add(Weight("w", [8, 32], 5));
        graph.Initializer.Add(Weight("b", [8], 6));
        var gemm = Node("Gemm", "dense", ["x", "w", "b"], ["y"]);
        gemm.Attribute.Add(new AttributeProto { Name = "transB", I = 1, Type = AttributeProto.Types.AttributeType.Int });
        graph.Node.Add(gemm);
        var original = Model(13, graph).ToByteArray();

        var quantized = DynamicQuantizer.Quantize(original);

        Assert.DoesNotContain(ModelProto.Parser.ParseFrom(quantized).Graph.Node, n => n.OpType == "Gemm");
        var inputs = new Dictionary<string, (float[], int[])> { ["x"] = (Random(128, 7), [4, 32]) };
        AssertClose(Run(original, inputs, "y"), Run(quantized, inputs, "y"), relative: 0.03f);
    }

    [Fact]
    public void Weights_stored_as_uint8_keep_the_result_on_any_processor()
    {
        // uint8 × uint8 widens before adding, so large activations and weights cannot saturate the sum.
        var graph = new GraphProto { Name = "dense" };
        graph.Input.Add(Float("x", 4, 32));
        graph.Output.Add(Float("y", 4, 8));
        graph.Initializer.Add(Weight("w", [32, 8], 9));
        graph.Node.Add(Node("MatMul", "project", ["x", "w"], ["y"]));
        var original = Model(13, graph).ToByteArray();

        var quantized = DynamicQuantizer.Quantize(original, new QuantizerOptions { UnsignedWeights = true });

        var weights = ModelProto.Parser.ParseFrom(quantized).Graph.Initializer.Where(t => t.Name.Contains("_quantized", StringComparison.Ordinal)).ToList();
        Assert.NotEmpty(weights);
        Assert.All(weights, t => Assert.Equal((int)TensorProto.Types.DataType.Uint8, t.DataType));
        var inputs = new Dictionary<string, (float[], int[])> { ["x"] = (Random(128, 10), [4, 32]) };
        AssertClose(Run(original, inputs, "y"), Run(quantized, inputs, "y"), relative: 0.03f);
    }

    [Fact]
    public void A_model_older_than_opset_11_is_refused()
    {
        var graph = new GraphProto { Name = "old" };
        graph.Input.Add(Float("x", 1, 4));
        graph.Output.Add(Float("y", 1, 4));
        graph.Initializer.Add(Weight("w", [4, 4], 8));
        graph.Node.Add(Node("MatMul", "project", ["x", "w"], ["y"]));

        Assert.Throws<NotSupportedException>(() => DynamicQuantizer.Quantize(Model(10, graph).ToByteArray()));
    }

    private static float[] Run(byte[] model, Dictionary<string, (float[] Values, int[] Shape)> inputs, string output)
    {
        using var options = MiniLmModels.Options();
        using var inference = new InferenceSession(model, options);
        using var results = inference.Run(
            inputs.Select(i => NamedOnnxValue.CreateFromTensor(i.Key, new DenseTensor<float>(i.Value.Values, i.Value.Shape))).ToList(), [output]);
        return [.. results[0].AsTensor<float>()];
    }

    /// <summary>Each element within <paramref name="relative"/> of the largest magnitude: int8 error scales with the range, not the element.</summary>
    private static void AssertClose(float[] expected, float[] actual, float relative)
    {
        Assert.Equal(expected.Length, actual.Length);
        var tolerance = relative * expected.Max(MathF.Abs);
        for (var i = 0; i < expected.Length; i++)
            Assert.True(MathF.Abs(expected[i] - actual[i]) <= tolerance, $"element {i}: {actual[i]} for {expected[i]} (tolerance {tolerance})");
    }

    private static double Cosine(float[] a, float[] b) => a.Zip(b).Sum(p => (double)p.First * p.Second);
}
