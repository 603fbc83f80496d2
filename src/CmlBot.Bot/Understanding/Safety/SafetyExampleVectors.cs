using CmlBot.Core.Retrieval;
using CmlBot.Core.Understanding;

namespace CmlBot.Bot.Understanding.Safety;

/// <summary>
/// The content file's example messages as sentence vectors, worked out once per model: a message counts for a
/// group when one of its pieces reads at least that group's similarity close to one of the group's examples
/// and closer to it than to every look-alike; or, for a group with a <c>reach:</c>, reads within that reach below
/// its similarity and a classifier fitted on every group's examples, the look-alikes and ordinary questions (the
/// question bank) places it in that group, clearly ahead of ordinary questions. With the whole message's vector it
/// also asks the learnt step (<see cref="SafetyLearned"/>), when the file has one for this model.
/// </summary>
public sealed class SafetyExampleVectors
{
    /// <summary>
    /// How far a piece's fit for a group must lead its fit for ordinary questions, and the least fit that counts
    /// (fits are about 1 for a group's own examples, 0 for others). Chosen on the development split with the model
    /// alone, phrases left out: with these and a reach of 0.2 it found 70 of 364 medicine-change messages (similarity
    /// alone: 8) and 99 of 145 emergencies (51), and alarmed on none of 673 ordinary messages.
    /// </summary>
    private const double FitLead = 0.2, FitFloor = 0.4;

    /// <summary>The classifier's ridge penalty (as the understanding's default).</summary>
    private const double Ridge = 0.1;

    private readonly SafetyRules _rules;
    private readonly float[][] _examples;
    private readonly int[] _groupOf;
    private readonly float[][] _lookAlikes;
    private readonly ExampleClassifier? _classifier;
    private readonly SafetyLearned? _learned;

    /// <param name="ordinary">Ordinary questions (the question bank) for the classifier; without them and look-alikes there is none.</param>
    public SafetyExampleVectors(SafetyRules rules, ITextEmbedder embedder, IReadOnlyList<string>? ordinary = null, CancellationToken cancellationToken = default)
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
        // Weights fitted with another model, or of another width, would read noise as alarms.
        var width = _examples.FirstOrDefault()?.Length ?? embedder.Embed(["width"], cancellationToken)[0].Length;
        _learned = rules.Learned is { } learned && learned.Reads(embedder.Name) && learned.Classifier.Weights[0].Length == width ? learned : null;
        if (rules.Alerts.Any(g => g.Reach > 0) && ordinary is { Count: > 0 })
        {
            // Classes: the alert groups, then one for everything ordinary (look-alikes and bank questions).
            var plain = EmbedInBatches(embedder, ordinary, cancellationToken);
            var vectors = _examples.Concat(_lookAlikes).Concat(plain).ToArray();
            var classOf = _groupOf.Concat(Enumerable.Repeat(rules.Alerts.Count, _lookAlikes.Length + plain.Length)).ToArray();
            _classifier = ExampleClassifier.Fit(vectors, classOf, rules.Alerts.Count + 1, Ridge);
        }
    }

    public ITextEmbedder Embedder { get; }

    /// <summary>Whether the classifier is there (a group has a reach, and ordinary questions were given).</summary>
    public bool HasClassifier => _classifier is not null;

    /// <summary>Whether the learnt step reads messages: the rules have one, fitted with this model, of its width.</summary>
    public bool ReadsLearned => _learned is not null;

    /// <summary>For each alert group (as <see cref="SafetyRules.Alerts"/>), the best similarity of any piece that beats every look-alike, else 0.</summary>
    public double[] Score(IReadOnlyList<string> pieces, CancellationToken cancellationToken) =>
        Measure(pieces, cancellationToken).Similarity;

    /// <summary>
    /// What the model makes of the pieces (the whole message first, then its sentences): the groups some piece counts
    /// for, the class the learnt step reads the whole message as (none without one), and how close each group's
    /// nearest example reads, so that a class the step adds can take the reply of its group the message is most like.
    /// </summary>
    public SafetyRecognition Read(IReadOnlyList<string> pieces, CancellationToken cancellationToken)
    {
        var (similarity, fitted, learnt, closest) = Measure(pieces, cancellationToken);
        var alerts = _rules.Alerts;
        var hit = new bool[alerts.Count];
        for (var g = 0; g < alerts.Count; g++) hit[g] = similarity[g] >= alerts[g].Similarity || fitted[g];
        return new SafetyRecognition(hit, learnt is null ? SafetyClasses.None : _learned!.Read(learnt), closest, learnt);
    }

    private (double[] Similarity, bool[] Fitted, double[]? Learnt, double[] Closest) Measure(IReadOnlyList<string> pieces, CancellationToken cancellationToken)
    {
        var alerts = _rules.Alerts;
        var best = new double[alerts.Count];
        var fitted = new bool[alerts.Count];
        var closest = new double[alerts.Count];
        double[]? learnt = null;
        if (pieces.Count == 0) return (best, fitted, learnt, closest);
        var piece = new double[alerts.Count];
        var whole = true;
        foreach (var v in Embedder.Embed(pieces, cancellationToken))
        {
            // The learnt step was fitted on whole messages, so it reads the whole one only.
            if (whole && _learned is not null) learnt = _learned.Classifier.Scores(v);
            whole = false;
            var lookAlike = 0.0;
            foreach (var l in _lookAlikes) lookAlike = Math.Max(lookAlike, VectorMath.Dot(v, l));
            Array.Clear(piece);
            for (var i = 0; i < _examples.Length; i++)
            {
                var s = VectorMath.Dot(v, _examples[i]);
                if (s > closest[_groupOf[i]]) closest[_groupOf[i]] = s;
                if (s > lookAlike && s > piece[_groupOf[i]]) piece[_groupOf[i]] = s;
            }
            var fit = _classifier?.Scores(v);
            // The classifier names one group per piece, the one it fits best: it says which kind of alarm a message is.
            var top = -1;
            for (var g = 0; fit is not null && g < alerts.Count; g++)
                if (top < 0 || fit[g] > fit[top]) top = g;
            for (var g = 0; g < alerts.Count; g++)
            {
                best[g] = Math.Max(best[g], piece[g]);
                if (g == top && alerts[g].Reach > 0 && piece[g] >= alerts[g].Similarity - alerts[g].Reach
                    && fit![g] >= FitFloor && fit[g] >= fit[alerts.Count] + FitLead)
                    fitted[g] = true;
            }
        }
        return (best, fitted, learnt, closest);
    }

    private static float[][] EmbedInBatches(ITextEmbedder embedder, IReadOnlyList<string> texts, CancellationToken cancellationToken)
    {
        var vectors = new List<float[]>(texts.Count);
        // Small batches: one padded batch of every example would cost more memory than time saved.
        foreach (var chunk in texts.Chunk(32)) vectors.AddRange(embedder.EmbedCorpus(chunk, cancellationToken));
        return [.. vectors];
    }
}

/// <summary>What the model makes of a message (<see cref="SafetyExampleVectors.Read"/>).</summary>
/// <param name="Groups">For each alert group, whether a piece counts for it by similarity or the classifier.</param>
/// <param name="Learnt">The class the learnt step reads the whole message as, or none.</param>
/// <param name="Closest">For each alert group, the similarity of its example nearest to any piece.</param>
/// <param name="LearntScores">The learnt step's scores for the whole message (<see cref="SafetyLearned.Classes"/> order), or null without one.</param>
public sealed record SafetyRecognition(bool[] Groups, SafetyClasses Learnt, double[] Closest, double[]? LearntScores);
