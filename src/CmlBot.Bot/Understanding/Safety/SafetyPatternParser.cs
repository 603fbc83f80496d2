namespace CmlBot.Bot.Understanding.Safety;

/// <summary>A pattern the parser refused, with what is wrong.</summary>
internal sealed class PatternException(string message) : Exception(message);

/// <summary>One part of a parsed pattern, with its text for messages.</summary>
internal abstract record PatternNode(string Text);

/// <param name="Literal">The character a plain literal stands for (else null: a class, an escape, a dot).</param>
internal sealed record PatternChars(string Text, CharSet Set, char? Literal = null) : PatternNode(Text);

/// <summary>^, $, \b and the like: they match no character.</summary>
internal sealed record PatternAssertion(string Text) : PatternNode(Text);

internal sealed record PatternSequence(string Text, IReadOnlyList<PatternNode> Items) : PatternNode(Text);

internal sealed record PatternAlternation(string Text, IReadOnlyList<PatternNode> Branches) : PatternNode(Text);

internal sealed record PatternRepeat(string Text, PatternNode Inner, int Min, int Max) : PatternNode(Text);

/// <summary>
/// A recursive-descent reader of the regex constructs <see cref="SafetyPatternBound"/> can judge; anything else is a
/// <see cref="PatternException"/> saying what is not allowed.
/// </summary>
internal sealed class SafetyPatternParser(string pattern)
{
    /// <summary>The <see cref="PatternRepeat.Max"/> of *, + and {n,}.</summary>
    public const int Unbounded = int.MaxValue;

    private int _at;

    public PatternNode Parse()
    {
        var node = ParseAlternation();
        if (_at < pattern.Length) throw new PatternException($"unbalanced \")\" at position {_at + 1}");
        return node;
    }

    private PatternNode ParseAlternation()
    {
        var start = _at;
        var branches = new List<PatternNode> { ParseSequence() };
        while (_at < pattern.Length && pattern[_at] == '|')
        {
            _at++;
            branches.Add(ParseSequence());
        }
        return branches.Count == 1 ? branches[0] : new PatternAlternation(pattern[start.._at], branches);
    }

    private PatternNode ParseSequence()
    {
        var start = _at;
        var items = new List<PatternNode>();
        while (_at < pattern.Length && pattern[_at] is not ('|' or ')'))
        {
            var atomStart = _at;
            var atom = ParseAtom();
            items.Add(ParseQuantifier(atom, atomStart));
        }
        return items.Count == 1 ? items[0] : new PatternSequence(pattern[start.._at], items);
    }

    private PatternNode ParseAtom()
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
                return new PatternChars(".", CharSet.All.Without('\n'));
            case '^' or '$':
                return new PatternAssertion(c.ToString());
            case '*' or '+' or '?' or '{':
                throw new PatternException($"\"{Around(start)}\": nothing to repeat (write \\{c} for the character)");
            default:
                return new PatternChars(c.ToString(), CharSet.Of(c), c);
        }
    }

    private PatternNode ParseEscape(int start)
    {
        if (_at >= pattern.Length) throw new PatternException("the pattern ends with \\");
        var e = pattern[_at++];
        var text = pattern[start.._at];
        if (e is 'b' or 'B' or 'A' or 'z' or 'Z') return new PatternAssertion(text);
        if (ClassEscape(e) is { } set) return new PatternChars(text, set);
        if (ClassEscapeWithName(e) is { } named) return new PatternChars(pattern[start.._at], named);
        if (Control(e) is { } control) return new PatternChars(text, CharSet.Of(control));
        if (Unicode(e) is { } unicode) return new PatternChars(pattern[start.._at], CharSet.Of(unicode));
        if (!char.IsLetterOrDigit(e)) return new PatternChars(text, CharSet.Of(e), e);
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

    private PatternNode ParseClass(int start)
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
        return new PatternChars(pattern[start.._at], negated ? set.Complement() : set);
    }

    private PatternNode ParseQuantifier(PatternNode atom, int atomStart)
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
        return new PatternRepeat(pattern[atomStart.._at], atom, min, max);
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
