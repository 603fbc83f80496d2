using CmlBot.Bot.Replies;
using CmlBot.Bot.Understanding;

namespace CmlBot.Bot.Tests;

public sealed class UnderstandingTests
{
    [Theory]
    [InlineData("<b>hi</b>", "&lt;b&gt;hi&lt;/b&gt;")]
    [InlineData("**x** [a](b)", @"\*\*x\*\* \[a\]\(b\)")]
    [InlineData("a & b", "a &amp; b")]
    [InlineData("line\nbreak", "line break")]
    public void Markdown_escape(string input, string expected) => Assert.Equal(expected, MarkdownText.Escape(input));

    [Fact]
    public void Markdown_escape_shortens() => Assert.Equal("abc…", MarkdownText.Escape("abcdef", 3));

    [Theory]
    [InlineData("tell me more", IntentKind.More)]
    [InlineData("Tell me more!", IntentKind.More)]
    [InlineData("which study?", IntentKind.Sources)]
    [InlineData("What’s the source?", IntentKind.Sources)]
    [InlineData("show reference 12", IntentKind.ShowReference)]
    [InlineData("start over", IntentKind.Restart)]
    [InlineData("Which study looked at dasatinib in blast crisis?", IntentKind.Question)]
    [InlineData("Tell me more about dasatinib resistance", IntentKind.Question)]
    public void Intents(string text, IntentKind expected) => Assert.Equal(expected, IntentRecognizer.Recognize(text).Kind);

    [Theory]
    [InlineData("what about nilotinib?", "nilotinib")]
    [InlineData("And dasatinib?", "dasatinib")]
    [InlineData("How about a higher dose?", "a higher dose")]
    [InlineData("what about the people who relapse after a transplant and then get interferon?", null)]
    [InlineData("What is nilotinib?", null)]
    public void Short_follow_ups(string text, string? subject) => Assert.Equal(subject, IntentRecognizer.ShortFollowUp(text));

    [Theory]
    [InlineData("What is the role of le Coutre et al. in nilotinib studies?", false)]
    [InlineData("Can my son take imatinib?", false)]
    [InlineData("dasatinib", false)]
    [InlineData("¿Qué es?", true)]
    [InlineData("Qu'est-ce que la leucémie?", true)]
    public void Language(string text, bool foreign) => Assert.Equal(foreign, LanguageGuard.LooksNonEnglish(text));

    [Theory]
    [InlineData("Should I stop my imatinib?", false, false, true)]
    [InlineData("What is imatinib?", false, false, false)]
    [InlineData("I can't breathe", true, false, false)]
    [InlineData("I want to end my life", false, true, false)]
    public void Safety(string text, bool emergency, bool crisis, bool personal) =>
        Assert.Equal(new SafetyFlags(emergency, crisis, personal), SafetyScreen.Check(text));
}
