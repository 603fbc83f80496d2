using System.Globalization;
using System.Text;
using System.Text.RegularExpressions;
using CmlBot.Core.Corpus;
using CmlBot.Core.Understanding;

namespace CmlBot.Bot.Understanding.Safety;

/// <summary>
/// Parses <c>corpus/safety.txt</c> (its header documents the format). Every problem stops the load with
/// <c>file:line: problem</c>, so a typo never leaves the screen half-built.
/// </summary>
public static partial class SafetyRulesParser
{
    /// <summary>Used when a group sets no <c>similarity:</c> of its own.</summary>
    public const double DefaultSimilarity = 0.72;

    [GeneratedRegex(@"^\[(?<id>[a-z0-9]+(-[a-z0-9]+)*)\]\s*(?<title>.*)$")]
    private static partial Regex HeadingRx();

    [GeneratedRegex(@"^[\p{L}0-9]+(\.[0-9]+)?\*?$")]
    private static partial Regex PhraseWordRx();

    private sealed class Draft(string id, string title, int line)
    {
        public string Id { get; } = id;
        public string Title { get; } = title;
        public int Line { get; } = line;
        public SafetyClasses? Class { get; set; }
        public StringBuilder Reply { get; } = new();
        public List<SafetyTrigger> Triggers { get; } = [];
        public List<SafetyTrigger> Unless { get; } = [];
        public List<string> Examples { get; } = [];
        public double? Similarity { get; set; }
        public double Reach { get; set; }
    }

    public static SafetyRules Parse(string file, string text, SafetyLearned? learned = null, SafetyWords? words = null)
    {
        var drafts = new List<Draft>();
        var vocabulary = new HashSet<string>(StringComparer.Ordinal);
        var idiomWords = new HashSet<string>(StringComparer.Ordinal);
        var examples = new Dictionary<string, int>(StringComparer.Ordinal);
        var spoken = new Dictionary<string, string>(StringComparer.Ordinal);
        var spokenLines = new Dictionary<string, int>(StringComparer.Ordinal);
        var lists = new SafetyLists();
        Draft? current = null;
        var lines = text.ReplaceLineEndings("\n").Split('\n');
        for (var i = 0; i < lines.Length; i++)
        {
            var number = i + 1;
            var line = lines[i].Trim();
            if (line.Length == 0 || line.StartsWith('#')) continue;
            CorpusFormatException Error(string problem) => new(file, number, problem);

            if (line.StartsWith('['))
            {
                var heading = HeadingRx().Match(line);
                if (!heading.Success) throw Error("a group heading is [id] Title, the id in lower-case letters, digits and hyphens");
                var id = heading.Groups["id"].Value;
                if (drafts.FirstOrDefault(d => d.Id == id) is { } first) throw Error($"group [{id}] is defined twice (first at line {first.Line})");
                current = new Draft(id, heading.Groups["title"].Value.Trim(), number);
                drafts.Add(current);
                continue;
            }
            if (line.StartsWith("spoken:", StringComparison.OrdinalIgnoreCase))
            {
                Spoken(line["spoken:".Length..], number, Error, spoken, spokenLines);
                continue;
            }
            if (line.StartsWith("list:", StringComparison.OrdinalIgnoreCase))
            {
                lists.Define(line["list:".Length..], number, Error);
                continue;
            }
            if (current is null) throw Error("text before the first group heading ([id] Title)");

            if (line.StartsWith("- ", StringComparison.Ordinal) || line == "-")
            {
                var example = line[1..].Trim();
                if (example.Length == 0) throw Error("an example (- ) with no text");
                var key = Key(example);
                if (examples.TryGetValue(key, out var at)) throw Error($"the example \"{example}\" is listed twice (first at line {at})");
                examples[key] = number;
                current.Examples.Add(example);
                continue;
            }

            var colon = line.IndexOf(':', StringComparison.Ordinal);
            var field = colon > 0 ? line[..colon].Trim().ToLowerInvariant() : "";
            var value = colon > 0 ? line[(colon + 1)..].Trim() : "";
            switch (field)
            {
                case "class":
                    if (current.Class is not null) throw Error($"group [{current.Id}] has a second class: line");
                    current.Class = SafetyClassNames.Parse(value) ?? throw Error($"unknown class \"{value}\" (emergency, urgent, crisis, medicine-change or none)");
                    break;
                case "reply":
                    if (value.Length == 0) throw Error("reply: with no text");
                    foreach (Match m in Regex.Matches(value, @"\{[^}]*\}", RegexOptions.None, SafetyTrigger.MatchTimeout))
                        if (!SafetyRules.Placeholders.Contains(m.Value)) throw Error($"unknown placeholder {m.Value} (known: {string.Join(", ", SafetyRules.Placeholders)})");
                    current.Reply.Append(current.Reply.Length > 0 ? " " : "").Append(value);
                    break;
                case "phrase":
                    current.Triggers.Add(Phrase(line, number, value, Error, lists, vocabulary));
                    break;
                case "pattern":
                    current.Triggers.Add(Pattern(line, number, CompilePattern(lists.ExpandPattern(value, Error), Error), Error));
                    break;
                case "unless":
                    current.Unless.Add(Phrase(line, number, value, Error, lists, idiomWords));
                    break;
                case "similarity":
                    if (!double.TryParse(value, NumberStyles.Float, CultureInfo.InvariantCulture, out var s) || s <= 0 || s > 1)
                        throw Error($"similarity must be a number above 0 and at most 1, not \"{value}\"");
                    current.Similarity = s;
                    break;
                case "reach":
                    if (!double.TryParse(value, NumberStyles.Float, CultureInfo.InvariantCulture, out var r) || r < 0 || r >= 1)
                        throw Error($"reach must be a number from 0 up to (not including) 1, not \"{value}\"");
                    current.Reach = r;
                    break;
                default:
                    throw Error("expected class:, reply:, phrase:, pattern:, unless:, similarity:, reach:, spoken:, list:, an example (- message) or a # comment");
            }
        }

        if (drafts.Count == 0) throw new CorpusFormatException(file, 1, "the file defines no group");
        var groups = drafts.Select(d => Finish(file, d)).ToList();
        foreach (var c in SafetyClassNames.Ordered)
            if (groups.All(g => g.Class != c)) throw new CorpusFormatException(file, 1, $"no group has class: {SafetyClassNames.Name(c)}");
        // The engine builds its automaton on first use: done here, once, rather than on a patient's first message.
        // Only a warm-up: on a machine too busy to give it its time (the timeout is wall-clock), the first message
        // builds what is left, so a timeout here must not stop the load.
        foreach (var group in groups)
        {
            try
            {
                _ = group.TriggerMatcher.Matches(" i have chest pain | and a fever 38.5 | ").Count();
                _ = group.UnlessMatcher.Matches(" i have chest pain | and a fever 38.5 | ").Count();
            }
            catch (RegexMatchTimeoutException)
            {
            }
        }
        return new SafetyRules(file, groups, vocabulary, idiomWords, EnglishWords.Common, spoken, learned, words);
    }

