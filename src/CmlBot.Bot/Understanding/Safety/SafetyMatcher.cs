using System.Text.RegularExpressions;
using CmlBot.Core.Corpus;

namespace CmlBot.Bot.Understanding.Safety;

/// <summary>
/// Finds where any of a group's triggers (or idioms) match, with a few regexes that each join several triggers as
/// alternatives, each run only on a text holding one of the words its triggers require.
/// </summary>
/// <remarks>
/// Phrases and expert patterns are joined apart, each on its engine (<see cref="SafetyTrigger.Compile"/>): a
/// linear-time regex keeps its construction's caches and the automaton it builds lazily from the texts it reads
/// (measured: 180 MB for this file's phrases joined eight at a time, growing with every new wording), so only the
/// few patterns pay that. A join the linear-time engine refuses as too large an automaton is split in two until it is
/// accepted. Every start position is searched, so a match that a negation or an idiom cancels never hides another
/// trigger's match beginning after it. A phrase cannot match without the words of each of its slots, so a text
/// lacking every required word of a regex's triggers skips it.
/// </remarks>
public sealed class SafetyMatcher
{
    private const int JoinSize = 8;
    private readonly Regex[] _regexes;
    // Per regex: its triggers' required words (exact) and word beginnings (from a trailing *), or null when one of its
    // triggers is a pattern: and the regex always runs.
    private readonly HashSet<string>?[] _words;
    private readonly string[]?[] _prefixes;

    public SafetyMatcher(string file, IReadOnlyList<SafetyTrigger> triggers)
    {
        var joined = new List<(Regex, SafetyTrigger[])>();
        foreach (var chunk in triggers.Where(t => t.IsPhrase).Chunk(JoinSize)) Join(file, chunk, joined);
        foreach (var chunk in triggers.Where(t => !t.IsPhrase).Chunk(JoinSize)) Join(file, chunk, joined);
        _regexes = joined.Select(j => j.Item1).ToArray();
        var anchors = joined.Select(j => j.Item2.All(t => t.Anchors is not null) ? j.Item2.SelectMany(t => t.Anchors!).ToList() : null).ToList();
        _words = anchors.Select(a => a?.Where(w => !w.EndsWith('*')).ToHashSet(StringComparer.Ordinal)).ToArray();
        _prefixes = anchors.Select(a => a?.Where(w => w.EndsWith('*')).Select(w => w[..^1]).ToArray()).ToArray();
    }

    /// <summary>The joined regexes (for the bound tests).</summary>
    public IReadOnlyList<Regex> Regexes => _regexes;

    /// <summary>Every (start, length) where a trigger matches, one per start position and regex.</summary>
    /// <param name="text">Prepared text (<see cref="SafetyText.Prepare"/>): words between single spaces.</param>
    public IEnumerable<(int Index, int Length)> Matches(string text)
    {
        string[]? words = null;
        for (var r = 0; r < _regexes.Length; r++)
        {
            if (_words[r] is { } exact && !Holds(words ??= text.Split(' ', StringSplitOptions.RemoveEmptyEntries), exact, _prefixes[r]!)) continue;
            var regex = _regexes[r];
            var start = 0;
            while (start <= text.Length)
            {
                var m = regex.Match(text, start);
                if (!m.Success) break;
                yield return (m.Index, m.Length);
                start = m.Index + 1;
            }
        }
    }

    private static bool Holds(string[] words, HashSet<string> exact, string[] prefixes)
    {
        foreach (var word in words)
        {
            if (exact.Contains(word)) return true;
            foreach (var prefix in prefixes)
                if (word.StartsWith(prefix, StringComparison.Ordinal)) return true;
        }
        return false;
    }

    private static void Join(string file, SafetyTrigger[] triggers, List<(Regex, SafetyTrigger[])> joined)
    {
        var pattern = triggers.Length == 1 ? triggers[0].Pattern : string.Join('|', triggers.Select(t => "(?:" + t.Pattern + ")"));
        try
        {
            joined.Add((SafetyTrigger.Compile(pattern, triggers[0].IsPhrase), triggers));
        }
        catch (NotSupportedException) when (triggers.Length > 1)
        {
            // Too large an automaton for the engine: half and half.
            Join(file, triggers[..(triggers.Length / 2)], joined);
            Join(file, triggers[(triggers.Length / 2)..], joined);
        }
        catch (Exception e) when (e is ArgumentException or NotSupportedException)
        {
            throw new CorpusFormatException(file, triggers[0].Line, $"bad pattern: {e.Message}");
        }
    }
}
