namespace CmlBot.Embeddings;

/// <summary>How ONNX Runtime runs the sentence model (the <c>Embeddings</c> section).</summary>
public sealed class EncoderOptions
{
    /// <summary>
    /// Threads one inference uses. One: a question is a few dozen tokens, too little work to split, and
    /// concurrent patients' questions then run side by side, one per core.
    /// </summary>
    public int ThreadsPerCall { get; set; } = 1;

    /// <summary>Inferences running at once; 0: one per processor.</summary>
    public int ConcurrentCalls { get; set; }

    /// <summary>ONNX Runtime's arena allocator: faster reuse of buffers, at the price of memory it keeps.</summary>
    public bool MemoryArena { get; set; } = true;
}
