using System.Text;
using CmlBot.Core.Retrieval.Speed;

namespace CmlBot.Bot.Understanding.Safety;

/// <summary>
/// Patients misspell the very words that matter ("brethe", "sucide", "spyrcel"). A word of the message that is not
/// itself a phrase word is read as the one phrase word of six letters or more it is a single edit from (a letter
/// added, dropped, changed, or two swapped; two edits from nine letters): only phrase words, so an ordinary word
/// rarely turns into one, only when one phrase word is nearer than every other, and never a word a trigger already reads
/// (through a *) or another form of the same word ("decide", "decided"); nor a word an idiom reads (<c>unless:</c>):
/// "collapsed in laughter" must not become "collapsed in daughter" and lose the idiom that cancels it. Nor is a common
/// English word (<paramref name="englishWords"/>), or one with a possessive s ("childs"), corrected: "admission" is not a
/// misspelt "remission", nor "creams" "screams".
/// </summary>
/// <param name="spoken">Words as some patients write them ("heid", "cannae") and what they mean ("head", "cant"), from the file's <c>spoken:</c> lines.</param>
public sealed class SafetySpelling(IReadOnlySet<string> vocabulary, IReadOnlySet<string>? idiomWords = null, IReadOnlySet<string>? englishWords = null,
    IReadOnlyDictionary<string, string>? spoken = null)
{
    private const int MinLength = 6;
    private readonly string[] _long = vocabulary.Where(w => w.Length >= MinLength - 1 && w.All(char.IsLetter)).ToArray();
    // Words a trigger already reads through its * ("droop*" reads "drooping"): never corrected into something else.
    private readonly string[] _stems = vocabulary.Where(w => w.EndsWith('*')).Select(w => w[..^1]).ToArray();

    private readonly Dictionary<string, string>.AlternateLookup<ReadOnlySpan<char>> _spoken =
        new Dictionary<string, string>(spoken ?? new Dictionary<string, string>(), StringComparer.Ordinal).GetAlternateLookup<ReadOnlySpan<char>>();

    // The words two dictated halves may join into (see Joined), known by their first two and last three letters.
    private readonly JoinableWords _joinable = new(vocabulary.Where(w => w.Length >= 7 && w.All(char.IsLetter) && englishWords?.Contains(w) == false));

    /// <summary>The phrase words it reads misspellings as (for tests: a <c>list:</c> must add the words its written-out text would).</summary>
    internal IReadOnlySet<string> Vocabulary => vocabulary;

    /// <summary>Words looked up at most, remembered across messages (the ones patients use recur from message to message).</summary>
    public const int MemoCapacity = 4096;

    // Each word's correction, or null: a pure function of the word, so it is worked out once. In memory only.
    private BoundedMemo<string?>? _memo;
    private BoundedMemo<string?> Memo => _memo ??= new BoundedMemo<string?>(MemoCapacity, w => Closest(w));

    // Joined pairs are remembered apart, so a burst of dictated pairs never pushes out the single words.
    private BoundedMemo<string?>? _pairMemo;
    private BoundedMemo<string?> PairMemo => _pairMemo ??= new BoundedMemo<string?>(PairMemoCapacity, w => Closest(w));

    /// <summary>Joined pairs looked up at most, remembered apart from single words.</summary>
    public const int PairMemoCapacity = MemoCapacity / 4;

    /// <summary>Words and joined pairs remembered now (for tests: never more than the two capacities together).</summary>
    public int Remembered => (_memo?.Count ?? 0) + (_pairMemo?.Count ?? 0);

    /// <summary>The prepared text with misspelt phrase words corrected, or the same instance when nothing changed.</summary>
    public string Correct(string prepared)
    {
        StringBuilder? corrected = null;
        var start = 0;
        while (start < prepared.Length)
        {
            var end = prepared.IndexOf(' ', start);
            if (end < 0) end = prepared.Length;
            var word = prepared.AsSpan(start, end - start);
            var nextEnd = end < prepared.Length ? prepared.IndexOf(' ', end + 1) : -1;
            if (nextEnd < 0) nextEnd = prepared.Length;
            string? replacement = null;
            if (_spoken.TryGetValue(word, out var said)) replacement = said;
            else if (end < prepared.Length && Joined(word, prepared.AsSpan(end + 1, nextEnd - end - 1)) is { } joined)
            {
                replacement = joined;
                end = nextEnd;
            }
            else if (nextEnd < prepared.Length && JoinedThree(word, prepared.AsSpan(end + 1, nextEnd - end - 1), prepared, nextEnd) is { } three)
            {
                replacement = three.Word;
                end = three.End;
            }
            else if (word.Length >= MinLength || DropsG(word)) replacement = Memo.Get(word);
            if (replacement is not null)
            {
                corrected ??= new StringBuilder(prepared, 0, start, prepared.Length + 16);
                corrected.Append(replacement);
            }
            else
            {
                corrected?.Append(word);
            }
            if (end < prepared.Length) corrected?.Append(' ');
            start = end + 1;
        }
        return corrected?.ToString() ?? prepared;
    }

    /// <summary>
    /// Dictation splits a medicine's name ("bosu tinib", "hydroxy urea", "a matinib"): two words read as one phrase
    /// word when together they are one, or a misspelling of one, of seven letters or more that is no common English
    /// word (the medicines' names are none), and they are not two common English words. So "every one" never becomes
    /// "everyone", nor "any more" "anymore": a trigger may read them as two.
    /// </summary>
    private string? Joined(ReadOnlySpan<char> first, ReadOnlySpan<char> second)
    {
        var length = first.Length + second.Length;
        if (englishWords is null || first.IsEmpty || second.Length < 2 || length < MinLength || length > 40) return null;
        Span<char> joined = stackalloc char[length];
        first.CopyTo(joined);
        second.CopyTo(joined[first.Length..]);
        foreach (var c in joined) if (!char.IsLetter(c)) return null;
        // Most pairs of words start and end like no such word: rejected before anything is allocated or looked up.
        if (!_joinable.MayBe(joined)) return null;
        if (IsWord(first.ToString()) && IsWord(second.ToString())) return null;
        return JoinedWord(joined);
    }

    /// <summary>The phrase word of seven letters or more, no common English word, that joined pieces are or are a misspelling of.</summary>
    private string? JoinedWord(ReadOnlySpan<char> joined)
    {
        var text = joined.ToString();
        var word = vocabulary.Contains(text) ? text : PairMemo.Get(text);
        return word is { Length: >= 7 } && !englishWords!.Contains(word) ? word : null;
    }

    /// <summary>
    /// Dictation may split a name in three ("ta sig na", "i clue sig", "bo soo tinib"): three words read as one
    /// phrase word by the same rule as two, when none of them is itself a phrase word of six letters or more
    /// ("imatinib i m" keeps its "i m"), not all three are common English words, and the second and third do not
    /// already join as two ("on pona tinib" keeps its "on").
    /// </summary>
    private (string Word, int End)? JoinedThree(ReadOnlySpan<char> first, ReadOnlySpan<char> second, string prepared, int secondEnd)
    {
        var thirdEnd = prepared.IndexOf(' ', secondEnd + 1);
        if (thirdEnd < 0) thirdEnd = prepared.Length;
        var third = prepared.AsSpan(secondEnd + 1, thirdEnd - secondEnd - 1);
        var length = first.Length + second.Length + third.Length;
        if (englishWords is null || first.IsEmpty || second.IsEmpty || third.Length < 2 || length < MinLength + 1 || length > 40) return null;
        // As for two: most triples start and end like no such word, and are rejected before anything is allocated.
        Span<char> joined = stackalloc char[length];
        first.CopyTo(joined);
        second.CopyTo(joined[first.Length..]);
        third.CopyTo(joined[(first.Length + second.Length)..]);
        foreach (var ch in joined) if (!char.IsLetter(ch)) return null;
        if (!_joinable.MayBe(joined) || Joined(second, third) is not null) return null;
        var (a, b, c) = (first.ToString(), second.ToString(), third.ToString());
        if (IsLongPhraseWord(a) || IsLongPhraseWord(b) || IsLongPhraseWord(c) || (englishWords.Contains(a) && englishWords.Contains(b) && englishWords.Contains(c))) return null;
        return JoinedWord(joined) is { } word ? (word, thirdEnd) : null;
    }

    private bool IsLongPhraseWord(string word) => word.Length >= MinLength && vocabulary.Contains(word);

    private bool IsWord(string word) => vocabulary.Contains(word) || englishWords!.Contains(word) || idiomWords?.Contains(word) == true;

    /// <summary>"cuttin", "bleedin", "takin": a spoken -ing, of five letters or more (so "thin" never becomes "thing").</summary>
    private static bool DropsG(ReadOnlySpan<char> word) => word.Length >= 5 && word.EndsWith("in", StringComparison.Ordinal);

    private string? Closest(ReadOnlySpan<char> word)
    {
        foreach (var c in word) if (!char.IsLetter(c)) return null;
        var text = word.ToString();
        if (vocabulary.Contains(text) || idiomWords?.Contains(text) == true) return null;
        if (englishWords is not null && (englishWords.Contains(text) || (text[^1] == 's' && englishWords.Contains(text[..^1])))) return null;
        // "keep cuttin meself", "shiverin like a leaf": the -ing form, when that is a trigger word or an English word and
        // the word as written is neither ("robin" and "margin" stay). Patterns read only the -ing form, even where a
        // phrase's * would read both.
        if (DropsG(word) && (vocabulary.Contains(text + "g") || englishWords?.Contains(text + "g") == true)) return text + "g";
        if (word.Length < MinLength || _stems.Any(s => text.StartsWith(s, StringComparison.Ordinal))) return null;
        var allowed = word.Length >= 9 ? 2 : 1;
        string? found = null;
        var nearest = allowed + 1;
        var tied = false;
        foreach (var candidate in _long)
        {
            // A word further off than the nearest so far can neither win nor tie.
            var bound = Math.Min(allowed, nearest);
            if (Math.Abs(candidate.Length - word.Length) > bound) continue;
            // "decide" and "decided", "bleed" and "bleeds": another form of a word, not a misspelling of it. A doubled
            // last letter ("sprycell") is no English ending, so that one is a misspelling.
            if ((candidate.StartsWith(text, StringComparison.Ordinal) || text.StartsWith(candidate, StringComparison.Ordinal))
                && !DoublesLastLetter(text, candidate)) continue;
            var distance = Distance(word, candidate, bound);
            if (distance > bound) continue;
            // The nearest word wins ("collpased" is one swap from "collapsed", two edits from "collapse"); two words
            // as near as each other: no guess.
            tied = distance == nearest;
            if (!tied) { nearest = distance; found = candidate; }
        }
        return tied ? null : found;
    }

    private static bool DoublesLastLetter(string word, string candidate) =>
        word.Length == candidate.Length + 1 && word.StartsWith(candidate, StringComparison.Ordinal) && word[^1] == candidate[^1];

    /// <summary>Optimal string alignment distance, giving up (returning max + 1) once it must exceed <paramref name="max"/>.</summary>
    private static int Distance(ReadOnlySpan<char> a, string b, int max)
    {
        if (b.Length > 62) return max + 1;
        Span<int> previous2 = stackalloc int[b.Length + 1];
        Span<int> previous = stackalloc int[b.Length + 1];
        Span<int> current = stackalloc int[b.Length + 1];
        for (var j = 0; j <= b.Length; j++) previous[j] = j;
        for (var i = 1; i <= a.Length; i++)
        {
            current[0] = i;
            var best = current[0];
            for (var j = 1; j <= b.Length; j++)
            {
                var cost = a[i - 1] == b[j - 1] ? 0 : 1;
                var d = Math.Min(Math.Min(previous[j] + 1, current[j - 1] + 1), previous[j - 1] + cost);
                if (i > 1 && j > 1 && a[i - 1] == b[j - 2] && a[i - 2] == b[j - 1]) d = Math.Min(d, previous2[j - 2] + 1);
                current[j] = d;
                best = Math.Min(best, d);
            }
            if (best > max) return max + 1;
            var spare = previous2;
            previous2 = previous;
            previous = current;
            current = spare;
        }
        return previous[b.Length];
    }

    /// <summary>The first two and last three letters of a set of words: a word that shares neither is none of them, nor one edit from one.</summary>
    private sealed class JoinableWords
    {
        private readonly HashSet<string>.AlternateLookup<ReadOnlySpan<char>> _starts;
        private readonly HashSet<string>.AlternateLookup<ReadOnlySpan<char>> _ends;

        public JoinableWords(IEnumerable<string> words)
        {
            var starts = new HashSet<string>(StringComparer.Ordinal);
            var ends = new HashSet<string>(StringComparer.Ordinal);
            foreach (var word in words)
            {
                starts.Add(word[..2]);
                ends.Add(word[^3..]);
            }
            _starts = starts.GetAlternateLookup<ReadOnlySpan<char>>();
            _ends = ends.GetAlternateLookup<ReadOnlySpan<char>>();
        }

        public bool MayBe(ReadOnlySpan<char> word) => _starts.Contains(word[..2]) || _ends.Contains(word[^3..]);
    }
}
