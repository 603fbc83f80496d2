using System.Text.RegularExpressions;

namespace CmlBot.Bot.Understanding.Safety;

/// <summary>
/// The characters one element of a pattern matches, for <see cref="SafetyPatternBound"/>: each ASCII character
/// exactly, and every other character by its kind (a digit, another word character, a space, anything else), since
/// that is all <c>\d \w \s</c> tell apart. A non-ASCII character stands for its whole kind, so two sets that look
/// disjoint here are disjoint.
/// </summary>
internal readonly record struct CharSet(UInt128 Ascii, byte Other)
{
    private const byte OtherDigit = 1, OtherWord = 2, OtherSpace = 4, OtherRest = 8, AllOther = 15;

    /// <summary>One cell per ASCII character (0–127), then one per kind of other character (128–131).</summary>
    public const int CellCount = 132;

    public static CharSet None => default;

    public static CharSet All => new(UInt128.MaxValue, AllOther);

    /// <summary>\d: Unicode decimal digits, as .NET reads it without RegexOptions.ECMAScript.</summary>
    public static readonly CharSet Digit = Range('0', '9') | new CharSet(UInt128.Zero, OtherDigit);

    /// <summary>\w: letters, digits, marks and connectors.</summary>
    public static readonly CharSet Word = Range('a', 'z') | Range('A', 'Z') | Range('0', '9') | Of('_') | new CharSet(UInt128.Zero, OtherDigit | OtherWord);

    /// <summary>\s.</summary>
    public static readonly CharSet Space = Of(' ') | Of('\t') | Of('\n') | Of('\v') | Of('\f') | Of('\r') | new CharSet(UInt128.Zero, OtherSpace);

    public static CharSet Of(char c) => c < 128 ? new CharSet(UInt128.One << c, 0) : new CharSet(UInt128.Zero, KindOf(c));

    /// <summary>The characters from <paramref name="low"/> to <paramref name="high"/>; beyond ASCII, every kind.</summary>
    public static CharSet Range(char low, char high)
    {
        var ascii = UInt128.Zero;
        for (int c = low; c <= Math.Min((int)high, 127); c++) ascii |= UInt128.One << c;
        return new CharSet(ascii, high >= 128 ? AllOther : (byte)0);
    }

    public CharSet Complement() => new(~Ascii, (byte)(~Other & AllOther));

    public CharSet Without(char c) => this & Of(c).Complement();

    /// <summary>The set's characters beyond ASCII.</summary>
    public CharSet WithoutAscii() => this with { Ascii = UInt128.Zero };

    /// <summary>Adds <paramref name="amount"/> (up to <paramref name="cap"/>) to the cell of each character in the set.</summary>
    public void AddTo(long[] cells, long amount, long cap)
    {
        for (var ascii = Ascii; ascii != UInt128.Zero; ascii &= ascii - UInt128.One)
        {
            var cell = (int)UInt128.TrailingZeroCount(ascii);
            cells[cell] = Math.Min(cap, cells[cell] + amount);
        }
        for (var kind = 0; kind < 4; kind++)
            if ((Other & (1 << kind)) != 0) cells[128 + kind] = Math.Min(cap, cells[128 + kind] + amount);
    }

    public static CharSet operator |(CharSet a, CharSet b) => new(a.Ascii | b.Ascii, (byte)(a.Other | b.Other));

    public static CharSet operator &(CharSet a, CharSet b) => new(a.Ascii & b.Ascii, (byte)(a.Other & b.Other));

    private static byte KindOf(char c)
    {
        var text = c.ToString();
        if (Regex.IsMatch(text, @"^\d$", RegexOptions.None, TimeSpan.FromSeconds(1))) return OtherDigit;
        if (Regex.IsMatch(text, @"^\w$", RegexOptions.None, TimeSpan.FromSeconds(1))) return OtherWord;
        if (Regex.IsMatch(text, @"^\s$", RegexOptions.None, TimeSpan.FromSeconds(1))) return OtherSpace;
        return OtherRest;
    }
}
