using System.Collections.Concurrent;
using CmlBot.Core.Retrieval;

namespace CmlBot.Embeddings;

/// <summary>Remembers vectors by text: the evaluation's fitting asks the same questions under many settings.</summary>
public sealed class CachingEmbedder(ITextEmbedder inner) : ITextEmbedder
{
    private readonly ConcurrentDictionary<string, float[]> _cache = new(StringComparer.Ordinal);

    public string Name => inner.Name;

    public float[][] Embed(IReadOnlyList<string> texts, CancellationToken cancellationToken = default)
    {
        var missing = texts.Where(t => !_cache.ContainsKey(t)).Distinct().ToList();
        if (missing.Count > 0)
        {
            var vectors = inner.Embed(missing, cancellationToken);
            for (var i = 0; i < missing.Count; i++) _cache[missing[i]] = vectors[i];
        }
        return texts.Select(t => _cache[t]).ToArray();
    }
}
