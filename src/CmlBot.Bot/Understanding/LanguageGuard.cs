using System.Text.RegularExpressions;

namespace CmlBot.Bot.Understanding;

/// <summary>
/// Cheap checks for text the core cannot use: no words at all (emoji, punctuation) or another language.
/// The core indexes an English summary, so a question in Spanish would only get a confusing no-answer.
/// </summary>
public static partial class LanguageGuard
{
    // Common function words of the languages patients most often write in here. Words that
    // also occur in English questions ("in", "was", "die", "son", "et al.", "le Coutre") are left out.
    private static readonly HashSet<string> Foreign = new(StringComparer.Ordinal)
    {
        // Spanish
        "el", "la", "los", "las", "que", "qué", "por", "para", "una", "uno", "cómo", "como", "cuál", "cuáles", "del", "con", "tengo", "puedo", "debo", "sí", "leucemia", "tratamiento", "estoy", "está", "hay", "pero", "muy",
        // French
        "les", "des", "est", "une", "pour", "avec", "je", "suis", "mon", "mes", "quel", "quelle", "quels", "qu'est-ce", "leucémie", "traitement", "dois", "peux", "sont",
        // German
        "der", "das", "und", "ist", "ich", "nicht", "mit", "ein", "eine", "wie", "welche", "meine", "mein", "soll", "kann", "behandlung", "leukämie", "oder", "sind", "wird",
        // Portuguese and Italian
        "não", "é", "com", "uma", "minha", "meu", "tratamento", "che", "è", "sono", "cosa", "della", "leucemia", "trattamento", "posso", "devo",
    };

    private static readonly HashSet<string> English = new(StringComparer.Ordinal)
    {
        "the", "is", "what", "how", "does", "do", "can", "i", "my", "of", "and", "to", "for", "a", "an", "after", "with", "are", "if", "it",
        "should", "when", "why", "which", "who", "about", "me", "tell", "on", "or", "be", "will", "this", "that", "there", "any", "have", "has",
    };

    [GeneratedRegex(@"[\p{L}']+")]
    private static partial Regex WordRx();

    /// <summary>True when the text holds no letter or digit at all (emoji, punctuation, symbols).</summary>
    public static bool HasNoWords(string text) => !text.Any(char.IsLetterOrDigit);

    // Looked up by span: every message is checked, and a string per word was most of what the check allocated.
    private static readonly HashSet<string>.AlternateLookup<ReadOnlySpan<char>> ForeignWords = Foreign.GetAlternateLookup<ReadOnlySpan<char>>();
    private static readonly HashSet<string>.AlternateLookup<ReadOnlySpan<char>> EnglishWords = English.GetAlternateLookup<ReadOnlySpan<char>>();

    public static bool LooksNonEnglish(string text)
    {
        var letters = 0;
        var nonLatin = 0;
        foreach (var c in text)
        {
            if (!char.IsLetter(c)) continue;
            letters++;
            if (c > '\u024F') nonLatin++;
        }
        if (letters == 0) return false;
        // Mostly letters outside the Latin script: Cyrillic, Greek, Arabic, Hebrew, CJK, Devanagari…
        if (nonLatin * 2 > letters) return true;
        if (text.Contains('¿') || text.Contains('¡')) return true;
        var lower = text.ToLowerInvariant();
        var foreign = 0;
        var english = 0;
        foreach (var match in WordRx().EnumerateMatches(lower))
        {
            var word = lower.AsSpan(match.Index, match.Length);
            if (ForeignWords.Contains(word)) foreign++;
            if (EnglishWords.Contains(word)) english++;
        }
        return foreign >= 2 && foreign > english * 2;
    }
}
