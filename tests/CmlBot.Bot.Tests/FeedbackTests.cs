using CmlBot.Bot.Feedback;
using CmlBot.Bot.Tests.Infrastructure;
using Microsoft.Bot.Schema;
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
        Assert.Equal(["Question", "PassageId", "Helpful"], properties);
    }

    [Fact]
    public async Task The_in_memory_store_counts_concurrent_votes()
    {
        var store = new InMemoryFeedbackStore();
        await Task.WhenAll(Enumerable.Range(0, 200).Select(i => Task.Run(() => store.AddAsync(new FeedbackEntry("q", $"p{i % 3}", i % 2 == 0), CancellationToken.None))));
        var counts = await store.CountsAsync(CancellationToken.None);
        Assert.Equal(200, counts.Total);
        Assert.Equal(100, counts.Helpful);
        Assert.Equal(["p0", "p1", "p2"], counts.ByPassage.Select(p => p.PassageId));
    }
}
