using System.Collections.Concurrent;
using BERTTokenizers.Base;
using Microsoft.ML.OnnxRuntime;

namespace CmlBot.Embeddings;

/// <summary>How a model's token vectors become one sentence vector.</summary>
public enum SentencePooling
{
    /// <summary>The mean of the token vectors under the attention mask (all-MiniLM-L6-v2).</summary>
    MeanOfTokens,

    /// <summary>The first token's vector, [CLS] (snowflake-arctic-embed-xs).</summary>
    FirstToken,
}

/// <summary>
/// A BERT-style ONNX sentence model run so that questions from different patients are encoded at once: one
/// ONNX Runtime <see cref="InferenceSession"/> (whose <c>Run</c> is safe to call concurrently) shared by every caller, and a pool of
/// tokenizers, since the packages' WordPiece tokenizer makes no promise about concurrent use. Each call uses
/// one thread, so on two cores two questions run side by side instead of queueing behind a lock; no more run at
/// once than there are cores, since each further one only adds its working memory and evicts the others' from cache.
/// </summary>
/// <remarks>
/// The tokenizer is the packages' own, so token ids, and therefore vectors, are those the evaluation measured.
/// A question of a few dozen tokens is too little work to split over threads, so each call uses one. Weights stay
/// prepacked (ONNX Runtime's default): without it one question took half as long again.
/// </remarks>
public sealed class OnnxSentenceEncoder : IDisposable
{
    private const string TokenOutput = "last_hidden_state";
    private const int BatchSize = 16;
    private static readonly string[] InputNames = ["input_ids", "attention_mask", "token_type_ids"];
    private static readonly string[] OutputNames = [TokenOutput];

    private readonly InferenceSession _session;
    private readonly Func<TokenizerBase> _newTokenizer;
    private readonly ConcurrentBag<TokenizerBase> _tokenizers = [];
    private readonly SentencePooling _pooling;
    private readonly SemaphoreSlim _cores;
    // Without, every text runs alone however many come at once (an encoder with a memory arena: no padded batch
    // ever sizes it).
    private readonly bool _batches;

    /// <param name="model">The ONNX model's bytes; ONNX Runtime copies what it needs, so the caller may drop them.</param>
    /// <param name="newTokenizer">Makes one tokenizer for the pool (a few MB of vocabulary each; one per concurrent caller).</param>
    /// <param name="memoryArena">Whether ONNX Runtime keeps its own memory arena: true only for an encoder of questions, one at a time (why: below).</param>
    public OnnxSentenceEncoder(byte[] model, Func<TokenizerBase> newTokenizer, SentencePooling pooling, bool memoryArena = false)
        : this(Session(settings => new InferenceSession(model, settings), memoryArena), newTokenizer, pooling, batches: !memoryArena)
    {
    }

    /// <param name="modelFile">
    /// The ONNX model's file. Preferred to bytes: ONNX Runtime reads the file itself, so the process never holds the
    /// model twice (measured: 145 MB less at the peak of start-up for all-MiniLM-L6-v2).
    /// </param>
    public OnnxSentenceEncoder(string modelFile, Func<TokenizerBase> newTokenizer, SentencePooling pooling, bool memoryArena = false)
        : this(Session(settings => new InferenceSession(modelFile, settings), memoryArena), newTokenizer, pooling, batches: !memoryArena)
    {
    }

    private OnnxSentenceEncoder(InferenceSession runtime, Func<TokenizerBase> newTokenizer, SentencePooling pooling, bool batches)
    {
        _batches = batches;
        _session = runtime;
        _newTokenizer = newTokenizer;
        _pooling = pooling;
        _cores = new SemaphoreSlim(Environment.ProcessorCount);
        Dimensions = (int)_session.OutputMetadata[TokenOutput].Dimensions[^1];
    }

    public int Dimensions { get; }

    /// <param name="memoryArena">
    /// Whether ONNX Runtime keeps its working memory in its own arena. The arena keeps the largest working memory it
    /// ever saw for the life of the process: for an encoder that also runs padded batches (building the index) that was
    /// 60 MB more resident, and no faster for one question. For an encoder that only ever sees a question or two at a
    /// time it stays small, and the tensors of every inference no longer pass through the C heap, whose per-thread
    /// arenas kept freed pages resident: measured 10 to 30 MB less peak resident memory under the performance command.
    /// </param>
    private static InferenceSession Session(Func<SessionOptions, InferenceSession> create, bool memoryArena)
    {
        using var settings = new SessionOptions
        {
            IntraOpNumThreads = 1,
            InterOpNumThreads = 1,
            ExecutionMode = ExecutionMode.ORT_SEQUENTIAL,
            GraphOptimizationLevel = GraphOptimizationLevel.ORT_ENABLE_ALL,
            EnableCpuMemArena = memoryArena,
        };
        return create(settings);
    }

