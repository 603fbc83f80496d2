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

    public static bool LooksNonEnglish(string text)
    {
        var letters = text.Where(char.IsLetter).ToList();
        if (letters.Count == 0) return false;
        // Mostly letters outside the Latin script: Cyrillic, Greek, Arabic, Hebrew, CJK, Devanagari…
        var nonLatin = letters.Count(c => c > '\u024F');
        if (nonLatin * 2 > letters.Count) return true;
        if (text.Contains('¿') || text.Contains('¡')) return true;
        var words = WordRx().Matches(text.ToLowerInvariant()).Select(m => m.Value).ToList();
        var foreign = words.Count(Foreign.Contains);
        var english = words.Count(English.Contains);
        return foreign >= 2 && foreign > english * 2;
    }
}