    /// <summary>
    /// <c>spoken: heid = head</c>: one word as some patients write it (dialect, slang, shorthand), read as the words
    /// after the = before any trigger looks at the message.
    /// </summary>
    private static void Spoken(string value, int number, Func<string, CorpusFormatException> error, Dictionary<string, string> spoken, Dictionary<string, int> lines)
    {
        var equals = value.IndexOf('=', StringComparison.Ordinal);
        if (equals < 0) throw error("spoken: needs a word, = and what it means (spoken: heid = head)");
        var word = SafetyText.Prepare(value[..equals], SafetyRules.MaxTextLength).Trim();
        var meaning = SafetyText.Prepare(value[(equals + 1)..], SafetyRules.MaxTextLength).Trim();
        if (word.Length == 0 || word.Contains(' ') || !word.All(char.IsLetterOrDigit)) throw error($"spoken: \"{value[..equals].Trim()}\" is not one word");
        if (meaning.Length == 0 || meaning.Contains(SafetyText.Clause)) throw error("spoken: the meaning after = must be one or more words");
        if (meaning == word) throw error($"spoken: \"{word}\" means itself");
        if (lines.TryGetValue(word, out var first)) throw error($"spoken: \"{word}\" is listed twice (first at line {first})");
        lines[word] = number;
        spoken[word] = meaning;
    }

