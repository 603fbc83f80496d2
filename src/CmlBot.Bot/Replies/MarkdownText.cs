using System.Globalization;
using System.Text;

namespace CmlBot.Bot.Replies;

/// <summary>
/// Makes the user's own words safe to show inside a Markdown reply: channels render Markdown and some
/// render inline HTML, so quoted user text must never be able to add a link, emphasis or markup. Nor may it carry
/// invisible characters: bidirectional controls can make an echo read differently from what was written, and
/// zero-width characters can hide text or split a word a reader would otherwise see. Web Chat and Teams turn bare
/// addresses (<c>www.example.com</c>, <c>https://…</c>) into links on their own, so an echoed address is shown as
/// "(link)": the bot must never hand a patient a link it did not choose.
/// </summary>
public static class MarkdownText
{
    private const string MarkdownSpecials = "\\`*_{}[]()#+-!|~";
    public const string LinkPlaceholder = "(link)";

    public static string Escape(string userText, int maxLength = int.MaxValue)
    {
        var words = Visible(userText).Split((char[]?)null, StringSplitOptions.RemoveEmptyEntries);
        var collapsed = string.Join(' ', words.Select(w => LooksLikeAddress(w) ? LinkPlaceholder : w));
        if (collapsed.Length > maxLength) collapsed = collapsed[..maxLength].TrimEnd() + "…";
        var sb = new StringBuilder(collapsed.Length + 16);
        foreach (var c in collapsed)
        {
            switch (c)
            {
                case '&': sb.Append("&amp;"); break;
                case '<': sb.Append("&lt;"); break;
                case '>': sb.Append("&gt;"); break;
                case '"': sb.Append("&quot;"); break;
                default:
                    if (MarkdownSpecials.Contains(c, StringComparison.Ordinal)) sb.Append('\\');
                    sb.Append(c);
                    break;
            }
        }
        return sb.ToString();
    }

    /// <summary>
    /// The text without format characters (bidirectional controls, zero-width spaces and joiners, the byte-order
    /// mark, soft hyphens) or control characters other than white space, which becomes a space.
    /// </summary>
    public static string Visible(string text)
    {
        var sb = new StringBuilder(text.Length);
        foreach (var c in text)
        {
            var category = char.GetUnicodeCategory(c);
            if (category == UnicodeCategory.Format) continue;
            if (category == UnicodeCategory.Control) { if (char.IsWhiteSpace(c)) sb.Append(' '); continue; }
            sb.Append(c);
        }
        return sb.ToString();
    }

    /// <summary>What a channel's link detection could take for an address: a scheme, www., an e-mail, or a host name.</summary>
    public static bool LooksLikeAddress(string word)
    {
        var w = word.Trim('.', ',', ';', ':', '!', '?', '"', '\'', '(', ')', '[', ']', '<', '>', '“', '”', '‘', '’');
        if (w.Contains("://", StringComparison.Ordinal) || w.StartsWith("www.", StringComparison.OrdinalIgnoreCase)) return true;
        if (w.StartsWith("mailto:", StringComparison.OrdinalIgnoreCase)) return true;
        var dot = w.LastIndexOf('.');
        if (dot <= 0 || dot == w.Length - 1 || !char.IsLetterOrDigit(w[dot - 1])) return false;
        // A top-level domain: two or more letters after the last dot ("gleevec.com", "a@b.org"; not "e.g", "3.5mg").
        var tld = w.AsSpan(dot + 1);
        foreach (var c in tld) if (!char.IsAsciiLetter(c)) return false;
        return tld.Length >= 2;
    }
}
