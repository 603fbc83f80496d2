namespace CmlBot.Core.Retrieval;

/// <summary>
/// Corrects words that the corpus and the synonym file never use ("imatanib", "leukaemia", "gleevac")
/// to the nearest word they do use. Only unknown words are touched, so a correctly spelt word is never
/// traded for a neighbour, and a fuzzy match can never outrank an exact one.
/// </summary>
public sealed class SpellingCorrector
{
    private readonly Dictionary<string, int> _frequency;
    private readonly ILookup<char, string> _byFirstLetter;

    private readonly HashSet<string> _knownOnly;

    /// <param name="vocabulary">The words a misspelling may be corrected to (each occurrence counts towards its frequency).</param>
    /// <param name="knownOnly">
    /// Words left as written but never a correction: the names of sections the corpus lacks ("stage" from "Stage
    /// Information"), which no passage holds, so that "trials in my state" is not read as a question about staging.
    /// </param>
    public SpellingCorrector(IEnumerable<string> vocabulary, IEnumerable<string>? knownOnly = null)
    {
        _frequency = vocabulary.GroupBy(w => w, StringComparer.Ordinal).ToDictionary(g => g.Key, g => g.Count(), StringComparer.Ordinal);
        _byFirstLetter = _frequency.Keys.Where(w => w.Length >= 4).ToLookup(w => w[0]);
        _knownOnly = new HashSet<string>(knownOnly ?? [], StringComparer.Ordinal);
    }

    public bool Knows(string word) => _frequency.ContainsKey(word) || _knownOnly.Contains(word);

    /// <summary>The corrected word, or null when the word is known, too short to judge, or has no close neighbour.</summary>
    public string? Correct(string word)
    {
        if (word.Length < 5 || Knows(word) || !word.All(char.IsLetter)) return null;
        var budget = EditBudget(word.Length);
        string? best = null;
        var bestDistance = int.MaxValue;
        // Same first letter: misspellings rarely get it wrong, and it keeps "diet" from becoming "died".
        foreach (var candidate in _byFirstLetter[word[0]])
        {
            if (Math.Abs(candidate.Length - word.Length) > budget) continue;
            var d = Distance(word, candidate, budget);
            if (d > budget) continue;
            if (d < bestDistance || (d == bestDistance && Better(candidate, best!)))
            {
                best = candidate;
                bestDistance = d;
            }
        }
        return best;
    }

    /// <summary>How many edits a misspelling of that length may be from its word: one for short words, two for long ones (patients' misspellings of drug names are usually one or two).</summary>
    public static int EditBudget(int length) => length >= 8 ? 2 : 1;

    private bool Better(string a, string b)
    {
        var fa = _frequency[a];
        var fb = _frequency[b];
        return fa != fb ? fa > fb : string.CompareOrdinal(a, b) < 0;
    }

    /// <summary>Optimal string alignment distance (Damerau–Levenshtein with adjacent transpositions), cut off past <paramref name="limit"/>.</summary>
    public static int Distance(string a, string b, int limit = int.MaxValue)
    {
        var d = new int[a.Length + 1, b.Length + 1];
        for (var i = 0; i <= a.Length; i++) d[i, 0] = i;
        for (var j = 0; j <= b.Length; j++) d[0, j] = j;
        for (var i = 1; i <= a.Length; i++)
        {
            var rowMin = int.MaxValue;
            for (var j = 1; j <= b.Length; j++)
            {
                var cost = a[i - 1] == b[j - 1] ? 0 : 1;
                var v = Math.Min(Math.Min(d[i - 1, j] + 1, d[i, j - 1] + 1), d[i - 1, j - 1] + cost);
                if (i > 1 && j > 1 && a[i - 1] == b[j - 2] && a[i - 2] == b[j - 1])
                    v = Math.Min(v, d[i - 2, j - 2] + 1);
                d[i, j] = v;
                rowMin = Math.Min(rowMin, v);
            }
            if (rowMin > limit) return rowMin;
        }
        return d[a.Length, b.Length];
    }
}