    private static SafetyGroup Finish(string file, Draft d)
    {
        CorpusFormatException Error(string problem) => new(file, d.Line, $"group [{d.Id}] {problem}");
        var c = d.Class ?? throw Error("has no class: line");
        if (d.Examples.Count == 0) throw Error("has no example message (- …)");
        if (c == SafetyClasses.None)
        {
            if (d.Reply.Length > 0 || d.Triggers.Count > 0 || d.Unless.Count > 0 || d.Reach > 0)
                throw Error("is class none (look-alikes): it takes examples only, no reply:, phrase:, pattern:, unless: or reach:");
        }
        else
        {
            if (d.Reply.Length == 0) throw Error("has no reply: line");
            if (d.Triggers.Count == 0) throw Error("has no phrase: or pattern: line");
        }
        var similarity = d.Similarity ?? DefaultSimilarity;
        if (d.Reach >= similarity) throw Error($"has reach: {d.Reach} at or above its similarity {similarity}");
        return new SafetyGroup(d.Id, d.Title, c, d.Reply.ToString(), d.Triggers, d.Unless, d.Examples, similarity, d.Line,
            new SafetyMatcher(file, d.Triggers), new SafetyMatcher(file, d.Unless), d.Reach);
    }

    /// <summary>
    /// "cant|cannot breathe", "chest (pain*|feels tight)", "bleed* ... wont stop": words in order, whole words, over
    /// <see cref="SafetyText"/>'s form. a|b are one-word alternatives, (a b|c) alternatives of several words, a
    /// trailing * any ending, ... up to four words in between and .. up to two (never across a clause); {name} the
    /// alternatives of a <c>list:</c> line above.
    /// </summary>
    private static SafetyTrigger Phrase(string line, int number, string phrase, Func<string, CorpusFormatException> error, SafetyLists lists, HashSet<string>? vocabulary = null)
    {
        var (pattern, slots) = CompilePhrase(phrase, error, lists, vocabulary);
        return new SafetyTrigger(line, number, pattern, slots);
    }

    /// <summary>
    /// For each word slot, words one of which every text the phrase matches holds: an alternative of several words
    /// is represented by its longest (rarest: "breathe" rather than "cant").
    /// </summary>
    private static string[][] Slots(IEnumerable<List<string[]>> wordSlots) =>
        wordSlots.Select(slot => slot.Select(words => words.MaxBy(w => w.TrimEnd('*').Length)!).Distinct().ToArray()).ToArray();

    /// <summary>The phrase's regex, and its <see cref="Slots"/>.</summary>
    private static (string Pattern, string[][] Slots) CompilePhrase(string phrase, Func<string, CorpusFormatException> error, SafetyLists lists, HashSet<string>? vocabulary = null)
    {
        var slots = SplitSlots(phrase, error)   // each slot: alternatives, each a run of words
            .Select(slot => slot is "..." or ".." ? [[slot]] : Alternatives(slot, error, lists))
            .ToList();
        if (slots.Count == 0) throw error("phrase: with no words");
        static bool IsGap(List<string[]> slot) => slot is [[".." or "..."]];
        if (IsGap(slots[0]) || IsGap(slots[^1])) throw error("a phrase cannot start or end with ... or ..");

        // Words sit between single spaces in the prepared text, so " w1 w2 " matches whole words only.
        var pattern = new StringBuilder(" ");
        for (var t = 0; t < slots.Count; t++)
        {
            if (IsGap(slots[t]))
            {
                if (IsGap(slots[t - 1])) throw error("two gaps (... or ..) in a row");
                pattern.Append(slots[t][0][0] == "..." ? @"(?:[^ |]+ ){0,4}" : @"(?:[^ |]+ ){0,2}");
                continue;
            }
            var alternatives = new List<string>();
            foreach (var words in slots[t])
            {
                if (words.Length == 0) throw error("an empty alternative (a | with nothing on one side)");
                alternatives.Add(string.Join(" ", words.Select(w => Word(w, error))));
                vocabulary?.UnionWith(words);
            }
            pattern.Append("(?:").AppendJoin('|', alternatives).Append(") ");
        }
        return (CompilePattern(pattern.ToString(), error), Slots(slots.Where(slot => !IsGap(slot))));
    }

