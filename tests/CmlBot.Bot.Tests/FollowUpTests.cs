using CmlBot.Bot.Answers;
using CmlBot.Bot.Tests.Infrastructure;
using CmlBot.Core.Answers;
using Microsoft.Extensions.DependencyInjection;

namespace CmlBot.Bot.Tests;

public sealed class FollowUpTests(CoreFixture fixture) : BotTestBase(fixture)
{
    /// <summary>The real core, except that the combined reading of a follow-up repeats the previous question's answer.</summary>
    private sealed class RepeatingSource(IAnswerSource inner, string topic) : IAnswerSource
    {
        public Task<Answer> AskAsync(string question, CancellationToken cancellationToken) =>
            inner.AskAsync(question.EndsWith(" " + topic, StringComparison.Ordinal) ? topic : question, cancellationToken);

        public Task<Answer?> AnswerWithAsync(string question, string passageId, CancellationToken cancellationToken) => inner.AnswerWithAsync(question, passageId, cancellationToken);
        public Task<Answer> AnswerReferenceAsync(string question, int number, CancellationToken cancellationToken) => inner.AnswerReferenceAsync(question, number, cancellationToken);
        public Task<IReadOnlyList<CitedReference>> ReferencesAsync(IReadOnlyList<int> numbers, string? documentId, CancellationToken cancellationToken) => inner.ReferencesAsync(numbers, documentId, cancellationToken);
        public Task<SourceDescription> DescribeSourceAsync(CancellationToken cancellationToken) => inner.DescribeSourceAsync(cancellationToken);
        public Task<int> MaxQuestionLengthAsync(CancellationToken cancellationToken) => inner.MaxQuestionLengthAsync(cancellationToken);
    }

    [Fact]
    public async Task A_follow_up_that_would_repeat_the_last_passage_is_asked_on_its_own_subject()
    {
        var topic = Fixture.CitedQuestion();
        var subject = new[] { "nilotinib", "dasatinib", "interferon", "higher doses of imatinib" }
            .First(s => Fixture.Core.Ask(s) is { Answered: true } a && a.Quoted!.Id != Fixture.Core.Ask(topic).Quoted!.Id);
        using var harness = new BotHarness(Fixture.Configuration, Fixture.Core, services =>
            services.AddSingleton<IAnswerSource>(sp => new RepeatingSource(new CoreAnswerSource(sp.GetRequiredService<ICoreProvider>()), topic)));
        var conversation = harness.Conversation();
        await conversation.JoinAsync();
        await conversation.SayAsync(topic);

        var reply = Assert.Single(await conversation.SayAsync($"what about {subject}?"));
        Assert.Equal(Fixture.Core.Ask(subject).Quoted!.Id, PassageId(reply));
        // "tell me more" then continues the subject's own passages.
        var more = Fixture.Core.Ask(subject).FollowUps;
        if (more.Count > 0) Assert.Equal(more[0].Id, PassageId(Assert.Single(await conversation.SayAsync("tell me more"))));
    }
}
