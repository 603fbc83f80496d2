using CmlBot.Bot.Answers;
using CmlBot.Bot.Tests.Infrastructure;
using Microsoft.Bot.Builder.Adapters;
using Microsoft.Bot.Schema;

namespace CmlBot.Bot.Tests;

[Collection(CoreCollection.Name)]
public sealed class FactoryTests(CoreFixture fixture)
{
    private static async Task<List<IMessageActivity>> SayAsync(TestAdapter adapter, Microsoft.Bot.Builder.IBot bot, string text)
    {
        await new TestFlow(adapter, bot).Send(text).StartTestAsync();
        var replies = new List<IMessageActivity>();
        while (adapter.GetNextReply() is { } reply) replies.Add(reply.AsMessageActivity());
        return replies;
    }

    [Fact]
    public async Task Each_bot_from_the_factory_starts_fresh()
    {
        var factory = new CmlBotFactory(new BotOptions(), new ReadyCoreProvider(fixture.Core));
        var first = factory.Create();
        var adapter = new TestAdapter(TestAdapter.CreateConversation("same", "same-user", "cmlbot")) { OnTurnError = factory.OnTurnError };
        Assert.Equal(2, (await SayAsync(adapter, first, fixture.CitedQuestion())).Count); // welcome + answer

        // Same conversation and user ids, new bot: welcomed again, and no previous answer to cite.
        var second = factory.Create();
        var replies = await SayAsync(adapter, second, "which study?");
        Assert.Equal(2, replies.Count);
        Assert.Contains("no answer yet", replies[1].Text);
    }
}
