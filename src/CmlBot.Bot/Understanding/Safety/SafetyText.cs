using System.Text;

namespace CmlBot.Bot.Understanding.Safety;

/// <summary>
/// The one form every safety trigger reads: lower case, apostrophes dropped ("can't" reads "cant"), words
/// separated by single spaces, and clause punctuation (. , ; : ! ? brackets, new lines) turned into a " | "
/// token so that no phrase and no negation reaches across a clause. A decimal point between digits stays ("100.4").
/// A short aside in brackets ("my son (6) swallowed", "dad (72) collapsed") is read as words, not as a clause of its own.
/// </summary>
public static class SafetyText
{
    public const char Clause = '|';

    /// <param name="maxLength">The text is cut to this many characters first: the bound on every regex's work.</param>
    public static string Prepare(string text, int maxLength)
    {
        var source = text.AsSpan(0, Math.Min(text.Length, maxLength));
        var b = new StringBuilder(source.Length + 8);
        b.Append(' ');
        var asideEnd = -1;
        for (var i = 0; i < source.Length; i++)
        {
            var c = char.ToLowerInvariant(source[i]);
            if (c is '\'' or '’' or '‘' or '`' or 'ʼ') continue;
            if (c == '(' && ShortAsideEnd(source, i) is var end and > 0) asideEnd = end;
            if ((c == '(' && asideEnd > i) || i == asideEnd)
            {
                if (b[^1] != ' ') b.Append(' ');
                continue;
            }
            if (char.IsLetterOrDigit(c))
            {
                b.Append(c);
            }
            else if (c is '.' or ',' && i > 0 && i + 1 < source.Length && char.IsDigit(source[i - 1]) && char.IsDigit(source[i + 1]))
            {
                b.Append('.');
            }
            else if (c is '.' or ',' or ';' or ':' or '!' or '?' or '(' or ')' or '\n' or '\r' or '|')
            {
                if (b[^1] != ' ') b.Append(' ');
                if (b.Length < 2 || b[^2] != Clause) b.Append(Clause).Append(' ');
            }
            else if (b[^1] != ' ')
            {
                b.Append(' ');
            }
        }
        if (b[^1] != ' ') b.Append(' ');
        return b.ToString();
    }

    /// <summary>Where the bracket opened at <paramref name="open"/> closes, when what it holds is at most three words or numbers; else -1.</summary>
    private static int ShortAsideEnd(ReadOnlySpan<char> source, int open)
    {
        var words = 0;
        for (var i = open + 1; i < source.Length && i <= open + 24; i++)
        {
            var c = source[i];
            if (c == ')') return words is > 0 and <= 3 ? i : -1;
            if (char.IsLetterOrDigit(c)) { if (i == open + 1 || source[i - 1] == ' ') words++; }
            else if (c != ' ') return -1;
        }
        return -1;
    }

    private static readonly HashSet<string> Negators = new(StringComparer.Ordinal)
    {
        "no", "not", "never", "without", "dont", "doesnt", "didnt", "havent", "hasnt", "hadnt", "isnt", "wasnt", "arent",
        "werent", "denies", "deny", "nor", "none", "neither", "free",
        // A question about a risk is not a report of it: "can dasatinib cause chest pain", "the risk of bleeding".
        "cause", "causes", "risk", "risks", "chance", "chances",
    };

    private static readonly HashSet<string> RiskWords = new(StringComparer.Ordinal) { "cause", "causes", "risk", "risks", "chance", "chances" };

    private static readonly HashSet<string> ExampleWords = new(StringComparer.Ordinal) { "like", "including", "especially", "eg" };

    private static readonly HashSet<string> Kinds = new(StringComparer.Ordinal)
    {
        "symptoms", "effects", "things", "problems", "issues", "reactions", "signs", "stuff",
        // As patients misspell them.
        "problms", "probs", "symptons", "symtoms", "sympthoms",
    };

