using CmlBot.Bot.Replies;
using CmlBot.Bot.Tests.Infrastructure;
using Microsoft.Bot.Schema;

namespace CmlBot.Bot.Tests;

/// <summary>A fresh bot (fresh storage and feedback store) per test, over the shared core.</summary>
[Collection(CoreCollection.Name)]
public abstract class BotTestBase : IDisposable
{
    protected BotTestBase(CoreFixture fixture)
    {
        Fixture = fixture;
        Harness = new BotHarness(fixture.Configuration, fixture.Core);
    }

    protected CoreFixture Fixture { get; }
    protected BotHarness Harness { get; }

    protected static IReadOnlyList<string> Actions(IMessageActivity reply) =>
        reply.SuggestedActions?.Actions?.Select(a => a.Value?.ToString() ?? a.Title).ToList() ?? [];

    protected static IReadOnlyList<int> Cited(IMessageActivity reply) => Citations.Read(reply);

    protected static string? PassageId(IMessageActivity reply) => Citations.PassageId(reply);

    /// <summary>Sends the first message (which also welcomes) so later turns hold only their own replies.</summary>
    protected static async Task<TestConversation> Started(TestConversation conversation)
    {
        await conversation.JoinAsync();
        return conversation;
    }

    public void Dispose()
    {
        Dispose(true);
        GC.SuppressFinalize(this);
    }

    protected virtual void Dispose(bool disposing)
    {
        if (disposing) Harness.Dispose();
    }
}
