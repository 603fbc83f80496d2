using CmlBot.Core.Retrieval;

namespace CmlBot.Core.Understanding;

/// <summary>A passage's closest bank question to the one asked.</summary>
/// <param name="Fit">How well the question fits the passage by the classifier fitted on all the examples (0 without one).</param>
/// <param name="Strength">What passages are ranked by: <paramref name="Cosine"/> plus the weighted <paramref name="Fit"/>.</param>
public sealed record BankMatch(string PassageId, double Cosine, string Question, double Fit, double Strength);

/// <summary>The closest example question of a not-covered subject.</summary>
/// <param name="Fit">How well the question fits the subject by the classifier (0 without one).</param>
public sealed record SubjectMatch(NotCoveredSubject Subject, double Cosine, string Example, double Fit);

/// <param name="Passages">Each passage with bank questions, best first by its closest question's cosine plus its weighted fit.</param>
/// <param name="Subject">The subject whose example is closest, when there are subjects.</param>
/// <param name="Named">The subject a reply names: the best by its closest example's cosine plus its weighted fit (the closest without a classifier).</param>
public sealed record ExampleMatches(IReadOnlyList<BankMatch> Passages, SubjectMatch? Subject, SubjectMatch? Named = null)
{
    public SubjectMatch? Named { get; } = Named ?? Subject;

    /// <summary>The cosine of the closest bank question of all.</summary>
    public double BestBank { get; } = Passages.Count > 0 ? Passages.Max(p => p.Cosine) : 0;
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

    /// <param name="classifierRidge">The ridge penalty of the <see cref="ExampleClassifier"/> (0: none; the nearest examples alone order passages and name subjects).</param>
    /// <param name="fitWeight">How much the classifier's fit adds to the nearest example's cosine in that order.</param>
    public ExampleMatcher(IReadOnlyList<BankQuestion> bank, float[][] bankVectors, IReadOnlyList<(NotCoveredSubject Subject, string Example)> examples, float[][] exampleVectors,
        double classifierRidge = 0, double fitWeight = 0)
    {
        _bank = bank;
        _bankVectors = bankVectors;
        _examples = examples;
        _exampleVectors = exampleVectors;
        _ridge = classifierRidge;
        _fitWeight = fitWeight;
        (_passageIds, _bankOwner) = Owners(bank.Select(q => q.PassageId), StringComparer.Ordinal);
        (_subjects, _exampleOwner) = Owners(examples.Select(e => e.Subject), EqualityComparer<NotCoveredSubject>.Default);
        _classifier = classifierRidge > 0 && bank.Count > 0
            ? ExampleClassifier.Fit([.. bankVectors, .. exampleVectors], [.. _bankOwner, .. _exampleOwner.Select(o => _passageIds.Length + o)],
                _passageIds.Length + _subjects.Length, classifierRidge)
            : null;
    }

    private readonly double _ridge;
    private readonly double _fitWeight;
    private readonly ExampleClassifier? _classifier;

    // Each example's owner (its passage, or its subject) as an index, owners numbered in the order the files name
    // them: matching a question then needs arrays, not a dictionary of lists per question (with two thousand
    // examples that bookkeeping cost more than the dot products).
    private readonly string[] _passageIds;
    private readonly int[] _bankOwner;
    private readonly NotCoveredSubject[] _subjects;
    private readonly int[] _exampleOwner;

