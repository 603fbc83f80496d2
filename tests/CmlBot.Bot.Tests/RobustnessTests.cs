using CmlBot.Bot.Tests.Infrastructure;
using Microsoft.Bot.Schema;
using Newtonsoft.Json.Linq;

namespace CmlBot.Bot.Tests;

public sealed class RobustnessTests(CoreFixture fixture) : BotTestBase(fixture)
{
    [Theory]
    [InlineData("")]
    [InlineData("   ")]
    [InlineData("\n\t ")]
    public async Task Empty_or_whitespace_text_asks_for_a_question(string text)
    {
        var reply = Assert.Single(await (await Started(Harness.Conversation())).SayAsync(text));
        Assert.Contains("didn't get any text", reply.Text);
    }

    [Fact]
    public async Task A_null_text_message_asks_for_a_question()
    {
        var reply = Assert.Single(await (await Started(Harness.Conversation())).SendAsync(new Activity(ActivityTypes.Message)));
        Assert.Contains("didn't get any text", reply.Text);
    }

    [Fact]
    public async Task Very_long_text_is_answered_on_a_trimmed_question_and_says_so()
    {
        var question = Fixture.CitedQuestion();
        var text = question + string.Concat(Enumerable.Repeat(" please", 2000)); // 14,000+ characters
        Assert.True(text.Length > 10_000);
        var reply = Assert.Single(await (await Started(Harness.Conversation())).SayAsync(text));
        Assert.Contains($"Your message was {text.Length:N0} characters long, so I answered using its first", reply.Text);
        Assert.DoesNotContain("please please", reply.Text);
    }

    [Fact]
    public async Task Attachments_without_text_get_a_text_only_reply()
    {
        var activity = new Activity(ActivityTypes.Message)
        {
            Attachments = [new Attachment("image/png", "https://example.invalid/scan.png", name: "scan.png")],
        };
        var reply = Assert.Single(await (await Started(Harness.Conversation())).SendAsync(activity));
        Assert.Contains("only text, not attachments", reply.Text);
    }

    [Fact]
    public async Task An_unknown_card_submit_is_answered_politely()
    {
        var activity = new Activity(ActivityTypes.Message) { Value = new JObject { ["action"] = "unknown", ["n"] = 3 } };
        var reply = Assert.Single(await (await Started(Harness.Conversation())).SendAsync(activity));
        Assert.Contains("didn't understand that button", reply.Text);
    }

    [Fact]
    public async Task A_card_submit_with_a_plain_value_is_answered_politely()
    {
        var reply = Assert.Single(await (await Started(Harness.Conversation())).SendAsync(new Activity(ActivityTypes.Message) { Value = 42 }));
        Assert.Contains("didn't understand that button", reply.Text);
    }

    [Theory]
    [InlineData("😀")]
    [InlineData("🙏🙏🙏 ❤️")]
    [InlineData("?!...")]
    public async Task Emoji_only_asks_for_words(string text)
    {
        var reply = Assert.Single(await (await Started(Harness.Conversation())).SayAsync(text));
        Assert.Contains("only questions written in words", reply.Text);
    }

    [Theory]
    [InlineData("¿Qué es la leucemia mieloide crónica?")]
    [InlineData("Quel est le traitement de la leucémie myéloïde chronique en rechute?")]
    [InlineData("Was ist die Behandlung der chronischen myeloischen Leukämie?")]
    [InlineData("Что такое хронический миелолейкоз?")]
    [InlineData("慢性骨髓性白血病的治疗方法是什么？")]
    public async Task Another_language_gets_english_only(string text)
    {
        var reply = Assert.Single(await (await Started(Harness.Conversation())).SayAsync(text));
        Assert.Contains("English only", reply.Text);
    }

    [Theory]
    [InlineData(ActivityTypes.Typing)]
    [InlineData(ActivityTypes.Event)]
    [InlineData(ActivityTypes.Invoke)]
    [InlineData(ActivityTypes.MessageReaction)]
    [InlineData(ActivityTypes.EndOfConversation)]
    [InlineData(ActivityTypes.InstallationUpdate)]
    [InlineData(ActivityTypes.MessageUpdate)]
    [InlineData(ActivityTypes.Trace)]
    [InlineData("somethingNew")]
    public async Task Non_message_activities_never_throw_and_send_no_message(string type)
    {
        var conversation = await Started(Harness.Conversation());
        var activity = new Activity(type) { Name = "some/name", Value = new JObject { ["x"] = 1 } };
        if (type == ActivityTypes.MessageReaction) activity.ReactionsAdded = [new MessageReaction("like")];
        if (type == ActivityTypes.InstallationUpdate) activity.Action = "add";
        Assert.Empty(await conversation.SendAsync(activity));
        Assert.DoesNotContain(Harness.Logs.Lines, l => l.StartsWith("Error", StringComparison.Ordinal));
    }

    [Theory]
    [InlineData("<script>alert(1)</script>")]
    [InlineData("**bold** [link](http://evil.example) <img src=x onerror=alert(1)>")]
    [InlineData("# heading `code` _x_ | table |")]
    public async Task User_text_is_never_echoed_unescaped(string hostile)
    {
        var conversation = await Started(Harness.Conversation());
        var all = new List<IMessageActivity>();
        all.AddRange(await conversation.SayAsync(hostile + " " + Fixture.CitedQuestion()));
        all.AddRange(await conversation.SayAsync("what about nilotinib?")); // quotes the previous question back
        all.AddRange(await conversation.SayAsync(hostile));
        var text = string.Join("\n", all.Select(a => a.Text));
        Assert.Contains("previous question", text);
        Assert.DoesNotContain("<script", text, StringComparison.OrdinalIgnoreCase);
        Assert.DoesNotContain("<img", text, StringComparison.OrdinalIgnoreCase);
        Assert.DoesNotContain("[link](", text, StringComparison.Ordinal);
        Assert.DoesNotContain("**bold**", text, StringComparison.Ordinal);
        Assert.DoesNotContain("`code`", text, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_mention_of_the_bot_is_not_part_of_the_question()
    {
        var conversation = await Started(Harness.Conversation());
        var bot = conversation.Adapter.Conversation.Bot;
        var activity = conversation.Adapter.MakeActivity("<at>CmlBot</at> help");
        var mention = new Entity();
        mention.SetAs(new Mention { Mentioned = new ChannelAccount(bot.Id, "CmlBot"), Text = "<at>CmlBot</at>" });
        activity.Entities = [mention];
        var reply = Assert.Single(await conversation.SendAsync(activity));
        Assert.Contains("How to use CmlBot", reply.Text);
    }

    [Fact]
    public async Task Spelling_corrections_quote_the_users_word_escaped()
    {
        var reply = Assert.Single(await (await Started(Harness.Conversation())).SayAsync("imatanib after transplant relapse"));
        if (Fixture.Core.Ask("imatanib after transplant relapse").Corrections.Count > 0)
            Assert.Contains("I read “imatanib” as", reply.Text);
    }
}
