using System.Runtime.InteropServices;
using CmlBot.Core.Understanding;

namespace CmlBot.Bot.Understanding.Safety;

/// <summary>
/// The screen's second learnt step: one linear score per class over the words and pairs of adjacent words of the whole
/// message as the triggers read it (<see cref="SafetyRules.Prepare"/>), fitted by ridge regression on the same labelled
/// messages as <see cref="SafetyLearned"/>. The sentence vector blurs a message into one point, where a stroke told in
/// plain words can sit among questions about strokes; the words keep what was said ("went grey", "cant wake") and weigh
/// each by how the labelled messages used it. A word or pair counts only when at least <see cref="Least"/> labelled
/// messages hold it, so one odd message does not teach it. It adds a class by the same rule as the vector step: one
/// it may add, the best of the four alert classes, at least <see cref="Floor"/>, and ahead of the ordinary score by
/// <see cref="Lead"/>. It may also overrule a class something else found (<see cref="Overrules"/>): a look-alike
/// (a forum post retelling another member's scare, a question from a first-aid course) holds the alarming words, but
/// the rest of its words read as ordinary. Kept in <c>corpus/safety.words</c> (<see cref="SafetyWordsFile"/>).
/// </summary>
public sealed class SafetyWords
{
    /// <summary>Weights are kept as whole multiples of this: the file holds integers, and a fit is the file it writes.</summary>
    public const double Step = 1e-4;

    private readonly Dictionary<string, float[]> _weights;
    private readonly float[] _bias;

    /// <param name="weights">Each word or pair's weight per class, in the order of <see cref="SafetyLearned.Classes"/>.</param>
    public SafetyWords(string trained, double ridge, int least, double lead, double floor, SafetyClasses adds, double veto, SafetyClasses vetoes,
        IReadOnlyDictionary<string, float[]> weights, IReadOnlyList<float> bias)
    {
        var classes = SafetyLearned.Classes.Count;
        if (bias.Count != classes || weights.Values.Any(w => w.Length != classes))
            throw new ArgumentException($"one weight per class ({classes}) for the bias and every word");
        Trained = trained;
        Ridge = ridge;
        Least = least;
        Lead = lead;
        Floor = floor;
        Adds = adds;
        Veto = veto;
        Vetoes = vetoes;
        _weights = new Dictionary<string, float[]>(weights, StringComparer.Ordinal);
        _bias = [.. bias];
    }

    /// <summary>The digest of the messages it was fitted on (<see cref="SafetyLearned.Digest"/>).</summary>
    public string Trained { get; }

    public double Ridge { get; }

    /// <summary>The fewest labelled messages a word or pair must be in to get a weight.</summary>
    public int Least { get; }

    /// <summary>How far the class's score must lead the ordinary score.</summary>
    public double Lead { get; }

    /// <summary>The least score that counts.</summary>
    public double Floor { get; }

    /// <summary>The classes it may add.</summary>
    public SafetyClasses Adds { get; }

    /// <summary>How far the ordinary score must lead a found class's score for the step to overrule it.</summary>
    public double Veto { get; }

    /// <summary>The classes it may overrule.</summary>
    public SafetyClasses Vetoes { get; }

    /// <summary>Every word and pair with a weight, and its weights (for keeping the fit).</summary>
    public IReadOnlyDictionary<string, float[]> Weights => _weights;

    public IReadOnlyList<float> Bias => _bias;

    /// <summary>The distinct words and pairs of adjacent words of a prepared message, in the order they first come.</summary>
    public static IReadOnlyList<string> Grams(string prepared)
    {
        var words = new List<string>();
        for (var i = 0; i < prepared.Length;)
        {
            if (!char.IsLetterOrDigit(prepared[i]))
            {
                i++;
                continue;
            }
            var start = i;
            while (i < prepared.Length && char.IsLetterOrDigit(prepared[i])) i++;
            words.Add(prepared[start..i]);
        }
        var grams = new List<string>();
        var seen = new HashSet<string>(StringComparer.Ordinal);
        for (var i = 0; i < words.Count; i++)
        {
            if (seen.Add(words[i])) grams.Add(words[i]);
            if (i + 1 < words.Count && seen.Add($"{words[i]} {words[i + 1]}")) grams.Add($"{words[i]} {words[i + 1]}");
        }
        return grams;
    }

