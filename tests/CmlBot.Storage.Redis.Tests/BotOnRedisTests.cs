using CmlBot.Bot;
using CmlBot.Bot.Answers;
using CmlBot.Core;
using CmlBot.Core.Corpus;
using CmlBot.Core.Retrieval;
using Microsoft.Bot.Builder;
using Microsoft.Bot.Builder.Adapters;
using Microsoft.Bot.Schema;

namespace CmlBot.Storage.Redis.Tests;

/// <summary>
/// The bot itself on the shared store. Two instances taking the first turns of one brand-new conversation at once
/// (a message and its retry, balanced to different instances) both find no state: only one may welcome, and both
/// messages are answered. "start over" saves like any other turn.
/// </summary>
public sealed class BotOnRedisTests(RedisFixture fixture) : IClassFixture<RedisFixture>
{
    /// <summary>
    /// Holds each instance's first write until both instances have reached theirs, so both turns have read
    /// (and found nothing) before either saves: the race, made certain.
    /// </summary>
    private sealed class BothReadFirst(IStorage inner, TaskCompletionSource bothReady, Func<int> arrive) : IStorage
    {
        private int _writes;

        public Task<IDictionary<string, object>> ReadAsync(string[] keys, CancellationToken cancellationToken = default) => inner.ReadAsync(keys, cancellationToken);

        public async Task WriteAsync(IDictionary<string, object> changes, CancellationToken cancellationToken = default)
        {
            if (Interlocked.Increment(ref _writes) == 1)
            {
                if (arrive() == 2) bothReady.SetResult();
                await bothReady.Task.WaitAsync(TimeSpan.FromSeconds(30), cancellationToken);
            }
            await inner.WriteAsync(changes, cancellationToken);
        }

        public Task DeleteAsync(string[] keys, CancellationToken cancellationToken = default) => inner.DeleteAsync(keys, cancellationToken);
    }

    [Fact]
    public async Task Two_instances_running_the_first_turns_of_a_new_conversation_at_once_welcome_once_and_both_answer()
    {
        using var answerer = await QuestionAnswerer.CreateAsync(new CorpusOptions { Path = Path.Combine(RepoRoot.Path, "corpus") }, new RetrievalOptions());
        var factory = new CmlBotFactory(new BotOptions(), new ReadyCoreProvider(answerer));
        var prefix = "t" + Guid.NewGuid().ToString("N")[..12];
        using var redisA = fixture.Connect(prefix);
        using var redisB = fixture.Connect(prefix);
        var bothReady = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        var arrived = 0;
        int Arrive() => Interlocked.Increment(ref arrived);
        var botA = factory.Create(new BothReadFirst(new RedisStorage(redisA), bothReady, Arrive));
        var botB = factory.Create(new BothReadFirst(new RedisStorage(redisB), bothReady, Arrive));
        var adapterA = new TestAdapter(TestAdapter.CreateConversation("brand-new", "patient", "cmlbot")) { OnTurnError = factory.OnTurnError };
        var adapterB = new TestAdapter(TestAdapter.CreateConversation("brand-new", "patient", "cmlbot")) { OnTurnError = factory.OnTurnError };

        await Task.WhenAll(
            Task.Run(() => adapterA.SendTextToBotAsync("Why do donor lymphocyte infusions work?", botA.OnTurnAsync, CancellationToken.None)),
            Task.Run(() => adapterB.SendTextToBotAsync("Why do donor lymphocyte infusions work?", botB.OnTurnAsync, CancellationToken.None)));

        var repliesA = Replies(adapterA);
        var repliesB = Replies(adapterB);
        var welcomes = repliesA.Concat(repliesB).Count(r => r.Text?.Contains("Hello, I'm CmlBot", StringComparison.Ordinal) == true);
        Assert.Equal(1, welcomes);
        // Each message still got its cited answer: the losing turn was run again, not dropped or refused.
        static bool IsAnswer(IMessageActivity r) => r.Text?.StartsWith("From the summary", StringComparison.Ordinal) == true;
        Assert.Single(repliesA, IsAnswer);
        Assert.Single(repliesB, IsAnswer);
        Assert.All(repliesA.Concat(repliesB).Where(IsAnswer), r => Assert.Contains("[12]", r.Text, StringComparison.Ordinal));
        Assert.DoesNotContain(repliesA.Concat(repliesB), r => r.Text?.Contains("Please send that again", StringComparison.Ordinal) == true);
    }

    [Fact]
    public async Task Start_over_on_the_shared_store_saves_like_any_other_turn()
    {
        using var answerer = await QuestionAnswerer.CreateAsync(new CorpusOptions { Path = Path.Combine(RepoRoot.Path, "corpus") }, new RetrievalOptions());
        var factory = new CmlBotFactory(new BotOptions(), new ReadyCoreProvider(answerer));
        using var redis = fixture.Connect();
        var bot = factory.Create(new RedisStorage(redis));
        var adapter = new TestAdapter(TestAdapter.CreateConversation("restarting", "patient", "cmlbot")) { OnTurnError = factory.OnTurnError };

        await adapter.SendTextToBotAsync("Why do donor lymphocyte infusions work?", bot.OnTurnAsync, CancellationToken.None);
        await adapter.SendTextToBotAsync("start over", bot.OnTurnAsync, CancellationToken.None);
        Replies(adapter);
        await adapter.SendTextToBotAsync("which study?", bot.OnTurnAsync, CancellationToken.None);

        // The conversation was forgotten (nothing to cite), and saved: no conflict with its own earlier state.
        var reply = Assert.Single(Replies(adapter));
        Assert.Contains("no answer yet", reply.Text, StringComparison.Ordinal);
    }

    private static List<IMessageActivity> Replies(TestAdapter adapter)
    {
        var replies = new List<IMessageActivity>();
        while (adapter.GetNextReply() is { } reply) replies.Add(reply.AsMessageActivity());
        return replies;
    }
}