    private static (T[] Owners, int[] OwnerOf) Owners<T>(IEnumerable<T> ownerOfEach, IEqualityComparer<T> comparer) where T : notnull
    {
        var index = new Dictionary<T, int>(comparer);
        var owners = new List<T>();
        var ownerOf = new List<int>();
        foreach (var owner in ownerOfEach)
        {
            if (!index.TryGetValue(owner, out var i))
            {
                index[owner] = i = owners.Count;
                owners.Add(owner);
            }
            ownerOf.Add(i);
        }
        return ([.. owners], [.. ownerOf]);
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
            examples.Select(i => _examples[i]).ToList(), examples.Select(i => _exampleVectors[i]).ToArray(), _ridge, _fitWeight);
    }

    /// <summary>
    /// Each passage's and each subject's score is the mean of its <paramref name="neighbours"/> closest examples (0: the
    /// cosine with the centroid of all its examples) (fewer when
    /// it has fewer): one stray look-alike ("dasatinib" in a side-effect question) counts for less than several agreeing.
    /// </summary>
    public ExampleMatches Match(float[] question, int neighbours = 1)
    {
        if (neighbours <= 0) return MatchCentroids(question);
        var bank = Scores(question, _bankVectors, _bankOwner, _passageIds.Length, neighbours);
        var subjects = Scores(question, _exampleVectors, _exampleOwner, _subjects.Length, neighbours);
        if (_classifier is not null)
        {
            var fit = _classifier.Scores(question);
            for (var o = 0; o < bank.Length; o++) bank[o].Fit = fit[o];
            for (var o = 0; o < subjects.Length; o++) subjects[o].Fit = fit[bank.Length + o];
        }
        var passages = new List<BankMatch>(_passageIds.Length);
        foreach (var o in Ranked(bank, _fitWeight))
            passages.Add(new BankMatch(_passageIds[o], bank[o].Score, _bank[bank[o].Best].Text, bank[o].Fit, Strength(bank[o], _fitWeight)));
        return new ExampleMatches(passages, SubjectAt(Best(subjects, fitWeight: 0), subjects), SubjectAt(Best(subjects, _fitWeight), subjects));
    }

    private SubjectMatch? SubjectAt(int s, (double Score, int Best, double Fit)[] subjects) =>
        s >= 0 ? new SubjectMatch(_subjects[s], subjects[s].Score, _examples[subjects[s].Best].Example, subjects[s].Fit) : null;

    /// <summary>
    /// Per owner: the mean of its <paramref name="neighbours"/> closest examples' cosines (fewer when it has fewer),
    /// summed closest first, and its closest example.
    /// </summary>
    private static (double Score, int Best, double Fit)[] Scores(float[] question, float[][] vectors, int[] ownerOf, int owners, int neighbours)
    {
        var top = new double[owners * neighbours];
        var counts = new int[owners];
        var best = new int[owners];
        for (var i = 0; i < vectors.Length; i++)
        {
            var cosine = VectorMath.Dot(question, vectors[i]);
            var o = ownerOf[i];
            var start = o * neighbours;
            var n = counts[o];
            if (n == 0 || cosine > top[start]) best[o] = i;
            // Insert into the owner's closest-first list of at most `neighbours`.
            var at = Math.Min(n, neighbours - 1);
            if (n >= neighbours && cosine <= top[start + at]) continue;
            while (at > 0 && top[start + at - 1] < cosine)
            {
                top[start + at] = top[start + at - 1];
                at--;
            }
            top[start + at] = cosine;
            counts[o] = Math.Min(n + 1, neighbours);
        }
        var scores = new (double Score, int Best, double Fit)[owners];
        for (var o = 0; o < owners; o++)
        {
            double sum = 0;
            for (var j = 0; j < counts[o]; j++) sum += top[o * neighbours + j];
            var score = counts[o] == 0 ? 0 : sum / counts[o];
            scores[o] = (score, best[o], 0);
        }
        return scores;
    }

    /// <summary>The owner best by <see cref="Strength"/> (fit weight 0: the nearest; the first named among equals), or -1 when there are none.</summary>
    private static int Best((double Score, int Best, double Fit)[] scores, double fitWeight)
    {
        var best = -1;
        for (var o = 0; o < scores.Length; o++)
            if (best < 0 || Strength(scores[o], fitWeight) > Strength(scores[best], fitWeight)) best = o;
        return best;
    }

    /// <summary>The nearest example's cosine plus the weighted fit (the cosine alone without a classifier, whose fit is 0).</summary>
    private static double Strength((double Score, int Best, double Fit) score, double fitWeight) => score.Score + fitWeight * score.Fit;

    /// <summary>Owners by <see cref="Strength"/>, best first; ties go to the owner named first in its file (deterministic).</summary>
    private static int[] Ranked((double Score, int Best, double Fit)[] scores, double fitWeight)
    {
        var order = Enumerable.Range(0, scores.Length).ToArray();
        Array.Sort(order, (a, b) => Strength(scores[b], fitWeight).CompareTo(Strength(scores[a], fitWeight)) is var c and not 0 ? c : a.CompareTo(b));
        return order;
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
            .Select((c, order) => (Cosine: VectorMath.Dot(question, c.Vector), c, order))
            .Select(x => (Match: new BankMatch(x.c.Owner, x.Cosine, Nearest(question, x.c.Members), 0, x.Cosine), x.order))
            .OrderByDescending(m => m.Match.Cosine).ThenBy(m => m.order).Select(m => m.Match).ToList();
        var subject = _subjectCentroids
            .Select((c, order) => (Match: new SubjectMatch(c.Owner, VectorMath.Dot(question, c.Vector), Nearest(question, c.Members), 0), order))
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
        members.MaxBy(m => VectorMath.Dot(question, m.Vector)).Text;
}
