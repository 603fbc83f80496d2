using CmlBot.Bot.Replies;
using CmlBot.Bot.Understanding;
using CmlBot.Bot.Understanding.Safety;

namespace CmlBot.Bot.Tests;

public sealed class UnderstandingTests
{
    [Theory]
    [InlineData("<b>hi</b>", "&lt;b&gt;hi&lt;/b&gt;")]
    [InlineData("**x** [a](b)", @"\*\*x\*\* \[a\]\(b\)")]
    [InlineData("a & b", "a &amp; b")]
    [InlineData("line\nbreak", "line break")]
    public void Markdown_escape(string input, string expected) => Assert.Equal(expected, MarkdownText.Escape(input));

    [Theory]
    [InlineData("imatinib\u202Egnp", "imatinibgnp")]
    [InlineData("dasa\u200Btinib\u200D\u2066x\u2069\uFEFF", "dasatinibx")]
    [InlineData("see https://evil.example/x now", @"see \(link\) now")]
    [InlineData("go to www.evil.example, please", @"go to \(link\) please")]
    [InlineData("ask gleevec-help.com.", @"ask \(link\)")]
    [InlineData("mail me@evil.example", @"mail \(link\)")]
    [InlineData("e.g. 3.5mg, i.e. U.S. dose", "e.g. 3.5mg, i.e. U.S. dose")]
    public void Echoed_text_loses_invisible_controls_and_bare_addresses(string input, string expected) =>
        Assert.Equal(expected, MarkdownText.Escape(input));

    [Fact]
    public void Markdown_escape_shortens() => Assert.Equal("abc…", MarkdownText.Escape("abcdef", 3));

    /// <summary>Normalize as it was written with regular expressions: the one-pass version must read every text the same.</summary>
    private static string RegexNormalize(string text)
    {
        var t = System.Text.RegularExpressions.Regex.Replace(text.Trim().ToLowerInvariant(), @"\s+", " ").Replace('’', '\'');
        var stripped = System.Text.RegularExpressions.Regex.Replace(t, @"[\s\p{P}]+$", "");
        return stripped.Length > 0 ? stripped : t;
    }

    [Theory]
    [InlineData("Tell me MORE!!")]
    [InlineData("  which\tstudy ?  ")]
    [InlineData("What’s   the\r\nsource?")]
    [InlineData("?!")]
    [InlineData("...")]
    [InlineData("")]
    [InlineData("   ")]
    [InlineData("tell me more")]
    [InlineData("ÉTUDE\u00a0Nº 12 »")]
    [InlineData("\U00010400 DESERET 𐐀 and 👍")]
    [InlineData("a\u2028b\u0085c\u3000d\u200b")]
    [InlineData("end with ’")]
    [InlineData("(parenthesised)")]
    public void Normalize_reads_text_as_the_regular_expressions_did(string text) =>
        Assert.Equal(RegexNormalize(text), IntentRecognizer.Normalize(text));

    [Fact]
    public void Normalize_agrees_with_the_regular_expressions_on_random_text()
    {
        const string alphabet = "aZé ’'?!.,\t\n\u00a0\u2028-_()Ω𐐀👍 xyz";
        var random = new Random(20261130);
        for (var i = 0; i < 5000; i++)
        {
            var chars = new char[random.Next(0, 300)];
            for (var k = 0; k < chars.Length; k++) chars[k] = alphabet[random.Next(alphabet.Length)];
            var text = new string(chars);
            Assert.Equal(RegexNormalize(text), IntentRecognizer.Normalize(text));
        }
    }

    [Fact]
    public void Normalize_returns_normal_text_itself()
    {
        const string text = "which study";
        Assert.Same(text, IntentRecognizer.Normalize(text));
    }

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
    [InlineData("Should I stop my imatinib?", SafetyClasses.MedicineChange, true)]
    [InlineData("What is imatinib?", SafetyClasses.None, false)]
    [InlineData("I can't breathe", SafetyClasses.Emergency, false)]
    [InlineData("I want to end my life", SafetyClasses.Crisis, false)]
    [InlineData("Can I ask my doctor about nilotinib?", SafetyClasses.None, true)]
    public void Safety(string text, SafetyClasses classes, bool personal)
    {
        var result = new SafetyScreen(SafetyRules.Load(SafetyRules.Locate(null))).Check(text);
        Assert.Equal(classes, result.Classes);
        Assert.Equal(personal, result.PersonalDecision);
    }
}
