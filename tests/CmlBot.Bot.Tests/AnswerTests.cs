using CmlBot.Bot.Replies;
using CmlBot.Bot.Tests.Infrastructure;
using Newtonsoft.Json.Linq;

namespace CmlBot.Bot.Tests;

public sealed class AnswerTests(CoreFixture fixture) : BotTestBase(fixture)
{
    [Fact]
    public async Task A_question_gets_the_cores_quote_as_Markdown_with_its_references_and_source()
    {
        var question = Fixture.CitedQuestion();
        var expected = Fixture.Core.Ask(question);
        var conversation = await Started(Harness.Conversation());

        var reply = Assert.Single(await conversation.SayAsync(question));

        Assert.Equal("markdown", reply.TextFormat);
        Assert.Contains("> " + expected.Quoted!.Text, reply.Text); // verbatim, as a blockquote
        Assert.Contains("**References**", reply.Text);
        foreach (var r in expected.References) Assert.Contains($"[{r.Number}] {r.Text}", reply.Text);
        Assert.Contains("*Source:* " + expected.Source!.Describe(), reply.Text);
        Assert.Contains("last modified 03/06/2009", reply.Text);
        Assert.Contains("Was this helpful?", reply.Text);
        Assert.Equal(expected.References.Select(r => r.Number), Cited(reply));
        Assert.Equal(expected.Quoted.Id, PassageId(reply));
        Assert.Equal(expected.References.Select(r => r.Number), ((JObject)reply.ChannelData)["citations"]!.Values<int>());
        Assert.Equal([ReplyFactory.Yes, ReplyFactory.No, ReplyFactory.TellMeMore, ReplyFactory.WhichStudy], Actions(reply));
    }

    [Fact]
    public async Task Tell_me_more_walks_the_follow_ups_in_rank_order_then_says_there_is_no_more()
    {
        var question = Fixture.CitedQuestion();
        var expected = Fixture.Core.Ask(question).FollowUps.Select(f => f.Id).ToList();
        var conversation = await Started(Harness.Conversation());
        await conversation.SayAsync(question);

        for (var i = 0; i < expected.Count; i++)
        {
            var reply = Assert.Single(await conversation.SayAsync(i % 2 == 0 ? "tell me more" : "More"));
            Assert.Equal(expected[i], PassageId(reply));
            Assert.Contains($"More from the summary ({i + 2} of {expected.Count + 1})", reply.Text);
            if (reply.Text.Contains("\n\n> ", StringComparison.Ordinal)) // a quote; after a reference "more" is not offered
                Assert.Equal(i < expected.Count - 1, Actions(reply).Contains(ReplyFactory.TellMeMore));
        }
        var last = Assert.Single(await conversation.SayAsync("tell me more"));
        Assert.Contains("That's all the summary says", last.Text);
        Assert.Null(PassageId(last));
    }

    [Fact]
    public async Task More_before_any_question_says_to_ask_first()
    {
        var reply = Assert.Single(await (await Started(Harness.Conversation())).SayAsync("more"));
        Assert.Contains("Ask me a question first", reply.Text);
    }

    [Theory]
    [InlineData("which study?")]
    [InlineData("What's the source?")]
    [InlineData("which studies?")]
    [InlineData("sources")]
    public async Task Which_study_lists_the_last_answers_references_in_full(string followUp)
    {
        var question = Fixture.CitedQuestion();
        var expected = Fixture.Core.Ask(question).References;
        var conversation = await Started(Harness.Conversation());
        await conversation.SayAsync(question);

        var reply = Assert.Single(await conversation.SayAsync(followUp));
        foreach (var r in expected) Assert.Contains($"[{r.Number}] {r.Text}", reply.Text);
        Assert.Equal(expected.Select(r => r.Number), Cited(reply));
    }

    [Fact]
    public async Task Which_study_with_no_answer_yet_says_so()
    {
        var reply = Assert.Single(await (await Started(Harness.Conversation())).SayAsync("which study?"));
        Assert.Contains("no answer yet", reply.Text);
        Assert.Empty(Cited(reply));
    }

    [Theory]
    [InlineData("show reference 12", 12)]
    [InlineData("Show me reference 4", 4)]
    [InlineData("ref 7", 7)]
    public async Task Show_reference_n_quotes_that_reference(string text, int number)
    {
        var expected = Fixture.Core.References([number]).Single();
        var conversation = await Started(Harness.Conversation());
        var reply = Assert.Single(await conversation.SayAsync(text));
        Assert.Contains($"[{number}] {expected.Text}", reply.Text);
        Assert.Equal([number], Cited(reply));
        // "which study?" after it refers to that reference.
        Assert.Equal([number], Cited(Assert.Single(await conversation.SayAsync("which study?"))));
    }

    [Fact]
    public async Task A_reference_the_summary_does_not_have_gets_an_honest_no()
    {
        var reply = Assert.Single(await (await Started(Harness.Conversation())).SayAsync("show reference 999"));
        Assert.Contains("no reference 999", reply.Text);
        Assert.Empty(Cited(reply));
    }

    [Fact]
    public async Task A_short_follow_up_is_read_with_the_previous_question()
    {
        var question = Fixture.CitedQuestion();
        var previous = Fixture.Core.Ask(question).Quoted!.Id;
        var combined = Fixture.Core.Ask("nilotinib " + question);
        var alone = Fixture.Core.Ask("nilotinib");
        // The combined reading, unless it only repeats the passage already shown and the subject alone answers.
        var expected = combined.Quoted?.Id == previous && alone.Answered ? alone : combined;
        var conversation = await Started(Harness.Conversation());
        await conversation.SayAsync(question);

        var reply = Assert.Single(await conversation.SayAsync("what about nilotinib?"));
        Assert.Contains("I read this together with your previous question", reply.Text);
        Assert.Contains(MarkdownText.Escape(question), reply.Text);
        Assert.Equal(expected.Quoted?.Id, PassageId(reply));
    }

    [Fact]
    public async Task A_short_follow_up_without_a_previous_question_is_asked_as_it_is()
    {
        var expected = Fixture.Core.Ask("what about nilotinib?");
        var reply = Assert.Single(await (await Started(Harness.Conversation())).SayAsync("what about nilotinib?"));
        Assert.DoesNotContain("previous question", reply.Text);
        Assert.Equal(expected.Quoted?.Id, PassageId(reply));
    }

    [Fact]
    public async Task Out_of_scope_gets_the_cores_honest_no_answer_with_where_to_get_help()
    {
        const string question = "How much does imatinib cost?";
        var expected = Fixture.Core.Ask(question);
        Assert.False(expected.Answered);
        var reply = Assert.Single(await (await Started(Harness.Conversation())).SayAsync(question));
        Assert.Contains("I couldn't find an answer", reply.Text);
        Assert.Contains(Fixture.Core.Options.HelpLine, reply.Text);
        Assert.Empty(Cited(reply));
        Assert.DoesNotContain("Was this helpful?", reply.Text);
    }
}
