using System.Text;

namespace CmlBot.Bot.Replies;

/// <summary>
/// Makes the user's own words safe to show inside a Markdown reply: channels render Markdown and some
/// render inline HTML, so quoted user text must never be able to add a link, emphasis or markup.
/// </summary>
public static class MarkdownText
{
    private const string MarkdownSpecials = "\\`*_{}[]()#+-!|~";

    public static string Escape(string userText, int maxLength = int.MaxValue)
    {
        var collapsed = string.Join(' ', userText.Split((char[]?)null, StringSplitOptions.RemoveEmptyEntries));
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
}
