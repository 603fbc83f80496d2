using System.Collections.Concurrent;
using CmlBot.Core.Retrieval;

namespace CmlBot.Embeddings;

/// <summary>
/// Remembers recent vectors by text, so a question asked again (a suggested-action button, an example question,
/// a popular question; the safety screen and the search embedding the same message) costs no inference.
/// </summary>
/// <remarks>
/// Keys are the text with its whitespace collapsed: the tokenizer splits on whitespace, so such texts get the same
/// tokens and the same vector. Only calls of fewer than <see cref="OnnxSentenceEncoder.BatchFrom"/> texts are
/// remembered: the encoder runs those texts alone, so a remembered vector is exactly the one the model would give
/// again; larger calls (building the index) are padded batches, and pass straight through. Bounded by two generations: lookups are
/// lock-free; when the current one fills to half the capacity it becomes the old one, the old one is dropped, and
/// what is asked again moves back into the current one, so popular questions stay and the rest age out.
/// </remarks>
public sealed class CachingEmbedder : ITextEmbedder, IDisposable
{
    private readonly ITextEmbedder _inner;
    private readonly int _generationSize;
    private readonly Lock _rotation = new();
    private Generations _plain;
    private Generations _queries;

    /// <param name="capacity">Texts remembered at most, per kind (plain and query); 0 remembers nothing.</param>
    public CachingEmbedder(ITextEmbedder inner, int capacity)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(capacity);
        _inner = inner;
        _generationSize = Math.Max(capacity / 2, capacity > 0 ? 1 : 0);
        _plain = new Generations(_generationSize);
        _queries = new Generations(_generationSize);
    }

    public string Name => _inner.Name;

    public bool HasQueryInstruction => _inner.HasQueryInstruction;

    /// <summary>Texts remembered now, both kinds (for tests and the cost report).</summary>
    public int Count => _plain.Count + _queries.Count;

    public float[][] Embed(IReadOnlyList<string> texts, CancellationToken cancellationToken = default) =>
        Cached(ref _plain, texts, missing => _inner.Embed(missing, cancellationToken));

    public float[][] EmbedQueries(IReadOnlyList<string> texts, CancellationToken cancellationToken = default) =>
        _inner.HasQueryInstruction
            ? Cached(ref _queries, texts, missing => _inner.EmbedQueries(missing, cancellationToken))
            : Embed(texts, cancellationToken); // one vector serves both: share the entries

    /// <summary>The corpus's texts are embedded once, when the index is built: nothing to remember.</summary>
    public float[][] EmbedCorpus(IReadOnlyList<string> texts, CancellationToken cancellationToken = default) =>
        _inner.EmbedCorpus(texts, cancellationToken);

    public void Dispose() => (_inner as IDisposable)?.Dispose();

    private float[][] Cached(ref Generations generations, IReadOnlyList<string> texts, Func<List<string>, float[][]> embed)
    {
        if (_generationSize == 0 || texts.Count >= OnnxSentenceEncoder.BatchFrom) return embed([.. texts]);
        var current = generations;
        var result = new float[texts.Count][];
        List<string>? missing = null;
        List<int>? missingAt = null;
        for (var i = 0; i < texts.Count; i++)
        {
            var key = Key(texts[i]);
            if (current.TryGet(key, out var vector)) result[i] = vector;
            else
            {
                (missing ??= []).Add(texts[i]);
                (missingAt ??= []).Add(i);
            }
        }
        if (missing is null) return result;
        var vectors = embed(missing);
        for (var m = 0; m < missing.Count; m++)
        {
            result[missingAt![m]] = vectors[m];
            current.Add(Key(missing[m]), vectors[m]);
        }
        if (current.Added >= _generationSize) Rotate(ref generations, current);
        return result;
    }

    private void Rotate(ref Generations generations, Generations full)
    {
        lock (_rotation)
        {
            if (!ReferenceEquals(generations, full)) return; // another caller rotated it already
            generations = new Generations(_generationSize, full.Recent);
        }
    }

    // ASCII whitespace only: every tokenizer splits on these; other spaces (no-break, ideographic) it may keep.
    private static readonly char[] Spaces = [' ', '\t', '\r', '\n'];

    /// <summary>ASCII whitespace collapsed and trimmed: what the tokenizer sees anyway.</summary>
    private static string Key(string text)
    {
        if (!NeedsCollapsing(text)) return text;
        return string.Join(' ', text.Split(Spaces, StringSplitOptions.RemoveEmptyEntries));
    }

    private static bool NeedsCollapsing(string text)
    {
        if (text.Length > 0 && (text[0] == ' ' || text[^1] == ' ')) return true;
        for (var i = 0; i < text.Length; i++)
            if (text[i] is '\t' or '\r' or '\n' || (text[i] == ' ' && i + 1 < text.Length && text[i + 1] == ' ')) return true;
        return false;
    }

    /// <summary>The entries added since the last rotation, and the ones before them.</summary>
    /// <remarks>
    /// The additions are counted here, not read from the dictionary: ConcurrentDictionary.Count takes every one of
    /// its locks, and the two cores' turns would wait on each other for it after every new question. A place is
    /// reserved before an entry goes in, and a full generation takes no more: a caller that read the generation just
    /// before another rotated it may still add to it (it is now the old one), and without the limit such late
    /// additions would let the cache outgrow its capacity under contention.
    /// </remarks>
    private sealed class Generations(int limit, ConcurrentDictionary<string, float[]>? old = null)
    {
        private int _added;

        public ConcurrentDictionary<string, float[]> Recent { get; } = new(StringComparer.Ordinal);

        public int Count => Recent.Count + (old?.Count ?? 0);

        /// <summary>Entries added to <see cref="Recent"/> since this generation began.</summary>
        public int Added => Volatile.Read(ref _added);

        public void Add(string key, float[] vector)
        {
            if (Interlocked.Increment(ref _added) > limit || !Recent.TryAdd(key, vector))
                Interlocked.Decrement(ref _added);
        }

        public bool TryGet(string key, out float[] vector)
        {
            if (Recent.TryGetValue(key, out vector!)) return true;
            if (old is null || !old.TryGetValue(key, out vector!)) return false;
            Add(key, vector); // asked again: keep it through the next rotation
            return true;
        }
    }
}
