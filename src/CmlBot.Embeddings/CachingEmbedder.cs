using System.Collections.Concurrent;
using CmlBot.Core.Retrieval;

namespace CmlBot.Embeddings;

/// <summary>Remembers vectors by text: the evaluation's fitting asks the same questions under many settings.</summary>
public sealed class CachingEmbedder(ITextEmbedder inner) : ITextEmbedder
{
    private readonly ConcurrentDictionary<string, float[]> _passages = new(StringComparer.Ordinal);
    private readonly ConcurrentDictionary<string, float[]> _queries = new(StringComparer.Ordinal);

    public string Name => inner.Name;

    public bool HasQueryInstruction => inner.HasQueryInstruction;

    public float[][] Embed(IReadOnlyList<string> texts, CancellationToken cancellationToken = default) =>
        Cached(_passages, texts, missing => inner.Embed(missing, cancellationToken));

    public float[][] EmbedQueries(IReadOnlyList<string> texts, CancellationToken cancellationToken = default) =>
        Cached(_queries, texts, missing => inner.EmbedQueries(missing, cancellationToken));

    private static float[][] Cached(ConcurrentDictionary<string, float[]> cache, IReadOnlyList<string> texts, Func<List<string>, float[][]> embed)
    {
        var missing = texts.Where(t => !cache.ContainsKey(t)).Distinct().ToList();
        if (missing.Count > 0)
        {
            var vectors = embed(missing);
            for (var i = 0; i < missing.Count; i++) cache[missing[i]] = vectors[i];
        }
        return texts.Select(t => cache[t]).ToArray();
    }
}
