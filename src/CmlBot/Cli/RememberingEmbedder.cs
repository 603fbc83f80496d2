using System.Collections.Concurrent;
using CmlBot.Core.Retrieval;

namespace CmlBot.Cli;

/// <summary>
/// An embedder that works each call out once: the fit reads every labelled message through eleven screens (without
/// the learnt steps, then two per fold), and the model's time is nearly all of it. A call is remembered whole, not
/// text by text, because a quantised model's vectors depend a little on what else is in the batch, and the figures
/// must be the screen's own. Only for the evaluation's labelled messages, never a patient's: it keeps every text it
/// is given for as long as it lives.
/// </summary>
internal sealed class RememberingEmbedder(ITextEmbedder inner) : ITextEmbedder
{
    private readonly ConcurrentDictionary<string, float[][]> _calls = new(StringComparer.Ordinal);

    public string Name => inner.Name;

    public bool HasQueryInstruction => inner.HasQueryInstruction;

    public float[][] Embed(IReadOnlyList<string> texts, CancellationToken cancellationToken = default) =>
        _calls.GetOrAdd(string.Join('\0', texts), _ => inner.Embed(texts, cancellationToken));

    public float[][] EmbedCorpus(IReadOnlyList<string> texts, CancellationToken cancellationToken = default) => inner.EmbedCorpus(texts, cancellationToken);

    public float[][] EmbedQueries(IReadOnlyList<string> texts, CancellationToken cancellationToken = default) => inner.EmbedQueries(texts, cancellationToken);
}