    /// <summary>Whether the word before the one starting at <paramref name="begin"/> names kinds of things ("symptoms like").</summary>
    private static bool NamesKinds(string prepared, int begin)
    {
        var end = begin;
        while (end > 0 && prepared[end - 1] == ' ') end--;
        var start = end;
        while (start > 0 && prepared[start - 1] != ' ') start--;
        return Kinds.Contains(prepared[start..end]);
    }

    private static readonly HashSet<string> ClauseWords = new(StringComparer.Ordinal)
    {
        "but", "and", "though", "although", "however", "yet", "except", "now", "then", "so", "because", "since",
    };

    /// <summary>The clause of <paramref name="prepared"/> (as <see cref="Prepare"/> writes it) that holds the match at <paramref name="index"/>.</summary>
    public static ReadOnlySpan<char> ClauseAround(string prepared, int index, int length)
    {
        var start = ClauseStart(prepared, index);
        var end = prepared.IndexOf(Clause, index + length);
        return prepared.AsSpan(start, (end < 0 ? prepared.Length : end) - start);
    }

    /// <summary>The clause that holds the match at <paramref name="index"/>, from its start to the match's end.</summary>
    public static ReadOnlySpan<char> ClauseUpTo(string prepared, int index, int length)
    {
        var start = ClauseStart(prepared, index);
        return prepared.AsSpan(start, Math.Max(0, index + length - start));
    }

    /// <summary>Where the clause that holds <paramref name="index"/> starts.</summary>
    public static int ClauseStart(string prepared, int index) => prepared.LastIndexOf(Clause, Math.Max(0, index - 1)) + 1;

    /// <summary>
    /// True when one of the (at most three) words before <paramref name="start"/> in the same clause is a negation
    /// ("no chest pain", "i dont have a fever") or asks about a risk ("can it cause a fever"); past an "or", three words
    /// more ("the risk of a heart attack or stroke"), as past "symptoms like" ("can it cause flu like symptoms like chills"). Clause words ("but", "and") end the look back: "no fever but chest pain".
    /// </summary>
    /// <param name="risks">Whether a question about a risk counts as well; false: only a negation does.</param>
    public static bool IsNegated(string prepared, int start, bool risks = true)
    {
        var end = start;
        var joined = false;
        var throughExamples = false;
        var examplesAt = -1;
        var riskOnly = false;
        for (int words = 0, seen = 0; words < 3; words++, seen++)
        {
            while (end > 0 && prepared[end - 1] == ' ') end--;
            if (end == 0) return false;
            var begin = end;
            while (begin > 0 && prepared[begin - 1] != ' ') begin--;
            var word = prepared.AsSpan(begin, end - begin);
            if (word.Length == 1 && word[0] == Clause) return false;
            var w = word.ToString();
            // Past "symptoms like", a risk, or a negation of the kinds themselves ("no symptoms like a fever").
            if (Negators.Contains(w) && (risks || !RiskWords.Contains(w)) && (riskOnly ? RiskWords.Contains(w) : seen < 3 || !throughExamples || RiskWords.Contains(w) || seen == examplesAt + 2)) return true;
            // "the risk of heart attack and stroke": a risk reaches the one word joined to its own by "and"; a negation does
            // not ("no fever and chest pain"), nor does anything past a clause ("cause a fever and i have chest pain").
            if (w == "and" && seen == 0 && !joined) { joined = riskOnly = true; words -= 3; end = begin; continue; }
            if (ClauseWords.Contains(w)) return false;
            // "the risk of a heart attack or stroke", "no fever or chills": a negation reaches the words joined to its own,
            // and a question about a risk reaches the examples of what it names ("cause flu like symptoms like chills").
            if (!joined && w == "or") { joined = true; words -= 3; }
            // Only a question about a risk reaches past the usual three words that way: "i dont usually get symptoms like
            // this crushing pain" is a report.
            else if (!joined && ExampleWords.Contains(w) && NamesKinds(prepared, begin)) { joined = throughExamples = true; examplesAt = seen; words -= 3; }
            end = begin;
        }
        return false;
    }
}
