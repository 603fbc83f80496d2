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
/// and other Unicode categories are refused: the bound could not be shown for them.
/// </remarks>
public static class SafetyPatternBound
{
    /// <summary>The most times a group may repeat.</summary>
    public const int MaxGroupRepeat = 16;

    /// <summary>
    /// The most ways a pattern may match from one position before its characters decide, counted generously (a
    /// repeat such as <c>[^|]{0,60}</c> counts each of its lengths; the engine tries far fewer): the file's largest is
    /// under a billion and, fed the worst text of its own words, runs in milliseconds. What this refuses is nesting
    /// that multiplies, <c>((a|a){8}){8}</c>.
    /// </summary>
    public const long MaxWays = 10_000_000_000;

    private const int Unbounded = SafetyPatternParser.Unbounded;

    /// <summary>Null when the pattern is accepted, else what is wrong, for a <c>file:line:</c> message.</summary>
    public static string? Problem(string pattern) => Read(pattern).Problem;

    /// <summary>
    /// Strings one of which every match of the pattern holds (case and all), so that a text holding none of them
    /// need not be searched: the most telling of the pattern's required parts, such as the words of a leading
    /// alternation, <c>took</c>, <c>taken</c>, <c>swallowed</c>. Null when the pattern requires no literal text
    /// (or is not in an accepted shape).
    /// </summary>
    public static IReadOnlyList<string>? RequiredText(string pattern) => Read(pattern).Required;

    /// <summary>Both <see cref="Problem"/> and <see cref="RequiredText"/>, from one reading of the pattern.</summary>
    public static (string? Problem, IReadOnlyList<string>? Required) Read(string pattern)
    {
        try
        {
            var node = new SafetyPatternParser(pattern).Parse();
            var ways = Measure(node, new Follow(CharSet.None));
            return ways > MaxWays
                ? ($"the pattern can match one place in more than {MaxWays:N0} ways (alternatives that start alike, optional parts, repeated groups); split it into several pattern: lines", null)
                : (null, Factors(node)?.Distinct().ToList());
        }
        catch (PatternException e)
        {
            return (e.Message, null);
        }
    }

    private static List<string>? Factors(PatternNode node)
    {
        switch (node)
        {
            case PatternChars { Literal: { } c }:
                return [c.ToString()];
            case PatternSequence s:
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
                    if (item is PatternChars { Literal: { } c })
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
            case PatternAlternation a:
                var union = new List<string>();
                foreach (var branch in a.Branches)
                {
                    if (Factors(branch) is not { } f) return null;
                    union.AddRange(f);
                }
                return union;
            case PatternRepeat { Min: >= 1 } r:
                return Factors(r.Inner);
            default:
                return null;
        }
    }

    /// <summary>
    /// What may come right after a node: the characters it may start with, and whether it starts with \b (which a
    /// repeat of word characters only, or of others only, can never give a character back to).
    /// </summary>
    private readonly record struct Follow(CharSet Set, bool Boundary = false);

    /// <summary>
    /// Checks the node and counts the ways it can match from one position before its characters decide, given what
    /// may follow it; capped just above <see cref="MaxWays"/>.
    /// </summary>
    private static long Measure(PatternNode node, Follow follow)
    {
        const long cap = MaxWays + 1;
        static long Times(long a, long b) => a == 0 || b == 0 ? 0 : a > cap / b ? cap : Math.Min(cap, a * b);
        switch (node)
        {
            case PatternChars or PatternAssertion:
                return 1;
            case PatternSequence s:
                var product = 1L;
                for (var i = s.Items.Count - 1; i >= 0; i--)
                {
                    product = Times(product, Measure(s.Items[i], follow));
                    var (first, nullable) = First(s.Items[i]);
                    follow = nullable
                        ? new Follow(first | follow.Set, s.Items[i] is PatternAssertion { Text: @"\b" })
                        : new Follow(first);
                }
                return product;
            case PatternAlternation a:
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
            case PatternRepeat { Inner: PatternChars c } r:
                // A repeat followed by characters it cannot match goes on with one length only: given back, what
                // follows fails at once. Otherwise each length may go on, which only a limit bounds.
                if ((c.Set & follow.Set) == CharSet.None || r.Max == r.Min) return 1;
                // Before \b, only the longest length and none can go on: a shorter one ends between two characters alike.
                if (follow.Boundary && ((c.Set & CharSet.Word) == CharSet.None || (c.Set & CharSet.Word.Complement()) == CharSet.None)) return 2;
                if (r.Max == Unbounded)
                    throw new PatternException($"\"{r.Text}\" can be followed by a character it also matches, so a long text could be split between them in every way; make what follows start with a character it cannot match (a space, say), or give it a limit ({{0,40}})");
                return r.Max - r.Min + 1;
            case PatternRepeat { Inner: PatternAssertion } r:
                throw new PatternException($"\"{r.Text}\" repeats something that matches no character");
            case PatternRepeat r when r.Max == Unbounded:
                throw new PatternException($"\"{r.Text}\" repeats a group without limit; write {{0,{MaxGroupRepeat}}} (or fewer) for it");
            case PatternRepeat r when r.Max > MaxGroupRepeat:
                throw new PatternException($"\"{r.Text}\" repeats a group more than {MaxGroupRepeat} times");
            case PatternRepeat r:
                var once = Measure(r.Inner, r.Max > 1 ? new Follow(First(r.Inner).Set | follow.Set) : follow);
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

    private static (CharSet Set, bool Nullable) First(PatternNode node)
    {
        switch (node)
        {
            case PatternChars c:
                return (c.Set, false);
            case PatternAssertion:
                return (CharSet.None, true);
            case PatternSequence s:
                var set = CharSet.None;
                foreach (var item in s.Items)
                {
                    var (first, nullable) = First(item);
                    set |= first;
                    if (!nullable) return (set, false);
                }
                return (set, true);
            case PatternAlternation a:
                var union = CharSet.None;
                var any = false;
                foreach (var branch in a.Branches)
                {
                    var (first, nullable) = First(branch);
                    union |= first;
                    any |= nullable;
                }
                return (union, any);
            case PatternRepeat r:
                var inner = First(r.Inner);
                return (inner.Set, inner.Nullable || r.Min == 0);
            default:
                throw new InvalidOperationException(node.GetType().Name);
        }
    }

}
