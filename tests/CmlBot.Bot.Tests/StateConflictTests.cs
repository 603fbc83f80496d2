using CmlBot.Bot.Tests.Infrastructure;
using CmlBot.Storage;
using Microsoft.Bot.Builder;
using Microsoft.Extensions.DependencyInjection;

namespace CmlBot.Bot.Tests;

/// <summary>
/// Two turns of one conversation saved at once (two instances over Redis): the loser's save conflicts. It is run
/// again on fresh state, up to three attempts in all; nothing it said before a conflict reaches the user; a third
/// conflict is reported.
/// </summary>
[Collection(CoreCollection.Name)]
public sealed class StateConflictTests(CoreFixture fixture)
{
    /// <summary>Memory storage whose next conversation-state writes conflict, as if another instance saved first.</summary>
    private sealed class RacingStorage : IStorage
    {
        private readonly MemoryStorage _inner = new();

        public int ConflictsToRaise { get; set; }
        public int Conflicts { get; private set; }

        /// <summary>What the other instance's turn did before our save: runs once, on the first conflict.</summary>
        public Func<IStorage, string, Task>? OtherTurn { get; set; }

        public Task<IDictionary<string, object>> ReadAsync(string[] keys, CancellationToken cancellationToken = default) => _inner.ReadAsync(keys, cancellationToken);

        public async Task WriteAsync(IDictionary<string, object> changes, CancellationToken cancellationToken = default)
        {
            var conversation = changes.Keys.FirstOrDefault(k => k.Contains("/conversations/", StringComparison.Ordinal));
            if (ConflictsToRaise > 0 && conversation is not null)
            {
                ConflictsToRaise--;
                Conflicts++;
                if (OtherTurn is { } other)
                {
                    OtherTurn = null;
                    await other(_inner, conversation);
                }
                throw StateConflictException.For("stale", "newer");
            }
            await _inner.WriteAsync(changes, cancellationToken);
        }

        public Task DeleteAsync(string[] keys, CancellationToken cancellationToken = default) => _inner.DeleteAsync(keys, cancellationToken);
    }

    private (BotHarness Harness, RacingStorage Storage) NewBot()
    {
        var storage = new RacingStorage();
        return (new BotHarness(fixture.Configuration, fixture.Core, s => s.AddSingleton<IStorage>(storage)), storage);
    }

    [Fact]
    public async Task A_conflict_reruns_the_turn_on_fresh_state_and_only_the_rerun_is_heard()
    {
        var (harness, storage) = NewBot();
        using (harness)
        {
            var conversation = harness.Conversation("race-1", "user-1");
            await conversation.JoinAsync();
            Assert.NotEmpty(Cited(Assert.Single(await conversation.SayAsync(fixture.CitedQuestion()))));

            // Meanwhile another instance ran "start over" in this conversation: its state is gone.
            storage.ConflictsToRaise = 1;
            storage.OtherTurn = (inner, key) => inner.DeleteAsync([key]);
            var replies = await conversation.SayAsync("tell me more");

            Assert.Equal(1, storage.Conflicts);
            // The first attempt showed the next passage; the user hears only the re-run, on fresh state.
            var reply = Assert.Single(replies);
            Assert.StartsWith("Ask me a question first", reply.Text, StringComparison.Ordinal);
            Assert.Contains(harness.Logs.Lines, l => l.Contains("State conflict in conversation race-1", StringComparison.Ordinal));
        }
    }

    [Fact]
    public async Task A_second_conflict_one_for_each_record_the_other_turn_saves_is_run_once_more()
    {
        var (harness, storage) = NewBot();
        using (harness)
        {
            var conversation = harness.Conversation("race-4", "user-4");
            await conversation.JoinAsync();
            await conversation.SayAsync(fixture.CitedQuestion());

            storage.ConflictsToRaise = 2;
            var more = Assert.Single(await conversation.SayAsync("tell me more"));

            Assert.Equal(2, storage.Conflicts);
            Assert.Contains("More from the summary (2 of", more.Text, StringComparison.Ordinal);
        }
    }

    [Fact]
    public async Task A_third_conflict_asks_the_user_to_send_again_and_changes_nothing()
    {
        var (harness, storage) = NewBot();
        using (harness)
        {
            var conversation = harness.Conversation("race-2", "user-2");
            await conversation.JoinAsync();
            var question = fixture.CitedQuestion();
            await conversation.SayAsync(question);

            storage.ConflictsToRaise = 3;
            var replies = await conversation.SayAsync("tell me more");

            Assert.Equal(3, storage.Conflicts);
            Assert.Contains("Please send that again", Assert.Single(replies).Text, StringComparison.Ordinal);
            Assert.Contains(harness.Logs.Lines, l => l.StartsWith("Warning", StringComparison.Ordinal) && l.Contains("race-2", StringComparison.Ordinal));
            Assert.DoesNotContain(harness.Logs.Lines, l => l.Contains(question, StringComparison.Ordinal) || l.Contains("tell me more", StringComparison.Ordinal));

            // The failed turn left the state as it was: "tell me more" now gives part 2, not part 3.
            var more = Assert.Single(await conversation.SayAsync("tell me more"));
            Assert.Contains("More from the summary (2 of", more.Text, StringComparison.Ordinal);
        }
    }

    [Fact]
    public async Task A_vote_in_a_rerun_turn_is_counted_once()
    {
        var (harness, storage) = NewBot();
        using (harness)
        {
            var conversation = harness.Conversation("race-3", "user-3");
            await conversation.JoinAsync();
            await conversation.SayAsync(fixture.CitedQuestion());

            storage.ConflictsToRaise = 1;
            Assert.Contains("Thank you", Assert.Single(await conversation.SayAsync("yes")).Text, StringComparison.Ordinal);

            Assert.Equal(1, storage.Conflicts);
            Assert.Equal(1, (await harness.Feedback.CountsAsync(CancellationToken.None)).Total);
        }
    }

    private static IReadOnlyList<int> Cited(Microsoft.Bot.Schema.IMessageActivity reply) => Replies.Citations.Read(reply);
}
