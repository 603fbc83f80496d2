namespace CmlBot.Bot.Understanding.Safety;

/// <summary>
/// Checks that a pattern (an expert's <c>pattern:</c>, or one of the code's own that reads a caller's words) cannot
/// make the backtracking regex engine work more than a bounded amount per start position, whatever text it reads,
/// so that patients' text never costs more than the pattern's own size times the text's length.
/// </summary>
/// <remarks>
/// The backtracking engine is slow only where a text can be matched many ways, and retried one way after another.
/// A pattern is accepted when that cannot happen:
/// <list type="bullet">
/// <item>Only a single character (a letter, <c>\w</c>, <c>[^ |]</c>, …) may repeat without limit; a group repeats at most
/// <see cref="MaxGroupRepeat"/> times (<c>(?:[^ |]+ ){0,4}</c>), never <c>(…)+</c> or <c>(…)*</c>.</item>
/// <item>A repeated character is never followed by one it also matches (<c>[^ |]+ </c> is; <c>\w*s</c> is not), so when the
/// engine gives characters back, what follows fails at once and only one length of the repeat ever goes on.</item>
/// <item>The ways the rest can match from one position (alternatives that start alike, optional parts, group
/// repeats), counted over every character a text may hold, are at most <see cref="MaxWays"/>.</item>
/// </list>
/// The constructs are the common ones: literals, <c>\w \d \s \b</c> (and their negations), <c>\p{L}</c>, <c>[…]</c> classes, <c>.</c>,
/// <c>^ $</c>, <c>(…)</c>, <c>(?:…)</c> and <c>(?&lt;name&gt;…)</c> groups, alternation and quantifiers. Lookarounds, backreferences, inline options
/// and Unicode categories are refused: the bound could not be shown for them.
/// </remarks>
public static class SafetyPatternBound
{
    /// <summary>The most times a group may repeat.</summary>
    public const int MaxGroupRepeat = 16;

    /// <summary>
    /// The most ways a pattern may match from one position before its characters decide, counted generously (a
    /// repeat such as <c>[^|]{0,60}</c> counts each of its lengths; the engine tries far fewer): the file's largest is
    /// under a billion and, fed the worst text of its own words, runs in milliseconds. What this refuses is nesting
    /// that multiplies, <c>((a|b){8}){8}</c>.
    /// </summary>
    public const long MaxWays = 10_000_000_000;

    private const int Unbounded = int.MaxValue;

    /// <summary>Null when the pattern is accepted, else what is wrong, for a <c>file:line:</c> message.</summary>
    public static string? Problem(string pattern)
    {
        try
        {
            var node = new Parser(pattern).Parse();
            var ways = Measure(node, new Follow(CharSet.None, CanEnd: true));
            return ways > MaxWays
                ? $"the pattern can match one place in more than {MaxWays:N0} ways (alternatives that start alike, optional parts, repeated groups); split it into several pattern: lines"
                : null;
        }
        catch (PatternException e)
        {
            return e.Message;
        }
    }

    /// <summary>
    /// Strings one of which every match of the pattern holds (case and all), so that a text holding none of them
    /// need not be searched: the most telling of the pattern's required parts, such as the words of a leading
    /// alternation, <c>took</c>, <c>taken</c>, <c>swallowed</c>. Null when the pattern requires no literal text
    /// (or is not in an accepted shape).
    /// </summary>
    public static IReadOnlyList<string>? RequiredText(string pattern)
    {
        try
        {
            return Factors(new Parser(pattern).Parse())?.Distinct().ToList();
        }
        catch (PatternException)
        {
            return null;
        }
    }

    private static List<string>? Factors(Node node)
    {
        switch (node)
        {
            case Chars { Literal: { } c }:
                return [c.ToString()];
            case Sequence s:
                List<string>? best = null;
                void Consider(List<string>? candidate)
                {
                    if (candidate is null) return;
                    // Longer strings rule out more texts; of equal length, fewer strings.
                    static (int, int) Score(List<string> f) => (f.Min(x => x.Length), -f.Count);
                    if (best is null || Score(candidate).CompareTo(Score(best)) > 0) best = candidate;
                }
                var run = new System.Text.StringBuilder();
                foreach (var item in s.Items)
                {
                    if (item is Chars { Literal: { } c })
                    {
                        run.Append(c);
                        continue;
                    }
                    if (run.Length > 0) Consider([run.ToString()]);
                    run.Clear();
                    Consider(Factors(item));
                }
                if (run.Length > 0) Consider([run.ToString()]);
                return best;
            case Alternation a:
                var union = new List<string>();
                foreach (var branch in a.Branches)
                {
                    if (Factors(branch) is not { } f) return null;
                    union.AddRange(f);
                }
                return union;
            case Repeat { Min: >= 1 } r:
                return Factors(r.Inner);
            default:
                return null;
        }
    }

