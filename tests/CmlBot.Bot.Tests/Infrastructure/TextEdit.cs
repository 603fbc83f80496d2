namespace CmlBot.Bot.Tests.Infrastructure;

/// <summary>Edits of a valid file's text that make one line of it wrong.</summary>
internal static class TextEdit
{
    /// <summary>The text with the first <paramref name="old"/> replaced; the test fails when there is none.</summary>
    public static string ReplaceFirst(string text, string old, string by)
    {
        var at = text.IndexOf(old, StringComparison.Ordinal);
        Assert.True(at >= 0, old);
        return text[..at] + by + text[(at + old.Length)..];
    }
}
