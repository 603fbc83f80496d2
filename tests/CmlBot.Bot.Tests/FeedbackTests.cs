using CmlBot.Bot.Feedback;
using CmlBot.Bot.Tests.Infrastructure;
using CmlBot.Storage;
using Microsoft.Bot.Builder;
using Microsoft.Bot.Schema;
using Microsoft.Extensions.DependencyInjection;
using Newtonsoft.Json.Linq;

namespace CmlBot.Bot.Tests;

public sealed class FeedbackTests(CoreFixture fixture) : BotTestBase(fixture)
{
    [Fact]
    public async Task Yes_and_no_after_answers_are_stored_with_question_and_passage_and_counted()
    {
        var question = Fixture.CitedQuestion();
        var conversation = await Started(Harness.Conversation());
        var answer = Assert.Single(await conversation.SayAsync(question));
        Assert.Contains("Thank you", Assert.Single(await conversation.SayAsync("yes")).Text);
        var more = Assert.Single(await conversation.SayAsync("tell me more"));
        Assert.Contains("Thank you", Assert.Single(await conversation.SayAsync("No")).Text);

        var counts = await Harness.Feedback.CountsAsync(CancellationToken.None);
        Assert.Equal(2, counts.Total);
        Assert.Equal(1, counts.Helpful);
        Assert.Equal(1, counts.NotHelpful);
        Assert.Contains(new PassageFeedback(PassageId(answer)!, 1, 0), counts.ByPassage);
        Assert.Contains(new PassageFeedback(PassageId(more)!, 0, 1), counts.ByPassage);
    }

    [Fact]
    public async Task A_second_vote_on_the_same_answer_is_not_counted()
    {
        var conversation = await Started(Harness.Conversation());
        await conversation.SayAsync(Fixture.CitedQuestion());
        await conversation.SayAsync("yes");
        Assert.Contains("no answer to rate", Assert.Single(await conversation.SayAsync("yes")).Text);
        Assert.Equal(1, (await Harness.Feedback.CountsAsync(CancellationToken.None)).Total);
    }

    [Fact]
    public async Task Repeated_votes_on_the_same_passage_from_one_conversation_count_once()
    {
        var question = Fixture.CitedQuestion();
        var conversation = await Started(Harness.Conversation());
        for (var i = 0; i < 3; i++)
        {
            await conversation.SayAsync(question);
            Assert.Contains("Thank you", Assert.Single(await conversation.SayAsync("yes")).Text);
        }
        await conversation.SayAsync("start over");
        await conversation.SayAsync(question);
        await conversation.SayAsync("no");
        var counts = await Harness.Feedback.CountsAsync(CancellationToken.None);
        Assert.Equal((1, 1), (counts.Total, counts.Helpful));
    }

    [Fact]
    public async Task A_vote_keeps_no_question_text_unless_configured()
    {
        var conversation = await Started(Harness.Conversation());
        await conversation.SayAsync(Fixture.CitedQuestion());
        await conversation.SayAsync("yes");
        var entry = Assert.Single(((InMemoryFeedbackStore)Harness.Feedback).Entries);
        Assert.Null(entry.Question);
        Assert.NotNull(entry.AnswerId);

        var keeping = new InMemoryFeedbackStore(new FeedbackOptions { KeepQuestions = true }, TimeProvider.System);
        await keeping.AddAsync(new FeedbackEntry("p", true, "a", "What is imatinib?"), CancellationToken.None);
        Assert.Equal("What is imatinib?", Assert.Single(keeping.Entries).Question);
    }

    [Fact]
    public async Task Feedback_before_any_answer_is_not_stored()
    {
        var reply = Assert.Single(await (await Started(Harness.Conversation())).SayAsync("no"));
        Assert.Contains("no answer to rate", reply.Text);
        Assert.Equal(0, (await Harness.Feedback.CountsAsync(CancellationToken.None)).Total);
    }

    [Fact]
    public async Task A_card_submit_vote_is_stored()
    {
        var conversation = await Started(Harness.Conversation());
        await conversation.SayAsync(Fixture.CitedQuestion());
        await conversation.SendAsync(new Activity(ActivityTypes.Message) { Value = new JObject { ["feedback"] = false } });
        Assert.Equal(1, (await Harness.Feedback.CountsAsync(CancellationToken.None)).NotHelpful);
    }

