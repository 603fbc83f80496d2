using CmlBot.Bot.Tests.Infrastructure;
using Microsoft.Bot.Schema;
using Newtonsoft.Json;

namespace CmlBot.Bot.Tests;

public sealed class IsolationAndDeterminismTests(CoreFixture fixture) : BotTestBase(fixture)
{
    /// <summary>What one conversation should see: its own answer's citations, then its own follow-ups.</summary>
    private static async Task<List<string>> ScriptAsync(TestConversation conversation, string question)
    {
        var seen = new List<string>();
        foreach (var text in new[] { question, "which study?", "tell me more", "which study?", "what about nilotinib?", "tell me more" })
        {
            var replies = await conversation.SayAsync(text);
            var last = replies[^1];
            seen.Add($"{PassageId(last)}|{string.Join(",", Cited(last))}");
        }
        return seen;
    }

    [Fact]
    public async Task Concurrent_conversations_never_see_each_others_state()
    {
        var questionA = Fixture.CitedQuestion(0);
        var questionB = Fixture.CitedQuestion(1);
        Assert.NotEqual(Fixture.Core.Ask(questionA).Quoted!.Id, Fixture.Core.Ask(questionB).Quoted!.Id);

        // Expected transcripts, each run alone on its own bot.
        List<string> expectedA, expectedB;
        using (var alone = new BotHarness(Fixture.Configuration, Fixture.Core)) expectedA = await ScriptAsync(alone.Conversation("a", "user-a"), questionA);
        using (var alone = new BotHarness(Fixture.Configuration, Fixture.Core)) expectedB = await ScriptAsync(alone.Conversation("b", "user-b"), questionB);

        // Now many at once over one bot and one storage, interleaved on the thread pool.
        var runs = Enumerable.Range(0, 8).Select(i => Task.Run(() => i % 2 == 0
            ? ScriptAsync(Harness.Conversation($"a{i}", $"user-{i}"), questionA)
            : ScriptAsync(Harness.Conversation($"b{i}", $"user-{i}"), questionB))).ToList();
        var results = await Task.WhenAll(runs);

        for (var i = 0; i < results.Length; i++)
            Assert.Equal(i % 2 == 0 ? expectedA : expectedB, results[i]);
    }

    private static string Transcript(IEnumerable<IMessageActivity> replies) => JsonConvert.SerializeObject(
        replies.Select(r => new { r.Text, Actions = r.SuggestedActions?.Actions?.Select(a => a.Title), r.Entities, r.ChannelData }));

    [Fact]
    public async Task The_same_conversation_replays_to_the_same_transcript()
    {
        var script = new[] { "hello", Fixture.CitedQuestion(), "tell me more", "which study?", "what about nilotinib?", "yes", "show reference 3", "¿Qué es?", "😀", "How much does imatinib cost?", "bye" };

        async Task<string> RunAsync()
        {
            using var harness = new BotHarness(Fixture.Configuration, Fixture.Core);
            var conversation = harness.Conversation();
            var replies = new List<IMessageActivity>(await conversation.JoinAsync());
            foreach (var text in script) replies.AddRange(await conversation.SayAsync(text));
            return Transcript(replies);
        }

        var first = await RunAsync();
        Assert.Equal(first, await RunAsync());
    }
}
