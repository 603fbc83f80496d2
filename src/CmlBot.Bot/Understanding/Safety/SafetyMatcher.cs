using System.Text.RegularExpressions;
using CmlBot.Core.Corpus;

namespace CmlBot.Bot.Understanding.Safety;

/// <summary>
/// Finds where any of a group's triggers (or idioms) match, with a few regexes that each join several triggers as
/// alternatives, run only for the phrases whose every slot the text holds a word of.
/// </summary>
/// <remarks>
/// Phrases and expert patterns are joined apart, since they are skipped by different means. Every start position is
/// searched, so a match that a negation or an idiom cancels never hides another trigger's match beginning after it.
/// A phrase cannot match without a word of each of its slots ("took", "too many", "pills"), so a regex none of whose
/// phrases has all its slots in the text is skipped: most messages are questions that share a word or two with some
/// phrase, and the word lookups cost far less than running the regexes. A pattern cannot match a text that holds
/// none of its required text ("took", "taken", "swallowed"…), so its regex is skipped on such a text too.
/// </remarks>
public sealed class SafetyMatcher
{
    private const int JoinSize = 8;
    private readonly Regex[] _regexes;
    private readonly SafetyTrigger[][] _triggers;
    // Per regex: its phrases, each as the indexes of its slots; null for a join of patterns.
    private readonly int[][]?[] _phrases;
    private readonly int _slotCount;
    // Which slots a word fills: exact words, and word beginnings (a trailing *) by their length.
    private readonly Dictionary<string, int[]> _words = new(StringComparer.Ordinal);
    private readonly Dictionary<string, int[]> _beginnings = new(StringComparer.Ordinal);
    private readonly int[] _beginningLengths;

    public SafetyMatcher(string file, IReadOnlyList<SafetyTrigger> triggers)
    {
        var joined = new List<(Regex, SafetyTrigger[])>();
        foreach (var chunk in triggers.Where(t => t.IsPhrase).Chunk(JoinSize)) Join(file, chunk, joined);
        foreach (var chunk in triggers.Where(t => !t.IsPhrase).Chunk(JoinSize)) Join(file, chunk, joined);
        _regexes = joined.Select(j => j.Item1).ToArray();
        _triggers = joined.Select(j => j.Item2).ToArray();

        var words = new Dictionary<string, List<int>>(StringComparer.Ordinal);
        var beginnings = new Dictionary<string, List<int>>(StringComparer.Ordinal);
        var slotCount = 0;
        _phrases = joined.Select(j => j.Item2.All(t => t.IsPhrase) ? j.Item2.Select(t => t.Slots!.Select(slot =>
        {
            var id = slotCount++;
            foreach (var word in slot)
            {
                var (table, key) = word.EndsWith('*') ? (beginnings, word[..^1]) : (words, word);
                if (!table.TryGetValue(key, out var ids)) table[key] = ids = [];
                ids.Add(id);
            }
            return id;
        }).ToArray()).ToArray() : null).ToArray();
        _slotCount = slotCount;
        foreach (var (word, ids) in words) _words[word] = [.. ids];
        foreach (var (beginning, ids) in beginnings) _beginnings[beginning] = [.. ids];
        _beginningLengths = beginnings.Keys.Select(b => b.Length).Distinct().Order().ToArray();
    }

    /// <summary>The joined regexes (for the bound tests).</summary>
    public IReadOnlyList<Regex> Regexes => _regexes;

    /// <summary>Every (start, length) where a trigger matches, one per start position and regex.</summary>
    /// <param name="text">Prepared text (<see cref="SafetyText.Prepare"/>): words between single spaces.</param>
    public IEnumerable<(int Index, int Length)> Matches(string text)
    {
        foreach (var alternatives in RegexesFor(text))
            foreach (var match in FirstAlternativeAt(alternatives, text))
                yield return match;
    }

