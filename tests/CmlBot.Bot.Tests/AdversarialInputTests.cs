using Stopwatch = System.Diagnostics.Stopwatch;
using CmlBot.Bot.Channels;
using CmlBot.Bot.Replies;
using CmlBot.Bot.Tests.Infrastructure;
using CmlBot.Bot.Understanding;
using Microsoft.Bot.Schema;
using Newtonsoft.Json.Linq;

namespace CmlBot.Bot.Tests;

/// <summary>
/// Every regular expression that reads a user's text, fed the input that costs it most at the largest size it can
/// see: each must finish in under 50 ms (the mention pattern over a whole 240 KB body costs seconds, which is why the
/// text is cut first). The safety screen's patterns are tested with the safety screen.
/// </summary>
[Collection(CoreCollection.Name)]
public sealed class AdversarialInputTests(CoreFixture fixture)
{
    private const int Bound = 50;
    private static readonly int Incoming = TurnInput.DefaultMaxTextLength;

    /// <summary>Milliseconds of the fastest of three runs, after one to warm up (JIT and the pattern's own set-up).</summary>
    private static double Time(Action run)
    {
        run();
        var best = double.MaxValue;
        for (var i = 0; i < 3; i++)
        {
            var watch = Stopwatch.StartNew();
            run();
            best = Math.Min(best, watch.Elapsed.TotalMilliseconds);
        }
        return best;
    }

    private static string Repeat(string unit, int length) => string.Concat(Enumerable.Repeat(unit, length / unit.Length + 1))[..length];

    public static TheoryData<string> BrokenMentions => new()
    {
        "<at>", "<at ", "<at><at>x</a", "<AT x>", "<at>a</at", "<at\t>", "<at>x</at>", "a  \t",
    };

    /// <summary>A Teams message of about 240 KB (the body limit is 256 KB) that is nothing but unfinished mention markup.</summary>
    [Theory]
    [MemberData(nameof(BrokenMentions))]
    public void Mention_stripping_is_bounded_on_a_body_full_of_broken_markup(string unit)
    {
        var activity = new Activity(ActivityTypes.Message)
        {
            ChannelId = "msteams",
            Text = Repeat(unit, 240_000),
            Recipient = new ChannelAccount("28:bot", "CmlBot"),
            Entities = Enumerable.Range(0, 200).Select(i => new Entity("mention")
            {
                Properties = JObject.FromObject(new { text = Repeat(unit, 200 + i), mentioned = new { id = "28:bot", name = "CmlBot" } }),
            }).ToList(),
        };
        TurnInput input = null!;
        Assert.InRange(Time(() => input = TurnInput.From(activity)), 0, Bound);
        Assert.InRange(input.CutFrom ?? 0, 239_990, 240_000);
        Assert.True(input.Text.Length <= TurnInput.DefaultMaxTextLength);
    }

    public static TheoryData<string> CommandInputs => new()
    {
        "what about ", "and ", "and, what about ", "tell me more ", "show me the reference ", "reference no. ", "a ", "'", "’", "yes, ", "?",
    };

    [Theory]
    [MemberData(nameof(CommandInputs))]
    public void Command_and_follow_up_patterns_are_bounded_at_the_incoming_limit(string unit)
    {
        var text = Repeat(unit, Incoming);
        Assert.InRange(Time(() => IntentRecognizer.Recognize(text)), 0, Bound);
        Assert.InRange(Time(() => IntentRecognizer.ShortFollowUp(text)), 0, Bound);
        Assert.InRange(Time(() => IntentRecognizer.ShortFollowUp("what about " + text)), 0, Bound);
    }

    [Theory]
    [InlineData("'")]
    [InlineData("a'")]
    [InlineData("é'")]
    public void The_language_guard_is_bounded_at_the_incoming_limit(string unit)
    {
        var text = Repeat(unit, Incoming);
        Assert.InRange(Time(() => LanguageGuard.LooksNonEnglish(text)), 0, Bound);
    }

    public static TheoryData<string> QuestionInputs => new()
    {
        "ref ", "reference    ", "sources number ", "citation #", "who ", "  ", "a’-", "reference [",
    };

    /// <summary>The question as retrieval reads it: cut to Retrieval:MaxQuestionLength before its patterns.</summary>
    [Theory]
    [MemberData(nameof(QuestionInputs))]
    public void Retrieval_question_patterns_are_bounded_at_the_incoming_limit(string unit)
    {
        var text = Repeat(unit, Incoming);
        Assert.InRange(Time(() => fixture.Core.Retriever.Plan(text)), 0, Bound);
    }

    [Theory]
    [InlineData("*a")]
    [InlineData("*a *")]
    [InlineData("\\*")]
    [InlineData("* ")]
    public void Terminal_markdown_is_bounded_on_a_long_reply(string unit)
    {
        // The longest reply a channel takes (Teams' 40 KB), of emphasis markers that never close cleanly.
        var text = Repeat(unit, 40_000);
        Assert.InRange(Time(() => TerminalAdapter.Plain(text)), 0, Bound);
    }

    [Fact]
    public void Echoing_a_long_question_is_bounded() =>
        Assert.InRange(Time(() => MarkdownText.Escape(Repeat("www.a.b ", Incoming), 80)), 0, Bound);
}