    /// <summary>How many ways the pattern can match from one position (for the tests), capped just above <see cref="MaxWays"/>.</summary>
    public static long WaysOf(string pattern) => Measure(new Parser(pattern).Parse(), new Follow(CharSet.None, CanEnd: true));

    private sealed class PatternException(string message) : Exception(message);

    /// <summary>
    /// What may come right after a node: the characters it may start with, whether the pattern may end there, and
    /// whether it starts with \b (which a repeat of word characters only, or of others only, can never give a
    /// character back to).
    /// </summary>
    private readonly record struct Follow(CharSet Set, bool CanEnd, bool Boundary = false);

    /// <summary>
    /// Checks the node and counts the ways it can match from one position before its characters decide, given what
    /// may follow it; capped just above <see cref="MaxWays"/>.
    /// </summary>
    private static long Measure(Node node, Follow follow)
    {
        const long cap = MaxWays + 1;
        static long Times(long a, long b) => a == 0 || b == 0 ? 0 : a > cap / b ? cap : Math.Min(cap, a * b);
        switch (node)
        {
            case Chars or Assertion:
                return 1;
            case Sequence s:
                var product = 1L;
                for (var i = s.Items.Count - 1; i >= 0; i--)
                {
                    product = Times(product, Measure(s.Items[i], follow));
                    var (first, nullable) = First(s.Items[i]);
                    follow = nullable
                        ? new Follow(first | follow.Set, follow.CanEnd, s.Items[i] is Assertion { Text: @"\b" })
                        : new Follow(first, false);
                }
                return product;
            case Alternation a:
                // The branches that can go on from one position are those that may start with its character (or
                // with none): the worst character over the alphabet.
                var sums = new long[CharSet.CellCount];
                foreach (var branch in a.Branches)
                {
                    var ways = Measure(branch, follow);
                    var (first, nullable) = First(branch);
                    (nullable ? CharSet.All : first).AddTo(sums, ways, cap);
                }
                return sums.Max();
            case Repeat { Inner: Chars c } r:
                // A repeat followed by characters it cannot match goes on with one length only: given back, what
                // follows fails at once. Otherwise each length may go on, which only a limit bounds.
                if ((c.Set & follow.Set) == CharSet.None || r.Max == r.Min) return 1;
                // Before \b, only the longest length and none can go on: a shorter one ends between two characters alike.
                if (follow.Boundary && ((c.Set & CharSet.Word) == CharSet.None || (c.Set & CharSet.Word.Complement()) == CharSet.None)) return 2;
                if (r.Max == Unbounded)
                    throw new PatternException($"\"{r.Text}\" can be followed by a character it also matches, so a long text could be split between them in every way; make what follows start with a character it cannot match (a space, say), or give it a limit ({{0,40}})");
                return r.Max - r.Min + 1;
            case Repeat { Inner: Assertion } r:
                throw new PatternException($"\"{r.Text}\" repeats something that matches no character");
            case Repeat r when r.Max == Unbounded:
                throw new PatternException($"\"{r.Text}\" repeats a group without limit; write {{0,{MaxGroupRepeat}}} (or fewer) for it");
            case Repeat r when r.Max > MaxGroupRepeat:
                throw new PatternException($"\"{r.Text}\" repeats a group more than {MaxGroupRepeat} times");
            case Repeat r:
                var once = Measure(r.Inner, r.Max > 1 ? new Follow(First(r.Inner).Set | follow.Set, follow.CanEnd) : follow);
                long total = 0, power = 1;
                for (var k = 0; k <= r.Max && total < cap; k++)
                {
                    if (k >= r.Min) total = Math.Min(cap, total + power);
                    power = Times(power, once);
                }
                return total;
            default:
                throw new InvalidOperationException(node.GetType().Name);
        }
    }

    private static (CharSet Set, bool Nullable) First(Node node)
    {
        switch (node)
        {
            case Chars c:
                return (c.Set, false);
            case Assertion:
                return (CharSet.None, true);
            case Sequence s:
                var set = CharSet.None;
                foreach (var item in s.Items)
                {
                    var (first, nullable) = First(item);
                    set |= first;
                    if (!nullable) return (set, false);
                }
                return (set, true);
            case Alternation a:
                var union = CharSet.None;
                var any = false;
                foreach (var branch in a.Branches)
                {
                    var (first, nullable) = First(branch);
                    union |= first;
                    any |= nullable;
                }
                return (union, any);
            case Repeat r:
                var inner = First(r.Inner);
                return (inner.Set, inner.Nullable || r.Min == 0);
            default:
                throw new InvalidOperationException(node.GetType().Name);
        }
    }