    [Fact]
    public void Feedback_entries_carry_no_user_identity()
    {
        var properties = typeof(FeedbackEntry).GetProperties().Select(p => p.Name).ToList();
        Assert.Equal(["PassageId", "Helpful", "AnswerId", "Question"], properties);
    }

    [Fact]
    public async Task Each_answer_gets_its_own_random_id_unrelated_to_user_or_conversation()
    {
        var conversation = await Started(Harness.Conversation("conversation-ids", "user-ids"));
        await conversation.SayAsync(Fixture.CitedQuestion());
        await conversation.SayAsync("yes");
        await conversation.SayAsync("tell me more");
        await conversation.SayAsync("no");
        var ids = Harness.Feedback is InMemoryFeedbackStore store ? store.Entries.Select(e => e.AnswerId).ToList() : [];
        Assert.Equal(2, ids.Count);
        Assert.All(ids, id => Assert.Matches("^[0-9a-f]{32}$", id));
        Assert.NotEqual(ids[0], ids[1]);
    }

    /// <summary>
    /// An instance dies after recording a vote and before saving the conversation: the client sends "yes" again to
    /// another instance, which still sees the answer open and votes again. The vote counts once.
    /// </summary>
    [Fact]
    public async Task A_vote_delivered_again_after_its_turn_was_lost_counts_once()
    {
        var storage = new FailingStorage();
        using var harness = new BotHarness(Fixture.Configuration, Fixture.Core, s => s.AddSingleton<IStorage>(storage));
        var conversation = harness.Conversation("vote-retry", "user-1");
        await conversation.JoinAsync();
        await conversation.SayAsync(Fixture.CitedQuestion());

        storage.FailNextConversationWrite = true;
        // The turn fails after the vote was recorded; the fault reaches the endpoint (503 there).
        await Assert.ThrowsAsync<StorageUnavailableException>(() => conversation.SayAsync("yes"));
        Assert.Equal(1, (await harness.Feedback.CountsAsync(CancellationToken.None)).Total);

        // (The failed turn's apology is still queued in the test adapter: the retry's reply comes after it.)
        Assert.Contains("Thank you", (await conversation.SayAsync("yes"))[^1].Text);
        Assert.Equal(1, (await harness.Feedback.CountsAsync(CancellationToken.None)).Total);
        Assert.Contains("no answer to rate", Assert.Single(await conversation.SayAsync("yes")).Text);
    }

    private sealed class FailingStorage : IStorage
    {
        private readonly MemoryStorage _inner = new();

        public bool FailNextConversationWrite { get; set; }

        public Task<IDictionary<string, object>> ReadAsync(string[] keys, CancellationToken cancellationToken = default) => _inner.ReadAsync(keys, cancellationToken);

        public Task WriteAsync(IDictionary<string, object> changes, CancellationToken cancellationToken = default)
        {
            if (FailNextConversationWrite && changes.Keys.Any(k => k.Contains("/conversations/", StringComparison.Ordinal)))
            {
                FailNextConversationWrite = false;
                throw new StorageUnavailableException("the instance went away before saving");
            }
            return _inner.WriteAsync(changes, cancellationToken);
        }

        public Task DeleteAsync(string[] keys, CancellationToken cancellationToken = default) => _inner.DeleteAsync(keys, cancellationToken);
    }

    [Fact]
    public async Task The_in_memory_store_counts_concurrent_votes()
    {
        var store = new InMemoryFeedbackStore();
        Assert.True(await store.AddAsync(new FeedbackEntry("p0", true, "answer-1"), CancellationToken.None));
        Assert.False(await store.AddAsync(new FeedbackEntry("p0", true, "answer-1"), CancellationToken.None));
        store = new InMemoryFeedbackStore();
        await Task.WhenAll(Enumerable.Range(0, 200).Select(i => Task.Run(() => store.AddAsync(new FeedbackEntry($"p{i % 3}", i % 2 == 0), CancellationToken.None))));
        var counts = await store.CountsAsync(CancellationToken.None);
        Assert.Equal(200, counts.Total);
        Assert.Equal(100, counts.Helpful);
        Assert.Equal(["p0", "p1", "p2"], counts.ByPassage.Select(p => p.PassageId));
    }
}
