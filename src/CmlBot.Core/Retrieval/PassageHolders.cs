using System.Numerics;

namespace CmlBot.Core.Retrieval;

/// <summary>Which of a passage's term sets: its own text, the sentences quoted with it, or the rest of its paragraph.</summary>
public enum TermSet { Own, Lead, Context }

/// <summary>
/// For every term, the passages whose term set holds it, as a bit per passage ordinal. Whether a passage holds all of a
/// phrase is then an AND of a few words rather than a hash lookup per term and passage: ranking asks it for every
/// candidate passage, concept and term set of every question, and those lookups were a fifth of a question's time.
/// </summary>
public sealed class PassageHolders
{
    private readonly Dictionary<string, ulong[]>[] _byTerm;

    public PassageHolders(IReadOnlyList<Passage> passages)
    {
        PassageCount = passages.Count;
        Words = (passages.Count + 63) / 64;
        _byTerm = [Build(passages, p => p.Terms), Build(passages, p => p.LeadTerms), Build(passages, p => p.ContextTerms)];
    }

    public int PassageCount { get; }

    /// <summary>How many 64-bit words a set of passages takes.</summary>
    public int Words { get; }

    /// <summary>The passages whose <paramref name="set"/> holds every term of <paramref name="phrase"/> (none for an empty phrase).</summary>
    public ulong[] Holding(TermSet set, IReadOnlyList<string> phrase)
    {
        var result = new ulong[Words];
        AddHolding(result, set, phrase);
        return result;
    }

    /// <summary>Adds (ORs) into <paramref name="into"/> the passages whose <paramref name="set"/> holds every term of the phrase.</summary>
    public void AddHolding(ulong[] into, TermSet set, IReadOnlyList<string> phrase)
    {
        if (phrase.Count == 0) return;
        var terms = _byTerm[(int)set];
        Span<ulong> all = Words <= 16 ? stackalloc ulong[Words] : new ulong[Words];
        for (var i = 0; i < phrase.Count; i++)
        {
            if (!terms.TryGetValue(phrase[i], out var holders)) return;
            if (i == 0) holders.CopyTo(all);
            else for (var w = 0; w < all.Length; w++) all[w] &= holders[w];
        }
        for (var w = 0; w < all.Length; w++) into[w] |= all[w];
    }

    /// <summary>Whether any passage's <paramref name="set"/> holds every term (true for no terms when there are passages).</summary>
    public bool Any(TermSet set, IReadOnlyList<string> terms)
    {
        if (terms.Count == 0) return PassageCount > 0;
        foreach (var word in Holding(set, terms))
            if (word != 0) return true;
        return false;
    }

    public static bool Has(ulong[] passages, int ordinal) => (passages[ordinal >> 6] & (1UL << (ordinal & 63))) != 0;

    public static int Count(ulong[] passages)
    {
        var count = 0;
        foreach (var word in passages) count += BitOperations.PopCount(word);
        return count;
    }

    private Dictionary<string, ulong[]> Build(IReadOnlyList<Passage> passages, Func<Passage, IReadOnlySet<string>> terms)
    {
        var byTerm = new Dictionary<string, ulong[]>(StringComparer.Ordinal);
        foreach (var p in passages)
            foreach (var term in terms(p))
            {
                if (!byTerm.TryGetValue(term, out var holders)) byTerm[term] = holders = new ulong[Words];
                holders[p.Ordinal >> 6] |= 1UL << (p.Ordinal & 63);
            }
        return byTerm;
    }
}