    private abstract record Node(string Text);

    /// <param name="Literal">The character a plain literal stands for (else null: a class, an escape, a dot).</param>
    private sealed record Chars(string Text, CharSet Set, char? Literal = null) : Node(Text);

    /// <summary>^, $, \b and the like: they match no character.</summary>
    private sealed record Assertion(string Text) : Node(Text);

    private sealed record Sequence(string Text, IReadOnlyList<Node> Items) : Node(Text);

    private sealed record Alternation(string Text, IReadOnlyList<Node> Branches) : Node(Text);

    private sealed record Repeat(string Text, Node Inner, int Min, int Max) : Node(Text);

    /// <summary>A recursive-descent reader of the constructs listed on <see cref="SafetyPatternBound"/>.</summary>
    private sealed class Parser(string pattern)
    {
        private int _at;

        public Node Parse()
        {
            var node = ParseAlternation();
            if (_at < pattern.Length) throw new PatternException($"unbalanced \")\" at position {_at + 1}");
            return node;
        }

        private Node ParseAlternation()
        {
            var start = _at;
            var branches = new List<Node> { ParseSequence() };
            while (_at < pattern.Length && pattern[_at] == '|')
            {
                _at++;
                branches.Add(ParseSequence());
            }
            return branches.Count == 1 ? branches[0] : new Alternation(pattern[start.._at], branches);
        }

        private Node ParseSequence()
        {
            var start = _at;
            var items = new List<Node>();
            while (_at < pattern.Length && pattern[_at] is not ('|' or ')'))
            {
                var atomStart = _at;
                var atom = ParseAtom();
                items.Add(ParseQuantifier(atom, atomStart));
            }
            return items.Count == 1 ? items[0] : new Sequence(pattern[start.._at], items);
        }

        private Node ParseAtom()
        {
            var start = _at;
            var c = pattern[_at++];
            switch (c)
            {
                case '(':
                    if (_at < pattern.Length && pattern[_at] == '?')
                    {
                        var name = _at + 2 < pattern.Length && pattern[_at + 1] == '<' && char.IsAsciiLetter(pattern[_at + 2]) ? pattern.IndexOf('>', _at) : -1;
                        if (_at + 1 < pattern.Length && pattern[_at + 1] == ':') _at += 2;
                        else if (name > 0 && pattern[(_at + 2)..name].All(char.IsAsciiLetterOrDigit)) _at = name + 1;
                        else throw new PatternException($"\"{Around(start)}\": only ( ), (?: ) and (?<name> ) groups are allowed in a pattern (no lookarounds or inline options)");
                    }
                    var inner = ParseAlternation();
                    if (_at >= pattern.Length || pattern[_at] != ')') throw new PatternException("a \"(\" is not closed");
                    _at++;
                    return inner with { Text = pattern[start.._at] };
                case '[':
                    return ParseClass(start);
                case '\\':
                    return ParseEscape(start);
                case '.':
                    return new Chars(".", CharSet.All.Without('\n'));
                case '^' or '$':
                    return new Assertion(c.ToString());
                case '*' or '+' or '?' or '{':
                    throw new PatternException($"\"{Around(start)}\": nothing to repeat (write \\{c} for the character)");
                default:
                    return new Chars(c.ToString(), CharSet.Of(c), c);
            }
        }

        private Node ParseEscape(int start)
        {
            if (_at >= pattern.Length) throw new PatternException("the pattern ends with \\");
            var e = pattern[_at++];
            var text = pattern[start.._at];
            if (e is 'b' or 'B' or 'A' or 'z' or 'Z') return new Assertion(text);
            if (ClassEscape(e) is { } set) return new Chars(text, set);
            if (ClassEscapeWithName(e) is { } named) return new Chars(pattern[start.._at], named);
            if (Control(e) is { } control) return new Chars(text, CharSet.Of(control));
            if (Unicode(e) is { } unicode) return new Chars(pattern[start.._at], CharSet.Of(unicode));
            if (!char.IsLetterOrDigit(e)) return new Chars(text, CharSet.Of(e), e);
            throw new PatternException($"\"{text}\" is not allowed in a pattern (allowed: \\w \\d \\s \\b, their capitals, \\p{{L}}, \\n \\r \\t \\f \\v \\uXXXX, and \\ before a mark)");
        }