    /// <summary>
    /// What runs on <paramref name="text"/>, per joined regex: the regex itself when the text may match each of its
    /// triggers (fills every slot of each phrase; holds some required text of each pattern); otherwise the own regexes
    /// of the triggers it may match, in their order in the join (none: the join is skipped). A trigger's own regex
    /// tries one wording where the join tries eight at every start.
    /// </summary>
    public IReadOnlyList<IReadOnlyList<Regex>> RegexesFor(string text)
    {
        bool[]? filled = null;
        var run = new List<IReadOnlyList<Regex>>();
        for (var r = 0; r < _regexes.Length; r++)
        {
            List<Regex>? possible = null;
            if (_phrases[r] is { } phrases)
            {
                filled ??= FilledSlots(text);
                for (var p = 0; p < phrases.Length; p++)
                    if (Complete(phrases[p], filled)) (possible ??= []).Add(_triggers[r][p].Regex);
            }
            else
            {
                foreach (var pattern in _triggers[r])
                    if (Holds(text, pattern.Required)) (possible ??= []).Add(pattern.Regex);
            }
            if (possible is not null) run.Add(possible.Count == _triggers[r].Length ? [_regexes[r]] : possible);
        }
        return run;
    }

    private static bool Holds(string text, IReadOnlyList<string>? required)
    {
        if (required is null) return true;
        // An index, not foreach: this runs for every pattern on every message, and an interface's enumerator is boxed.
        for (var i = 0; i < required.Count; i++)
            if (text.Contains(required[i], StringComparison.Ordinal)) return true;
        return false;
    }

    /// <summary>
    /// The matches the alternation of <paramref name="alternatives"/> finds: at each start where one matches, the
    /// first in order that matches there, as a joined regex tries its alternatives. A phrase whose slots the text
    /// lacks matches nowhere, so leaving it out changes nothing.
    /// </summary>
    private static IEnumerable<(int Index, int Length)> FirstAlternativeAt(IReadOnlyList<Regex> alternatives, string text)
    {
        if (alternatives.Count == 1) return StartsOf(alternatives[0], text);
        var byStart = new SortedDictionary<int, int>();
        foreach (var regex in alternatives)
            foreach (var (index, length) in StartsOf(regex, text))
                byStart.TryAdd(index, length);
        return byStart.Select(m => (m.Key, m.Value));
    }

    /// <summary>The regex's match from each start position where it has one.</summary>
    private static IEnumerable<(int Index, int Length)> StartsOf(Regex regex, string text)
    {
        var start = 0;
        while (start <= text.Length)
        {
            var m = regex.Match(text, start);
            if (!m.Success) yield break;
            yield return (m.Index, m.Length);
            start = m.Index + 1;
        }
    }

    /// <summary>Which slots the text's words fill.</summary>
    private bool[] FilledSlots(string text)
    {
        var filled = new bool[_slotCount];
        var words = _words.GetAlternateLookup<ReadOnlySpan<char>>();
        var beginnings = _beginnings.GetAlternateLookup<ReadOnlySpan<char>>();
        foreach (var range in text.AsSpan().Split(' '))
        {
            var word = text.AsSpan()[range];
            if (word.Length == 0) continue;
            if (words.TryGetValue(word, out var ids)) Fill(filled, ids);
            foreach (var length in _beginningLengths)
            {
                if (length > word.Length) break;
                if (beginnings.TryGetValue(word[..length], out ids)) Fill(filled, ids);
            }
        }
        return filled;
    }

    private static void Fill(bool[] filled, int[] ids)
    {
        foreach (var id in ids) filled[id] = true;
    }

    private static bool Complete(int[] slots, bool[] filled)
    {
        foreach (var slot in slots)
            if (!filled[slot]) return false;
        return true;
    }

    private static void Join(string file, SafetyTrigger[] triggers, List<(Regex, SafetyTrigger[])> joined)
    {
        var pattern = triggers.Length == 1 ? triggers[0].Pattern : string.Join('|', triggers.Select(t => "(?:" + t.Pattern + ")"));
        try
        {
            joined.Add((SafetyTrigger.Compile(pattern), triggers));
        }
        catch (Exception e) when (e is ArgumentException or NotSupportedException)
        {
            throw new CorpusFormatException(file, triggers[0].Line, $"bad pattern: {e.Message}");
        }
    }
}
