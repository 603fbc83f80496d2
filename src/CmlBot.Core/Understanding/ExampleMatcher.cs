namespace CmlBot.Core.Understanding;

/// <summary>A passage's closest bank question to the one asked.</summary>
public sealed record BankMatch(string PassageId, double Cosine, string Question);

/// <summary>The closest example question of a not-covered subject.</summary>
public sealed record SubjectMatch(NotCoveredSubject Subject, double Cosine, string Example);

/// <param name="Passages">Each passage with bank questions, by its closest one, best first.</param>
/// <param name="Subject">The subject whose example is closest, when there are subjects.</param>
public sealed record ExampleMatches(IReadOnlyList<BankMatch> Passages, SubjectMatch? Subject)
{
    public double BestBank => Passages.Count > 0 ? Passages[0].Cosine : 0;
    public double BestSubject => Subject?.Cosine ?? 0;
}

/// <summary>
/// Nearest-neighbour matching of a question's vector against the bank's questions (per passage) and the subjects'
/// examples, by cosine (the vectors are unit length). Exact search: a few hundred examples of 384 numbers is
/// some 100,000 multiply-adds a question, well under a millisecond.
/// </summary>
public sealed class ExampleMatcher
{
    private readonly IReadOnlyList<BankQuestion> _bank;
    private readonly float[][] _bankVectors;
    private readonly IReadOnlyList<(NotCoveredSubject Subject, string Example)> _examples;
    private readonly float[][] _exampleVectors;

    public ExampleMatcher(IReadOnlyList<BankQuestion> bank, float[][] bankVectors, IReadOnlyList<(NotCoveredSubject Subject, string Example)> examples, float[][] exampleVectors)
    {
        _bank = bank;
        _bankVectors = bankVectors;
        _examples = examples;
        _exampleVectors = exampleVectors;
    }

    public IReadOnlyList<BankQuestion> Bank => _bank;
    public IReadOnlyList<(NotCoveredSubject Subject, string Example)> Examples => _examples;

    /// <summary>
    /// The same matcher without some bank questions and subject examples (by index): the k-fold evaluation asks
    /// the questions it holds out of a matcher that does not hold them.
    /// </summary>
    public ExampleMatcher Without(IReadOnlySet<int> bankHeldOut, IReadOnlySet<int> examplesHeldOut)
    {
        var bank = Enumerable.Range(0, _bank.Count).Where(i => !bankHeldOut.Contains(i)).ToList();
        var examples = Enumerable.Range(0, _examples.Count).Where(i => !examplesHeldOut.Contains(i)).ToList();
        return new ExampleMatcher(bank.Select(i => _bank[i]).ToList(), bank.Select(i => _bankVectors[i]).ToArray(),
            examples.Select(i => _examples[i]).ToList(), examples.Select(i => _exampleVectors[i]).ToArray());
    }

    /// <summary>
    /// Each passage's and each subject's score is the mean of its <paramref name="neighbours"/> closest examples (0: the
    /// cosine with the centroid of all its examples) (fewer when
    /// it has fewer): one stray look-alike ("dasatinib" in a side-effect question) counts for less than several agreeing.
    /// </summary>
    public ExampleMatches Match(float[] question, int neighbours = 1)
    {
        if (neighbours <= 0) return MatchCentroids(question);
        var passages = new Dictionary<string, List<(double Cosine, string Text)>>(StringComparer.Ordinal);
        for (var i = 0; i < _bank.Count; i++)
        {
            if (!passages.TryGetValue(_bank[i].PassageId, out var list)) passages[_bank[i].PassageId] = list = [];
            list.Add((Dot(question, _bankVectors[i]), _bank[i].Text));
        }
        var subjects = new Dictionary<NotCoveredSubject, List<(double Cosine, string Text)>>();
        for (var i = 0; i < _examples.Count; i++)
        {
            if (!subjects.TryGetValue(_examples[i].Subject, out var list)) subjects[_examples[i].Subject] = list = [];
            list.Add((Dot(question, _exampleVectors[i]), _examples[i].Example));
        }
        // Ties go to the passage (or subject) named first in its file: deterministic.
        var bank = passages
            .Select((p, order) => (Match: Score(p.Value, neighbours) is var s ? new BankMatch(p.Key, s.Score, s.Best) : null, order))
            .OrderByDescending(m => m.Match.Cosine).ThenBy(m => m.order).Select(m => m.Match).ToList();
        var subject = subjects
            .Select((p, order) => (Match: Score(p.Value, neighbours) is var s ? new SubjectMatch(p.Key, s.Score, s.Best) : null, order))
            .OrderByDescending(m => m.Match.Cosine).ThenBy(m => m.order).Select(m => m.Match).FirstOrDefault();
        return new ExampleMatches(bank, subject);
    }

