using CmlBot.Core.Retrieval;

namespace CmlBot.Bot.Understanding.Safety;

/// <summary>
/// The content file's example messages as sentence vectors, worked out once per model: a message counts for a
/// group when one of its pieces reads at least that group's similarity close to one of the group's examples
/// and closer to it than to every look-alike.
/// </summary>
public sealed class SafetyExampleVectors
{
    private readonly SafetyRules _rules;
    private readonly float[][] _examples;
    private readonly int[] _groupOf;
    private readonly float[][] _lookAlikes;

    public SafetyExampleVectors(SafetyRules rules, ITextEmbedder embedder, CancellationToken cancellationToken = default)
    {
        _rules = rules;
        Embedder = embedder;
        var texts = new List<string>();
        var groupOf = new List<int>();
        for (var g = 0; g < rules.Alerts.Count; g++)
            foreach (var example in rules.Alerts[g].Examples)
            {
                texts.Add(example);
                groupOf.Add(g);
            }
        _examples = EmbedInBatches(embedder, texts, cancellationToken);
        _groupOf = [.. groupOf];
        _lookAlikes = EmbedInBatches(embedder, rules.LookAlikes, cancellationToken);
    }

    public ITextEmbedder Embedder { get; }

    /// <summary>For each alert group (as <see cref="SafetyRules.Alerts"/>), the best similarity of any piece that beats every look-alike, else 0.</summary>
    public double[] Score(IReadOnlyList<string> pieces, CancellationToken cancellationToken)
    {
        var best = new double[_rules.Alerts.Count];
        if (pieces.Count == 0) return best;
        foreach (var v in Embedder.Embed(pieces, cancellationToken))
        {
            var lookAlike = 0.0;
            foreach (var l in _lookAlikes) lookAlike = Math.Max(lookAlike, VectorMath.Dot(v, l));
            for (var i = 0; i < _examples.Length; i++)
            {
                var s = VectorMath.Dot(v, _examples[i]);
                if (s > lookAlike && s > best[_groupOf[i]]) best[_groupOf[i]] = s;
            }
        }
        return best;
    }

    private static float[][] EmbedInBatches(ITextEmbedder embedder, IReadOnlyList<string> texts, CancellationToken cancellationToken)
    {
        var vectors = new List<float[]>(texts.Count);
        // Small batches: one padded batch of every example would cost more memory than time saved.
        foreach (var chunk in texts.Chunk(32)) vectors.AddRange(embedder.EmbedCorpus(chunk, cancellationToken));
        return [.. vectors];
    }
}