    /// <summary>Each class's score for a prepared message (about 1 for a message like the class's own, about 0 for others).</summary>
    public double[] Scores(string prepared)
    {
        var grams = Grams(prepared);
        var scores = _bias.Select(b => (double)b).ToArray();
        // Every word and pair counts alike, the message's length divided out, as in the fit.
        var value = Value(grams.Count);
        foreach (var gram in grams)
            if (_weights.TryGetValue(gram, out var w))
                for (var c = 0; c < scores.Length; c++) scores[c] += value * w[c];
        return scores;
    }

    /// <summary>The class the message reads as, when it is one this step may add and clearly ahead; else none.</summary>
    public SafetyClasses Read(string prepared) => Read(Scores(prepared));

    /// <summary>The class <paramref name="scores"/> (<see cref="Scores"/>) read as, when it is one this step may add and clearly ahead; else none.</summary>
    public SafetyClasses Read(double[] scores)
    {
        var none = SafetyLearned.Classes.Count - 1;
        var top = 0;
        for (var c = 1; c < none; c++)
            if (scores[c] > scores[top]) top = c;
        var found = SafetyLearned.Classes[top];
        return scores[top] >= Floor && scores[top] - scores[none] >= Lead && (Adds & found) != 0 ? found : SafetyClasses.None;
    }

    /// <summary>
    /// The classes of <paramref name="found"/> this step overrules: ones it may (<see cref="Vetoes"/>) where the words'
    /// ordinary score leads the class's by <see cref="Veto"/> and the vector step's scores (<paramref name="vector"/>,
    /// <see cref="SafetyLearned.Classes"/> order) do not place the message nearer the class than ordinary either. Two
    /// readers that agree: on five folds of the labelled messages the words alone overruled a seizure told in six
    /// words, which the vector step read as nearer an emergency than ordinary.
    /// </summary>
    public SafetyClasses Overrules(double[] scores, IReadOnlyList<double> vector, SafetyClasses found)
    {
        var none = SafetyLearned.Classes.Count - 1;
        var overruled = SafetyClasses.None;
        for (var c = 0; c < none; c++)
        {
            var name = SafetyLearned.Classes[c];
            if ((found & Vetoes & name) != 0 && scores[none] - scores[c] >= Veto && vector[none] >= vector[c]) overruled |= name;
        }
        return overruled;
    }

    /// <summary>The same weights and settings, overruling <paramref name="vetoes"/> instead (none: it only adds).</summary>
    public SafetyWords WithVetoes(SafetyClasses vetoes) => new(Trained, Ridge, Least, Lead, Floor, Adds, Veto, vetoes, _weights, _bias);

    /// <summary>Fits the scores on prepared messages and their classes (among <see cref="SafetyLearned.Classes"/>).</summary>
    public static SafetyWords Fit(IReadOnlyList<string> prepared, IReadOnlyList<SafetyClasses> classes, string trained,
        double ridge, int least, double lead, double floor, SafetyClasses adds, double veto, SafetyClasses vetoes)
    {
        var grams = prepared.Select(Grams).ToList();
        var counts = new Dictionary<string, int>(StringComparer.Ordinal);
        foreach (var gram in grams.SelectMany(g => g)) CollectionsMarshal.GetValueRefOrAddDefault(counts, gram, out _)++;
        var vocabulary = counts.Where(kv => kv.Value >= least).Select(kv => kv.Key).Order(StringComparer.Ordinal).ToList();
        var index = vocabulary.Select((g, i) => (g, i)).ToDictionary(x => x.g, x => x.i, StringComparer.Ordinal);
        var rows = grams.Select(g =>
        {
            var features = g.Where(index.ContainsKey).Select(x => index[x]).Order().ToArray();
            return new SparseRidge.Row(features, Enumerable.Repeat((float)Value(g.Count), features.Length).ToArray());
        }).ToList();
        var fit = SparseRidge.Solve(rows, [.. classes.Select(SafetyLearned.IndexOf)], SafetyLearned.Classes.Count, vocabulary.Count, ridge);
        var weights = new Dictionary<string, float[]>(StringComparer.Ordinal);
        for (var f = 0; f < vocabulary.Count; f++)
        {
            var w = fit.Weights.Select(c => Kept(c[f])).ToArray();
            // A word whose weights all round to nothing reads the same as a word never seen.
            if (w.Any(x => x != 0)) weights[vocabulary[f]] = w;
        }
        return new SafetyWords(trained, ridge, least, lead, floor, adds, veto, vetoes, weights, [.. fit.Bias.Select(Kept)]);
    }

    private static double Value(int grams) => 1 / Math.Sqrt(Math.Max(1, grams));

    private static float Kept(double weight) => (float)(Math.Round(weight / Step) * Step);
}
