using CmlBot.Core.Retrieval;

namespace CmlBot.Bot.Tests.Infrastructure;

/// <summary>
/// A sentence model small enough to reason about: one dimension per keyword, the text's counts of each, normalised.
/// Texts that share keywords read close; a text with none of them is the zero vector.
/// </summary>
internal sealed class KeywordEmbedder(string name, IReadOnlyList<string> keywords) : ITextEmbedder
{
    public string Name => name;

    public float[][] Embed(IReadOnlyList<string> texts, CancellationToken cancellationToken = default) =>
        texts.Select(t =>
        {
            var words = t.ToLowerInvariant().Split(' ', StringSplitOptions.RemoveEmptyEntries);
            var v = keywords.Select(k => (float)words.Count(w => w == k)).ToArray();
            var norm = (float)Math.Sqrt(v.Sum(x => x * x));
            return norm == 0 ? v : v.Select(x => x / norm).ToArray();
        }).ToArray();
}