        /// <summary>\p{L}, letters: read as ASCII letters and every other word character, which holds them.</summary>
        private CharSet? ClassEscapeWithName(char e)
        {
            if (e != 'p' || !pattern.AsSpan(_at).StartsWith("{L}")) return null;
            _at += 3;
            return CharSet.Range('a', 'z') | CharSet.Range('A', 'Z') | CharSet.Word.WithoutAscii();
        }

        /// <summary>\uXXXX.</summary>
        private char? Unicode(char e)
        {
            if (e != 'u' || _at + 4 > pattern.Length || !ushort.TryParse(pattern.AsSpan(_at, 4), System.Globalization.NumberStyles.AllowHexSpecifier, null, out var code)) return null;
            _at += 4;
            return (char)code;
        }

        private static char? Control(char e) => e switch
        {
            'n' => '\n',
            'r' => '\r',
            't' => '\t',
            'f' => '\f',
            'v' => '\v',
            _ => null,
        };

        private static CharSet? ClassEscape(char e) => e switch
        {
            'd' => CharSet.Digit,
            'D' => CharSet.Digit.Complement(),
            'w' => CharSet.Word,
            'W' => CharSet.Word.Complement(),
            's' => CharSet.Space,
            'S' => CharSet.Space.Complement(),
            _ => null,
        };

        private Node ParseClass(int start)
        {
            var negated = _at < pattern.Length && pattern[_at] == '^';
            if (negated) _at++;
            var set = CharSet.None;
            var first = true;
            while (true)
            {
                if (_at >= pattern.Length) throw new PatternException("a \"[\" is not closed");
                var c = pattern[_at++];
                if (c == ']' && !first) break;
                first = false;
                if (c == '[') throw new PatternException($"\"{Around(start)}\": write \\[ for a bracket inside a class");
                if (c == '\\')
                {
                    if (_at >= pattern.Length) throw new PatternException("the pattern ends with \\");
                    var e = pattern[_at++];
                    if ((ClassEscape(e) ?? ClassEscapeWithName(e)) is { } escaped)
                    {
                        set |= escaped;
                        continue;
                    }
                    if (Control(e) is { } control) c = control;
                    else if (Unicode(e) is { } unicode) c = unicode;
                    else if (char.IsLetterOrDigit(e)) throw new PatternException($"\"\\{e}\" is not allowed in a class (allowed: \\w \\d \\s, their capitals, \\p{{L}}, \\n \\r \\t \\f \\v \\uXXXX, and \\ before a mark)");
                    else c = e;
                }
                if (_at + 1 < pattern.Length && pattern[_at] == '-' && pattern[_at + 1] != ']')
                {
                    var high = pattern[_at + 1];
                    if (high is '\\' or '[') throw new PatternException($"\"{Around(start)}\": a range ends in a plain character");
                    if (high < c) throw new PatternException($"\"{c}-{high}\" is a range in reverse order");
                    _at += 2;
                    set |= CharSet.Range(c, high);
                    continue;
                }
                set |= CharSet.Of(c);
            }
            return new Chars(pattern[start.._at], negated ? set.Complement() : set);
        }

        private Node ParseQuantifier(Node atom, int atomStart)
        {
            if (_at >= pattern.Length) return atom;
            int min, max;
            switch (pattern[_at])
            {
                case '?': (min, max) = (0, 1); _at++; break;
                case '*': (min, max) = (0, Unbounded); _at++; break;
                case '+': (min, max) = (1, Unbounded); _at++; break;
                case '{': (min, max) = ParseBraces(); break;
                default: return atom;
            }
            if (_at < pattern.Length && pattern[_at] == '?') _at++; // lazy: the same ways, tried in another order
            if (_at < pattern.Length && pattern[_at] is '*' or '+' or '{')
                throw new PatternException($"\"{Around(atomStart)}\": a quantifier after a quantifier");
            return new Repeat(pattern[atomStart.._at], atom, min, max);
        }

        private (int Min, int Max) ParseBraces()
        {
            var close = pattern.IndexOf('}', _at);
            var body = close < 0 ? "" : pattern[(_at + 1)..close];
            var parts = body.Split(',');
            if (parts.Length is 1 or 2 && int.TryParse(parts[0], out var min) && min >= 0)
            {
                var max = parts.Length == 1 ? min : parts[1].Length == 0 ? Unbounded : int.TryParse(parts[1], out var m) && m >= min ? m : -1;
                if (max >= 0 && parts.All(p => p.All(char.IsAsciiDigit)))
                {
                    _at = close + 1;
                    return (min, max);
                }
            }
            throw new PatternException($"\"{Around(_at)}\": a brace is a repeat count, {{n}}, {{n,m}} or {{n,}} (write \\{{ for the character)");
        }

        private string Around(int at) => pattern[at..Math.Min(pattern.Length, at + 12)];
    }
}
