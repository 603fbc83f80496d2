namespace CmlBot.Embeddings.Quantization;

/// <summary>Choices for <see cref="DynamicQuantizer"/>. The defaults are the ones measured on all-MiniLM-L6-v2.</summary>
public sealed record QuantizerOptions
{
    /// <summary>
    /// One int8 scale per output column of each weight matrix rather than one per matrix. With one scale per
    /// matrix the columns with a small range keep only a few of the 8 bits: on all-MiniLM-L6-v2 sentence vectors
    /// fell to a mean cosine of 0.96 with the fp32 model (0.79 at worst), against 0.993 per column. ONNX Runtime's
    /// fused kernel takes a scale vector at no measurable cost in speed.
    /// </summary>
    public bool PerChannel { get; init; } = true;

    /// <summary>
    /// Matrix weights stored as uint8 (zero point 128) rather than int8, with the same resolution: the choice where
    /// int8 weights would saturate ONNX Runtime's kernel (<see cref="ExactSignedProducts"/>). On an AMD EPYC without
    /// VNNI, int8 weights cost a test-split question and paraphrase and sentence vectors fell below 0.95 cosine of fp32.
    /// </summary>
    public bool UnsignedWeights { get; init; } = !ExactSignedProducts.OnThisProcessor;

    /// <summary>
    /// Store large embedding tables read by <c>Gather</c> as int8 and dequantize only the rows looked up.
    /// The word-embedding table is half of all-MiniLM-L6-v2's weights, so this is what brings the
    /// loaded model's memory down, at no measurable cost in speed (a lookup, not arithmetic).
    /// </summary>
    public bool QuantizeEmbeddings { get; init; } = true;

    /// <summary>
    /// Tables with fewer elements than this stay fp32: position and token-type tables are small, so
    /// quantizing them saves almost nothing and only adds error.
    /// </summary>
    public long MinimumEmbeddingElements { get; init; } = 1 << 20;

    /// <summary>
    /// Names of nodes to leave in fp32, as ONNX Runtime's <c>nodes_to_exclude</c>: the layers whose inputs carry
    /// outliers lose the most when their activations share one 8-bit scale, and keeping just those in fp32 buys
    /// back most of the quality for a small share of the speed.
    /// </summary>
    public IReadOnlySet<string> NodesToExclude { get; init; } = new HashSet<string>();
}
