using System.Text;
using System.Text.RegularExpressions;
using CmlBot.Core.Corpus;

namespace CmlBot.Bot.Understanding.Safety;

/// <summary>
/// The <c>list: cml-medicines = gleevec|imatinib|…</c> lines of <c>corpus/safety.txt</c>: one set of alternatives many
/// triggers share, so broadening it is one edit rather than one per copy. <c>{cml-medicines}</c> in a phrase slot
/// stands for the alternatives at its place, and in a pattern for a <c>(?:…)</c> group of them; either way the trigger
/// compiles to the regex its written-out text would, so replacing copies by a list changes nothing the screen reads.
/// </summary>
/// <remarks>
/// A list is defined above its first use, so a clinician reading a trigger has already seen what it names, and holds
/// words only, never another list: one level to follow, and no cycles to refuse.
/// </remarks>
internal sealed partial class SafetyLists
{
    // Starts with a letter, so "{1,8}" in a pattern is always a quantifier and never a list.
    [GeneratedRegex(@"^[a-z][a-z0-9]*(-[a-z0-9]+)*$")]
    private static partial Regex NameRx();

    private sealed record Definition(IReadOnlyList<string[]> Alternatives, int Line);

    private readonly Dictionary<string, Definition> _lists = new(StringComparer.Ordinal);

    /// <summary>Whether a phrase slot's alternative is written as a list, <c>{name}</c>.</summary>
    public static bool IsReference(string alternative) => alternative.StartsWith('{') && alternative.EndsWith('}');

    /// <summary>
    /// <c>list: NAME = ALTERNATIVES</c> (what follows <c>list:</c>): the alternatives are one phrase slot,
    /// <c>a|b|(c d)|bleed*</c>, and are checked here, so a mistake in them names the list's line, not a use's.
    /// </summary>
    public void Define(string value, int number, Func<string, CorpusFormatException> error)
    {
        var equals = value.IndexOf('=', StringComparison.Ordinal);
        if (equals < 0) throw error("list: needs a name, = and its alternatives (list: cml-medicines = gleevec|imatinib|(hydroxy urea))");
        var name = value[..equals].Trim();
        if (!NameRx().IsMatch(name))
            throw error($"list: \"{name}\" is not a list name: lower-case letters, digits and hyphens, starting with a letter (cml-medicines)");
        if (_lists.TryGetValue(name, out var first)) throw error($"list: {name} is defined twice (first at line {first.Line})");

        var slots = SafetyRulesParser.SplitSlots(value[(equals + 1)..], error);
        if (slots.Count == 0) throw error($"list: {name} has no alternatives");
        if (slots.Count > 1)
            throw error($"list: {name} is one slot: alternatives joined by | with no space between, several words in brackets (a|b|(c d))");
        if (SafetyRulesParser.SplitOutsideBrackets(slots[0]).FirstOrDefault(IsReference) is { } other)
            throw error($"list: {name} holds {other}: a list holds words, not another list (write its words out)");
        var alternatives = SafetyRulesParser.Alternatives(slots[0], error, this);
        foreach (var words in alternatives)
        {
            if (words.Length == 0) throw error("an empty alternative (a | with nothing on one side)");
            foreach (var word in words) _ = SafetyRulesParser.Word(word, error);
        }
        _lists[name] = new Definition(alternatives, number);
    }

    /// <summary>The alternatives of <paramref name="reference"/> (<c>{name}</c>), each a run of words.</summary>
    public IReadOnlyList<string[]> Alternatives(string reference, Func<string, CorpusFormatException> error)
    {
        var name = reference[1..^1];
        if (!NameRx().IsMatch(name))
            throw error($"\"{reference}\": a list name is lower-case letters, digits and hyphens, starting with a letter (cml-medicines)");
        return _lists.TryGetValue(name, out var list)
            ? list.Alternatives
            : throw error($"{reference} is not a list: define it with list: {name} = … above this line");
    }

    /// <summary>
    /// An expert's pattern with each <c>{name}</c> replaced by a <c>(?:…)</c> group of the list, its words escaped as a
    /// phrase's are. Braces a regex gives a meaning of its own stay: a quantifier (<c>{0,4}</c>, a digit first), an
    /// escaped brace (<c>\{</c>), a category (<c>\p{L}</c>) and anything inside <c>[…]</c>.
    /// </summary>
    public string ExpandPattern(string pattern, Func<string, CorpusFormatException> error)
    {
        if (!pattern.Contains('{', StringComparison.Ordinal)) return pattern;
        var expanded = new StringBuilder(pattern.Length);
        var inClass = false;
        for (var i = 0; i < pattern.Length; i++)
        {
            var c = pattern[i];
            if (c == '\\' && i + 1 < pattern.Length)
            {
                var end = pattern[i + 1] is 'p' or 'P' && i + 2 < pattern.Length && pattern[i + 2] == '{' ? pattern.IndexOf('}', i + 2) : i + 1;
                if (end < 0) end = pattern.Length - 1;
                expanded.Append(pattern, i, end - i + 1);
                i = end;
                continue;
            }
            if (inClass) inClass = c != ']';
            else if (c == '[') inClass = true;
            else if (c == '{' && i + 1 < pattern.Length && char.IsLetter(pattern[i + 1]))
            {
                var close = pattern.IndexOf('}', i);
                if (close < 0) throw error($"\"{pattern[i..]}\": a list is written in braces, {{cml-medicines}}");
                var words = Alternatives(pattern[i..(close + 1)], error)
                    .Select(run => string.Join(" ", run.Select(w => SafetyRulesParser.Word(w, error))));
                expanded.Append("(?:").AppendJoin('|', words).Append(')');
                i = close;
                continue;
            }
            expanded.Append(c);
        }
        return expanded.ToString();
    }
}