    /// <summary>
    /// Each passage's and each subject's score is the cosine with the mean of its examples' vectors (its centroid): a
    /// question is scored against what the examples share (the topic) more than against any one example's words.
    /// </summary>
    private ExampleMatches MatchCentroids(float[] question)
    {
        // Worked out on first use: the examples never change once the matcher is built.
        _bankCentroids ??= _bank.Select((q, i) => (q, i)).GroupBy(x => x.q.PassageId)
            .Select(g => new Centroid<string>(g.Key, Mean(g.Select(x => _bankVectors[x.i])), g.Select(x => (x.q.Text, _bankVectors[x.i])).ToList())).ToList();
        _subjectCentroids ??= _examples.Select((e, i) => (e, i)).GroupBy(x => x.e.Subject)
            .Select(g => new Centroid<NotCoveredSubject>(g.Key, Mean(g.Select(x => _exampleVectors[x.i])), g.Select(x => (x.e.Example, _exampleVectors[x.i])).ToList())).ToList();
        var bank = _bankCentroids
            .Select((c, order) => (Match: new BankMatch(c.Owner, Dot(question, c.Vector), Nearest(question, c.Members)), order))
            .OrderByDescending(m => m.Match.Cosine).ThenBy(m => m.order).Select(m => m.Match).ToList();
        var subject = _subjectCentroids
            .Select((c, order) => (Match: new SubjectMatch(c.Owner, Dot(question, c.Vector), Nearest(question, c.Members)), order))
            .OrderByDescending(m => m.Match.Cosine).ThenBy(m => m.order).Select(m => m.Match).FirstOrDefault();
        return new ExampleMatches(bank, subject);
    }

    private sealed record Centroid<T>(T Owner, float[] Vector, List<(string Text, float[] Vector)> Members);

    private List<Centroid<string>>? _bankCentroids;
    private List<Centroid<NotCoveredSubject>>? _subjectCentroids;

    private static float[] Mean(IEnumerable<float[]> vectors)
    {
        float[]? sum = null;
        foreach (var v in vectors)
        {
            sum ??= new float[v.Length];
            for (var d = 0; d < v.Length; d++) sum[d] += v[d];
        }
        if (sum is null) return [];
        var norm = (float)Math.Sqrt(sum.Sum(x => (double)x * x));
        for (var d = 0; d < sum.Length; d++) sum[d] /= norm;
        return sum;
    }

    private static string Nearest(float[] question, List<(string Text, float[] Vector)> members) =>
        members.MaxBy(m => Dot(question, m.Vector)).Text;

    private static (double Score, string Best) Score(List<(double Cosine, string Text)> examples, int neighbours)
    {
        examples.Sort((a, b) => b.Cosine.CompareTo(a.Cosine));
        var k = Math.Clamp(neighbours, 1, examples.Count);
        double sum = 0;
        for (var i = 0; i < k; i++) sum += examples[i].Cosine;
        return (sum / k, examples[0].Text);
    }

    private static double Dot(float[] a, float[] b)
    {
        float dot = 0;
        for (var d = 0; d < a.Length && d < b.Length; d++) dot += a[d] * b[d];
        return dot;
    }
}
