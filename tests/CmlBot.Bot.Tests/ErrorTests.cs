using CmlBot.Bot.Answers;
using CmlBot.Bot.Tests.Infrastructure;
using CmlBot.Core.Answers;
using Microsoft.Extensions.DependencyInjection;

namespace CmlBot.Bot.Tests;

public sealed class ErrorTests(CoreFixture fixture) : BotTestBase(fixture)
{
    /// <summary>The real core, except that a question containing the trigger throws what <paramref name="failure"/> makes.</summary>
    private sealed class FailingSource(IAnswerSource inner, string trigger, Func<Exception> failure) : IAnswerSource
    {
        public Task<Answer> AskAsync(string question, CancellationToken cancellationToken) =>
            question.Contains(trigger, StringComparison.Ordinal) ? throw failure() : inner.AskAsync(question, cancellationToken);

        public Task<Answer?> AnswerWithAsync(string question, string passageId, CancellationToken cancellationToken) => inner.AnswerWithAsync(question, passageId, cancellationToken);
        public Task<Answer> AnswerReferenceAsync(string question, int number, CancellationToken cancellationToken) => inner.AnswerReferenceAsync(question, number, cancellationToken);
        public Task<IReadOnlyList<CitedReference>> ReferencesAsync(IReadOnlyList<int> numbers, string? documentId, CancellationToken cancellationToken) => inner.ReferencesAsync(numbers, documentId, cancellationToken);
        public Task<SourceDescription> DescribeSourceAsync(CancellationToken cancellationToken) => inner.DescribeSourceAsync(cancellationToken);
        public Task<int> MaxQuestionLengthAsync(CancellationToken cancellationToken) => inner.MaxQuestionLengthAsync(cancellationToken);
    }

    [Fact]
    public async Task A_failing_turn_apologises_logs_the_conversation_id_only_and_keeps_the_previous_state()
    {
        const string secret = "zebracornflakes";
        using var harness = new BotHarness(Fixture.Configuration, Fixture.Core, services =>
            services.AddSingleton<IAnswerSource>(sp => new FailingSource(new CoreAnswerSource(sp.GetRequiredService<ICoreProvider>()), secret, () => new InvalidOperationException("simulated failure"))));
        var conversation = harness.Conversation("conversation-err", "user-err");
        await conversation.JoinAsync();
        var question = Fixture.CitedQuestion();
        var answer = Assert.Single(await conversation.SayAsync(question));

        var apology = Assert.Single(await conversation.SayAsync($"what is {secret} in relapse?"));
        Assert.Contains("something went wrong", apology.Text);

        // The state from before the failed turn is intact.
        Assert.Equal(Cited(answer), Cited(Assert.Single(await conversation.SayAsync("which study?"))));

        var errors = harness.Logs.Lines.Where(l => l.StartsWith("Error", StringComparison.Ordinal)).ToList();
        Assert.Contains(errors, l => l.Contains("conversation-err", StringComparison.Ordinal));
        Assert.DoesNotContain(harness.Logs.Lines, l => l.Contains(secret, StringComparison.Ordinal));
        Assert.DoesNotContain(harness.Logs.Lines, l => l.Contains(question, StringComparison.Ordinal));
    }

    [Fact]
    public async Task A_turn_cancelled_because_the_client_left_is_noted_without_an_error_or_an_apology()
    {
        const string trigger = "walkedaway";
        using var harness = new BotHarness(Fixture.Configuration, Fixture.Core, services =>
            services.AddSingleton<IAnswerSource>(sp => new FailingSource(new CoreAnswerSource(sp.GetRequiredService<ICoreProvider>()), trigger, () => new OperationCanceledException(new CancellationToken(true)))));
        var conversation = harness.Conversation("conversation-gone", "user-gone");
        await conversation.JoinAsync();

        Assert.Empty(await conversation.SayAsync($"what is {trigger} in relapse?"));

        Assert.DoesNotContain(harness.Logs.Lines, l => l.StartsWith("Error", StringComparison.Ordinal));
        Assert.Contains(harness.Logs.Lines, l => l.Contains("conversation-gone", StringComparison.Ordinal) && l.Contains("cancelled", StringComparison.Ordinal));
        Assert.DoesNotContain(harness.Logs.Lines, l => l.Contains(trigger, StringComparison.Ordinal));
        // The conversation goes on as before.
        Assert.NotEmpty(await conversation.SayAsync(Fixture.CitedQuestion()));
    }
}
