using CmlBot.Bot.Tests.Infrastructure;

namespace CmlBot.Bot.Tests;

public sealed class CommandTests(CoreFixture fixture) : BotTestBase(fixture)
{
    [Theory]
    [InlineData("help")]
    [InlineData("Help!")]
    [InlineData("what can you do?")]
    public async Task Help_explains_the_follow_ups_and_offers_examples(string text)
    {
        var reply = Assert.Single(await (await Started(Harness.Conversation())).SayAsync(text));
        Assert.Contains("tell me more", reply.Text);
        Assert.Contains("which study?", reply.Text);
        Assert.Contains("show reference 12", reply.Text);
        Assert.Contains("start over", reply.Text);
        Assert.Contains("not medical advice", reply.Text);
        Assert.InRange(Actions(reply).Count, 3, 4);
    }

    [Theory]
    [InlineData("start over")]
    [InlineData("restart")]
    [InlineData("Start over.")]
    public async Task Start_over_clears_the_conversations_state(string text)
    {
        var conversation = await Started(Harness.Conversation());
        await conversation.SayAsync(Fixture.CitedQuestion());
        Assert.Contains("Starting over", Assert.Single(await conversation.SayAsync(text)).Text);

        Assert.Contains("no answer yet", Assert.Single(await conversation.SayAsync("which study?")).Text);
        Assert.Contains("Ask me a question first", Assert.Single(await conversation.SayAsync("tell me more")).Text);
        Assert.Contains("no answer to rate", Assert.Single(await conversation.SayAsync("yes")).Text);
        // A short follow-up has no previous question to lean on any more.
        Assert.DoesNotContain("previous question", Assert.Single(await conversation.SayAsync("what about nilotinib?")).Text);
    }

    [Fact]
    public async Task Start_over_does_not_repeat_the_welcome()
    {
        var conversation = await Started(Harness.Conversation());
        Assert.Single(await conversation.SayAsync("restart"));
        Assert.Single(await conversation.SayAsync("help"));
    }

    [Theory]
    [InlineData("thanks", "You're welcome")]
    [InlineData("Thank you!", "You're welcome")]
    [InlineData("Thanks so much!", "You're welcome")]
    [InlineData("bye", "Goodbye")]
    [InlineData("Goodbye.", "Goodbye")]
    [InlineData("end", "Goodbye")]
    [InlineData("hello", "Hello")]
    public async Task Thanks_goodbye_and_hello_get_short_replies(string text, string expected)
    {
        var reply = Assert.Single(await (await Started(Harness.Conversation())).SayAsync(text));
        Assert.Contains(expected, reply.Text);
        Assert.Null(PassageId(reply));
    }
}
