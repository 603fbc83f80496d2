using System.Text.RegularExpressions;
using CmlBot.Core.Corpus;

namespace CmlBot.Bot.Understanding.Safety;

/// <summary>
/// Finds where any of a group's triggers (or idioms) match, with a few linear-time (NonBacktracking) regexes that
/// each join several triggers as alternatives.
/// </summary>
/// <remarks>
/// One NonBacktracking regex per trigger cost about a megabyte of the engine's caches each (170 MB for the
/// file's 180 lines) and a second to build at start-up; joined eight or so at a time they cost a third of both. A
/// join the engine refuses as too large an automaton is split in two until it is accepted. Every start position is
/// searched, so a match that a negation or an idiom cancels never hides another trigger's match beginning after it.
/// </remarks>
public sealed class SafetyMatcher
{
    private const int JoinSize = 8;
    private readonly Regex[] _regexes;

    public SafetyMatcher(string file, IReadOnlyList<SafetyTrigger> triggers)
    {
        var regexes = new List<Regex>();
        foreach (var chunk in triggers.Chunk(JoinSize)) Join(file, chunk, regexes);
        _regexes = [.. regexes];
    }

    /// <summary>The joined regexes (for the bound tests).</summary>
    public IReadOnlyList<Regex> Regexes => _regexes;

    /// <summary>Every (start, length) where a trigger matches, one per start position and regex.</summary>
    public IEnumerable<(int Index, int Length)> Matches(string text)
    {
        foreach (var regex in _regexes)
        {
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

    private static void Join(string file, SafetyTrigger[] triggers, List<Regex> regexes)
    {
        var pattern = triggers.Length == 1 ? triggers[0].Pattern : string.Join('|', triggers.Select(t => "(?:" + t.Pattern + ")"));
        try
        {
            regexes.Add(SafetyTrigger.Compile(pattern));
        }
        catch (NotSupportedException) when (triggers.Length > 1)
        {
            // Too large an automaton for the engine: half and half.
            Join(file, triggers[..(triggers.Length / 2)], regexes);
            Join(file, triggers[(triggers.Length / 2)..], regexes);
        }
        catch (Exception e) when (e is ArgumentException or NotSupportedException)
        {
            throw new CorpusFormatException(file, triggers[0].Line, $"bad pattern: {e.Message}");
        }
    }
}
