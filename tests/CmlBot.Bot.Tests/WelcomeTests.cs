using CmlBot.Bot.Tests.Infrastructure;
using Microsoft.Bot.Schema;

namespace CmlBot.Bot.Tests;

public sealed class WelcomeTests(CoreFixture fixture) : BotTestBase(fixture)
{
    private static void AssertWelcome(IMessageActivity reply)
    {
        Assert.Contains("CmlBot", reply.Text);
        Assert.Contains("NCI PDQ", reply.Text);
        Assert.Contains("health professionals", reply.Text);
        Assert.Contains("last modified 03/06/2009", reply.Text);
        Assert.Contains("out of date", reply.Text);
        Assert.Contains("not medical advice", reply.Text);
        Assert.Contains("care team", reply.Text);
        Assert.InRange(reply.SuggestedActions.Actions.Count, 3, 4);
        Assert.All(reply.SuggestedActions.Actions, a => Assert.EndsWith("?", a.Value.ToString(), StringComparison.Ordinal));
    }

    [Fact]
    public async Task Members_added_gets_the_welcome_through_TestFlow()
    {
        var conversation = Harness.Conversation();
        await conversation.Flow()
            .Send(new Activity(ActivityTypes.ConversationUpdate) { MembersAdded = [conversation.Adapter.Conversation.User, conversation.Adapter.Conversation.Bot] })
            .AssertReply(a => AssertWelcome(a.AsMessageActivity()))
            .StartTestAsync();
    }

    [Fact]
    public async Task The_welcome_is_shown_once_per_user()
    {
        var first = Harness.Conversation("conversation-1", "user-1");
        Assert.Single(await first.JoinAsync());
        Assert.Empty(await first.JoinAsync());
        // The same user in a new conversation is not welcomed again; another user is.
        Assert.Empty(await Harness.Conversation("conversation-2", "user-1").JoinAsync());
        AssertWelcome(Assert.Single(await Harness.Conversation("conversation-3", "user-2").JoinAsync()));
    }

    [Fact]
    public async Task A_bot_only_members_added_does_not_welcome()
    {
        var conversation = Harness.Conversation();
        var replies = await conversation.SendAsync(new Activity(ActivityTypes.ConversationUpdate) { MembersAdded = [conversation.Adapter.Conversation.Bot] });
        Assert.Empty(replies);
    }

    [Fact]
    public async Task Channels_without_conversationUpdate_get_the_welcome_before_the_first_answer()
    {
        var question = Fixture.CitedQuestion();
        var replies = await Harness.Conversation().SayAsync(question);
        Assert.Equal(2, replies.Count);
        AssertWelcome(replies[0]);
        Assert.NotEmpty(Cited(replies[1]));
        // And not again on the next message.
        Assert.Single(await Harness.Conversation().SayAsync("help"));
    }
}
