using CmlBot.Bot.Feedback;
using CmlBot.DirectLine;
using Microsoft.Extensions.Options;

namespace CmlBot.Storage.Redis.Tests;

/// <summary>Rate limits and feedback counted once for all instances.</summary>
public sealed class SharedCounterTests(RedisFixture fixture) : IClassFixture<RedisFixture>
{
    [Fact]
    public async Task The_rate_limit_is_one_allowance_shared_by_every_instance()
    {
        var prefix = "t" + Guid.NewGuid().ToString("N")[..12];
        using var a = fixture.Connect(prefix);
        using var b = fixture.Connect(prefix);
        var budget = RateBudget.ForClients(new RateLimitOptions { PermitsPerWindow = 3, WindowSeconds = 60 });
        var counterA = new RedisClientRateCounter(a);
        var counterB = new RedisClientRateCounter(b);

        Assert.True((await counterA.TryAcquireAsync("10.0.0.1", budget, default)).Allowed);
        Assert.True((await counterB.TryAcquireAsync("10.0.0.1", budget, default)).Allowed);
        Assert.True((await counterA.TryAcquireAsync("10.0.0.1", budget, default)).Allowed);
        var refused = await counterB.TryAcquireAsync("10.0.0.1", budget, default);

        Assert.False(refused.Allowed);
        Assert.InRange(refused.RetryAfter, TimeSpan.FromSeconds(1), TimeSpan.FromSeconds(60));
        Assert.True((await counterB.TryAcquireAsync("10.0.0.2", budget, default)).Allowed);
        // Another budget (here the conversation's) is counted apart from the client's.
        Assert.True((await counterA.TryAcquireAsync("10.0.0.1", budget with { Name = RateBudget.PerConversation }, default)).Allowed);
        var keys = a.Database.Multiplexer.GetServer(fixture.Server.Configuration).Keys(pattern: $"{prefix}:rate:client:10.0.0.1:*").ToList();
        var key = Assert.Single(keys);
        Assert.InRange((await a.Database.KeyTimeToLiveAsync(key))!.Value, TimeSpan.FromSeconds(1), TimeSpan.FromSeconds(61));
    }

    [Fact]
    public async Task Feedback_counts_are_exact_across_instances_kept_without_expiry_and_hold_no_question()
    {
        var prefix = "t" + Guid.NewGuid().ToString("N")[..12];
        using var a = fixture.Connect(prefix);
        using var b = fixture.Connect(prefix);
        var storeA = new RedisFeedbackStore(a);
        var storeB = new RedisFeedbackStore(b);

        await Task.WhenAll(Enumerable.Range(0, 40).Select(i =>
            (i % 2 == 0 ? storeA : storeB).AddAsync(new FeedbackEntry(i % 4 == 0 ? "p:2" : "p:1", Helpful: i % 3 == 0, Question: $"question {i}"), default)));

        var counts = await storeB.CountsAsync(default);
        var expected = new InMemoryFeedbackStore();
        for (var i = 0; i < 40; i++) await expected.AddAsync(new FeedbackEntry(i % 4 == 0 ? "p:2" : "p:1", i % 3 == 0), default);
        var want = await expected.CountsAsync(default);
        Assert.Equal((want.Total, want.Helpful, want.NotHelpful), (counts.Total, counts.Helpful, counts.NotHelpful));
        Assert.Equal(want.ByPassage, counts.ByPassage);
        Assert.Null(await a.Database.KeyTimeToLiveAsync($"{prefix}:feedback:counts"));
        // Questions are patients' words: none is kept unless Feedback:KeepQuestions says so.
        var keys = ((StackExchange.Redis.RedisResult[])(await a.Database.ScriptEvaluateAsync("return redis.call('KEYS', ARGV[1])", null, [$"{prefix}:*"]))!)
            .Select(k => k.ToString()).ToList();
        Assert.Equal([$"{prefix}:feedback:counts"], keys);
    }

    [Fact]
    public async Task A_vote_on_one_answer_delivered_to_both_instances_counts_once()
    {
        var prefix = "t" + Guid.NewGuid().ToString("N")[..12];
        using var a = fixture.Connect(prefix);
        using var b = fixture.Connect(prefix);
        var vote = new FeedbackEntry("p:1", Helpful: true, AnswerId: Guid.NewGuid().ToString("N"));

        Assert.True(await new RedisFeedbackStore(a).AddAsync(vote, default));
        Assert.False(await new RedisFeedbackStore(b).AddAsync(vote, default));
        Assert.True(await new RedisFeedbackStore(b).AddAsync(vote with { AnswerId = Guid.NewGuid().ToString("N") }, default));

        var counts = await new RedisFeedbackStore(a).CountsAsync(default);
        Assert.Equal((2, 2), (counts.Total, counts.Helpful));
        // An answer's id is kept only as long as conversation state, not forever.
        var ttl = await a.Database.KeyTimeToLiveAsync($"{prefix}:feedback:answer:{vote.AnswerId}");
        Assert.InRange(ttl!.Value, TimeSpan.FromMinutes(a.Options.StateExpiryMinutes - 1), TimeSpan.FromMinutes(a.Options.StateExpiryMinutes));
    }

    [Fact]
    public async Task With_KeepQuestions_a_question_is_kept_only_until_its_expiry()
    {
        var prefix = "t" + Guid.NewGuid().ToString("N")[..12];
        using var a = fixture.Connect(prefix);
        var store = new RedisFeedbackStore(a, new FeedbackOptions { KeepQuestions = true, QuestionExpiryDays = 2 });
        Assert.True(await store.AddAsync(new FeedbackEntry("p:1", true, Guid.NewGuid().ToString("N"), "What is imatinib?"), default));

        var questions = await a.Database.SortedSetRangeByRankAsync($"{prefix}:feedback:questions");
        Assert.Contains("What is imatinib?", Assert.Single(questions).ToString(), StringComparison.Ordinal);
        Assert.InRange((await a.Database.KeyTimeToLiveAsync($"{prefix}:feedback:questions"))!.Value, TimeSpan.FromDays(2) - TimeSpan.FromMinutes(1), TimeSpan.FromDays(2));
    }
}