    /// <summary>
    /// Unit-length vectors, one per text, in order. A call of fewer than <see cref="BatchFrom"/> texts (a message and
    /// its sentences) runs each text alone: no padding to a longer neighbour's length, and a text's vector never
    /// depends on what else was in the call, so a remembered vector is the vector. A larger call (building the
    /// index) runs texts of similar length in padded batches, one per core at a time: several times faster per
    /// text, and within rounding (1e-5) of the vectors the texts get alone; an encoder with a memory arena runs them
    /// alone too.
    /// </summary>
    public float[][] Encode(IReadOnlyList<string> texts, CancellationToken cancellationToken = default)
    {
        var vectors = new float[texts.Count][];
        if (texts.Count < BatchFrom || !_batches)
        {
            for (var i = 0; i < texts.Count; i++) vectors[i] = Run([Tokenize(texts[i])], cancellationToken)[0];
            return vectors;
        }
        var tokens = texts.Select(Tokenize).ToArray();
        var batches = Enumerable.Range(0, texts.Count).OrderBy(i => tokens[i].InputIds.Length).Chunk(BatchSize).ToArray();
        Parallel.ForEach(batches, new ParallelOptions { CancellationToken = cancellationToken }, batch =>
        {
            var batchVectors = Run([.. batch.Select(i => tokens[i])], cancellationToken);
            for (var k = 0; k < batch.Length; k++) vectors[batch[k]] = batchVectors[k];
        });
        return vectors;
    }

    /// <summary>Calls with at least this many texts are run in padded batches (see <see cref="Encode"/>).</summary>
    public const int BatchFrom = 16;

    private float[][] Run(IReadOnlyList<(long[] InputIds, long[] TokenTypeIds, long[] AttentionMask)> rows, CancellationToken cancellationToken)
    {
        cancellationToken.ThrowIfCancellationRequested();
        var length = rows.Max(r => r.InputIds.Length);
        var ids = new long[rows.Count * length];
        var mask = new long[rows.Count * length];
        var types = new long[rows.Count * length];
        for (var b = 0; b < rows.Count; b++)
        {
            // Shorter rows stay zero past their end: padding, masked out.
            rows[b].InputIds.CopyTo(ids, b * length);
            rows[b].AttentionMask.CopyTo(mask, b * length);
            rows[b].TokenTypeIds.CopyTo(types, b * length);
        }
        long[] shape = [rows.Count, length];
        using var idsValue = OrtValue.CreateTensorValueFromMemory(ids, shape);
        using var maskValue = OrtValue.CreateTensorValueFromMemory(mask, shape);
        using var typesValue = OrtValue.CreateTensorValueFromMemory(types, shape);
        using var run = new RunOptions();
        using var registration = cancellationToken.Register(() => run.Terminate = true);
        _cores.Wait(cancellationToken);
        try
        {
            using var outputs = _session.Run(run, InputNames, [idsValue, maskValue, typesValue], OutputNames);
            var output = outputs[0].GetTensorDataAsSpan<float>();
            var vectors = new float[rows.Count][];
            for (var b = 0; b < rows.Count; b++)
                vectors[b] = Pool(output.Slice(b * length * Dimensions, length * Dimensions), mask.AsSpan(b * length, length));
            return vectors;
        }
        catch (OnnxRuntimeException) when (cancellationToken.IsCancellationRequested)
        {
            // A run stopped by its terminate flag fails in ONNX Runtime's terms; for the caller it was cancelled.
            throw new OperationCanceledException(cancellationToken);
        }
        finally
        {
            _cores.Release();
        }
    }

    private (long[] InputIds, long[] TokenTypeIds, long[] AttentionMask) Tokenize(string text)
    {
        var tokenizer = _tokenizers.TryTake(out var pooled) ? pooled : _newTokenizer();
        try
        {
            return tokenizer.Encode([text])[0];
        }
        finally
        {
            _tokenizers.Add(tokenizer);
        }
    }

    private float[] Pool(ReadOnlySpan<float> tokens, ReadOnlySpan<long> mask)
    {
        var vector = new float[Dimensions];
        if (_pooling == SentencePooling.FirstToken)
        {
            tokens[..Dimensions].CopyTo(vector);
        }
        else
        {
            var count = 0;
            for (var t = 0; t < mask.Length; t++)
            {
                if (mask[t] == 0) continue;
                count++;
                var token = tokens.Slice(t * Dimensions, Dimensions);
                for (var d = 0; d < Dimensions; d++) vector[d] += token[d];
            }
            if (count > 0) for (var d = 0; d < Dimensions; d++) vector[d] /= count;
        }
        Normalize(vector);
        return vector;
    }

    private static void Normalize(float[] vector)
    {
        var sum = 0.0;
        foreach (var x in vector) sum += x * x;
        var norm = (float)Math.Max(Math.Sqrt(sum), 1e-12);
        for (var d = 0; d < vector.Length; d++) vector[d] /= norm;
    }

    public void Dispose()
    {
        _session.Dispose();
        _cores.Dispose();
    }
}
