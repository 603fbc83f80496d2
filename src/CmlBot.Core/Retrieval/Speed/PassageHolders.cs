using System.Numerics;

namespace CmlBot.Core.Retrieval.Speed;

/// <summary>Which of a passage's term sets: its own text, the sentences quoted with it, or the rest of its paragraph.</summary>
public enum TermSet { Own, Lead, Context }

/// <summary>The passages that match a concept through their own terms, their lead's, or their context's.</summary>
internal sealed record ConceptHolders(ulong[] Own, ulong[] Lead, ulong[] Context);

/// <summary>
/// For every term, the passages whose term set holds it, as a bit per passage ordinal. Whether a passage holds all of a
/// phrase is then an AND of a few words rather than a hash lookup per term and passage: ranking asks it for every
/// candidate passage, concept and term set of every question, and those lookups were a fifth of a question's time.
/// </summary>
public sealed class PassageHolders
{
    private const int Sets = 3;

    // Per term, the bits of all three term sets side by side (Own, Lead, Context; Words each): one lookup per term.
    private readonly Dictionary<string, ulong[]> _byTerm = new(StringComparer.Ordinal);

    public PassageHolders(IReadOnlyList<Passage> passages)
    {
        PassageCount = passages.Count;
        Words = (passages.Count + 63) / 64;
        foreach (var p in passages)
        {
            Add(p.Terms, TermSet.Own, p.Ordinal);
            Add(p.LeadTerms, TermSet.Lead, p.Ordinal);
            Add(p.ContextTerms, TermSet.Context, p.Ordinal);
        }
    }

    public int PassageCount { get; }

    /// <summary>How many 64-bit words a set of passages takes.</summary>
    public int Words { get; }

    /// <summary>
    /// The passages whose <paramref name="set"/> holds every term of <paramref name="phrase"/> (none for an empty phrase):
    /// one term set alone, which is what the tests compare with the passages' own sets; ranking takes all three at once.
    /// </summary>
    internal ulong[] Holding(TermSet set, IReadOnlyList<string> phrase)
    {
        var all = new ulong[Sets * Words];
        AddHolding(all, phrase);
        return all.AsSpan((int)set * Words, Words).ToArray();
    }

    /// <summary>
    /// ORs into <paramref name="into"/> (<see cref="Sets"/> × <see cref="Words"/>: Own, Lead, Context) the passages whose
    /// term set holds every term of the phrase, for each term set at once.
    /// </summary>
    public void AddHolding(Span<ulong> into, IReadOnlyList<string> phrase)
    {
        if (phrase.Count == 0) return;
        Span<ulong> all = Words <= 8 ? stackalloc ulong[Sets * Words] : new ulong[Sets * Words];
        for (var i = 0; i < phrase.Count; i++)
        {
            if (!_byTerm.TryGetValue(phrase[i], out var holders)) return;
            if (i == 0) holders.CopyTo(all);
            else for (var w = 0; w < all.Length; w++) all[w] &= holders[w];
        }
        for (var w = 0; w < all.Length; w++) into[w] |= all[w];
    }

    /// <summary>The passages matching any of the phrases whole, in each term set.</summary>
    internal ConceptHolders ForPhrases(IEnumerable<IReadOnlyList<string>> phrases)
    {
        var all = new ulong[Sets * Words];
        foreach (var phrase in phrases) AddHolding(all, phrase);
        return new ConceptHolders(all[..Words], all[Words..(2 * Words)], all[(2 * Words)..]);
    }

    /// <summary>Whether any passage's <paramref name="set"/> holds every term (true for no terms when there are passages).</summary>
    public bool Any(TermSet set, IReadOnlyList<string> terms)
    {
        if (terms.Count == 0) return PassageCount > 0;
        Span<ulong> all = Words <= 8 ? stackalloc ulong[Sets * Words] : new ulong[Sets * Words];
        AddHolding(all, terms);
        foreach (var word in all.Slice((int)set * Words, Words))
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

    private void Add(IReadOnlySet<string> terms, TermSet set, int ordinal)
    {
        foreach (var term in terms)
        {
            if (!_byTerm.TryGetValue(term, out var holders)) _byTerm[term] = holders = new ulong[Sets * Words];
            holders[(int)set * Words + (ordinal >> 6)] |= 1UL << (ordinal & 63);
        }
    }
}
