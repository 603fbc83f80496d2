using CmlBot.Bot.Replies;
using CmlBot.Core.Answers;
using CmlBot.Core.Understanding;

namespace CmlBot.Bot.Tests;

/// <summary>A subject the summary does not cover: its reply, in-scope questions as suggested actions, and never a quote.</summary>
public sealed class NotCoveredReplyTests
{
    private static readonly NotCoveredSubject Cost = new("cost-insurance", "Costs",
        "The summary I quote does not cover the cost of treatment. Your care team or NCI's Cancer Information Service (1-800-4-CANCER) can help.",
        ["how much is sprycel"]);

    private static Answer Refusal(IReadOnlyList<string> suggestions) =>
        AnswerComposer.NotCovered("how much is sprycel a month", Cost, suggestions, []);

    [Fact]
    public void The_reply_is_the_subjects_own_with_in_scope_questions_as_suggested_actions()
    {
        string[] suggestions = ["What is a donor lymphocyte infusion?", "what does overt failure mean", "restart gleevec or wait?"];
        var reply = new ReplyFactory(new BotOptions()).NotCovered(Refusal(suggestions), []);
        Assert.Contains("does not cover the cost of treatment", reply.Text, StringComparison.Ordinal);
        Assert.Contains(SubjectReply.Lead, reply.Text, StringComparison.Ordinal);
        Assert.Equal(suggestions, reply.SuggestedActions.Actions.Select(a => (string)a.Value));
        Assert.DoesNotContain("From the summary", reply.Text, StringComparison.Ordinal);
        Assert.Empty(Citations.Read(reply));
        Assert.Null(Citations.PassageId(reply));
    }

    [Fact]
    public void Without_suggestions_the_example_questions_are_offered()
    {
        var options = new BotOptions();
        var reply = new ReplyFactory(options).NotCovered(Refusal([]), []);
        Assert.Equal(options.Examples, reply.SuggestedActions.Actions.Select(a => (string)a.Value));
    }

    [Fact]
    public void A_not_covered_answer_never_carries_a_quote()
    {
        var answer = Refusal(["q?"]);
        Assert.False(answer.Answered);
        Assert.Equal("cost-insurance", answer.Subject);
        Assert.Empty(answer.Passages);
        Assert.Empty(answer.References);
        Assert.Null(answer.Source);
    }
}