    /// <summary>
    /// The slots of a phrase, in lower case without apostrophes (cant = can't) as its words are matched: each runs to
    /// the next space outside brackets ("pain|(feels tight)|ache").
    /// </summary>
    internal static List<string> SplitSlots(string phrase, Func<string, CorpusFormatException> error)
    {
        var text = phrase.ToLowerInvariant().Replace("'", "", StringComparison.Ordinal).Replace("’", "", StringComparison.Ordinal);
        var slots = new List<string>();
        var i = 0;
        while (i < text.Length)
        {
            if (text[i] == ' ') { i++; continue; }
            var start = i;
            var depth = 0;
            for (; i < text.Length && (depth > 0 || text[i] != ' '); i++)
            {
                if (text[i] == '(' && ++depth > 1) throw error("brackets inside brackets");
                if (text[i] == ')' && --depth < 0) throw error("a ) with no (");
            }
            if (depth > 0) throw error("a ( with no )");
            slots.Add(text[start..i]);
        }
        return slots;
    }

    /// <summary>
    /// A slot's alternatives, each a run of words: "pain|(feels tight)|{name}". A list stands for its own alternatives
    /// at its place, so the slot reads exactly as if they were written out there.
    /// </summary>
    internal static List<string[]> Alternatives(string slot, Func<string, CorpusFormatException> error, SafetyLists lists)
    {
        var alternatives = new List<string[]>();
        foreach (var alternative in SplitOutsideBrackets(slot))
        {
            if (SafetyLists.IsReference(alternative))
            {
                alternatives.AddRange(lists.Alternatives(alternative, error));
                continue;
            }
            var inner = alternative.StartsWith('(') && alternative.EndsWith(')') ? alternative[1..^1] : alternative;
            if (inner.Contains('(', StringComparison.Ordinal) || inner.Contains(')', StringComparison.Ordinal))
                throw error($"\"{alternative}\": brackets go around whole alternatives, like (feels tight)");
            if (inner.Contains('{', StringComparison.Ordinal) || inner.Contains('}', StringComparison.Ordinal))
                throw error($"\"{alternative}\": a list stands alone between | (stop* {{cml-medicines}}|pills), never inside brackets or a word");
            alternatives.AddRange(inner.Split('|').Select(a => a.Split(' ', StringSplitOptions.RemoveEmptyEntries)));
        }
        return alternatives;
    }

    internal static List<string> SplitOutsideBrackets(string slot)
    {
        var parts = new List<string>();
        var depth = 0;
        var start = 0;
        for (var i = 0; i < slot.Length; i++)
        {
            if (slot[i] == '(') depth++;
            else if (slot[i] == ')') depth--;
            else if (slot[i] == '|' && depth == 0)
            {
                parts.Add(slot[start..i]);
                start = i + 1;
            }
        }
        parts.Add(slot[start..]);
        return parts;
    }

    /// <summary>One phrase word's regex: the word itself, a trailing * any ending.</summary>
    internal static string Word(string word, Func<string, CorpusFormatException> error)
    {
        if (!PhraseWordRx().IsMatch(word))
            throw error($"\"{word}\": a phrase word holds letters and digits (a decimal point in a number, a trailing * for any ending); ... stands alone");
        return word.EndsWith('*') ? Regex.Escape(word[..^1]) + @"[^ |]*" : Regex.Escape(word);
    }

    /// <summary>Checks the syntax with .NET's parser.</summary>
    private static string CompilePattern(string pattern, Func<string, CorpusFormatException> error)
    {
        if (pattern.Length == 0) throw error("pattern: with no expression");
        try
        {
            _ = new Regex(pattern, RegexOptions.CultureInvariant, SafetyTrigger.MatchTimeout);
            return pattern;
        }
        catch (Exception e) when (e is ArgumentException or NotSupportedException)
        {
            throw error($"bad pattern: {e.Message}");
        }
    }

    /// <summary>
    /// An expert's pattern, accepted only in shapes whose work per start it bounds (<see cref="SafetyPatternBound"/>):
    /// user text reaches every trigger. A phrase needs no check: this parser writes it in such a shape.
    /// </summary>
    private static SafetyTrigger Pattern(string line, int number, string pattern, Func<string, CorpusFormatException> error)
    {
        var (problem, required) = SafetyPatternBound.Read(pattern);
        return problem is null ? new SafetyTrigger(line, number, pattern, Required: required) : throw error($"pattern not accepted: {problem}");
    }

    /// <summary>Lower case, letters and digits only, single spaces: "Can't breathe!" and "cant breathe" are the same example.</summary>
    public static string Key(string text) => SafetyText.Prepare(text, int.MaxValue).Replace(" | ", " ", StringComparison.Ordinal).Trim();
}
