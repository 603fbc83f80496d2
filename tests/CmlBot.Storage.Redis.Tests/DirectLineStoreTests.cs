using System.Collections.Concurrent;
using System.Text;
using CmlBot.DirectLine;
using CmlBot.DirectLine.Store;
using Microsoft.Extensions.Options;

namespace CmlBot.Storage.Redis.Tests;

/// <summary>The Direct Line store in Redis: two instances share conversations, order, caps and expiry.</summary>
public sealed class DirectLineStoreTests(RedisFixture fixture) : IClassFixture<RedisFixture>
{
    private static IOptions<DirectLineOptions> Limits(int maxConversations = 1000, int maxActivities = 500, int idleMinutes = 30) =>
        Options.Create(new DirectLineOptions { MaxConversations = maxConversations, MaxActivitiesPerConversation = maxActivities, IdleExpiryMinutes = idleMinutes });

    private (RedisConnection A, RedisConnection B) TwoInstances()
    {
        var prefix = "t" + Guid.NewGuid().ToString("N")[..12];
        return (fixture.Connect(prefix), fixture.Connect(prefix));
    }

    private static string Json(long sequence) => $$"""{"id":"c|{{sequence:D7}}","seq":{{sequence}}}""";

    private static byte[] Render(long sequence) => Encoding.UTF8.GetBytes(Json(sequence));

    private static string Text(StoredActivity activity) => Encoding.UTF8.GetString(activity.Utf8Json.Span);

    [Fact]
    public async Task Activities_acknowledged_by_a_watermark_are_dropped_on_every_instance_and_the_rest_kept()
    {
        var (a, b) = TwoInstances();
        using (a)
        using (b)
        {
            var storeA = new RedisDirectLineStore(a, Limits());
            var storeB = new RedisDirectLineStore(b, Limits());
            await storeA.CreateConversationAsync("c1", "10.0.0.1", default);
            for (var i = 0; i < 5; i++) await storeA.AppendActivityAsync("c1", Render, fromUser: false, default);

            Assert.Equal(5, (await storeB.GetActivitiesAsync("c1", null, 10, default))!.Activities.Count); // no watermark: nothing acknowledged
            var next = (await storeB.GetActivitiesAsync("c1", 2, 10, default))!;
            Assert.Equal([3L, 4L], next.Activities.Select(x => x.Sequence));
            Assert.Equal([3L, 4L], (await storeA.GetActivitiesAsync("c1", null, 10, default))!.Activities.Select(x => x.Sequence));
            Assert.Equal(5, await storeA.AppendActivityAsync("c1", Render, fromUser: false, default));
        }
    }

    [Fact]
    public async Task A_conversation_started_on_one_instance_continues_on_the_other()
    {
        var (a, b) = TwoInstances();
        using (a)
        using (b)
        {
            var storeA = new RedisDirectLineStore(a, Limits());
            var storeB = new RedisDirectLineStore(b, Limits());

            Assert.Equal(CreateConversationResult.Created, await storeA.CreateConversationAsync("c1", "10.0.0.1", default));
            Assert.Equal(CreateConversationResult.AlreadyExists, await storeB.CreateConversationAsync("c1", "10.0.0.1", default));
            Assert.True(await storeB.TouchConversationAsync("c1", default));
            Assert.False(await storeB.TouchConversationAsync("unknown", default));
            Assert.Equal(0, await storeA.AppendActivityAsync("c1", Render, fromUser: false, default));
            Assert.Equal(1, await storeB.AppendActivityAsync("c1", Render, fromUser: false, default));
            Assert.Null(await storeB.AppendActivityAsync("unknown", Render, fromUser: false, default));

            var page = (await storeB.GetActivitiesAsync("c1", null, 10, default))!;
            Assert.Equal([0L, 1L], page.Activities.Select(x => x.Sequence));
            Assert.Equal(Json(1), Text(page.Activities[1]));
            Assert.Equal(1, page.Watermark);
            var none = (await storeA.GetActivitiesAsync("c1", 1, 10, default))!;
            Assert.Empty(none.Activities);
            Assert.Equal(1, none.Watermark);
            Assert.Null(await storeA.GetActivitiesAsync("unknown", null, 10, default));
        }
    }

    [Fact]
    public async Task Concurrent_appends_from_two_instances_keep_order_and_a_reader_never_sees_a_gap()
    {
        var (a, b) = TwoInstances();
        using (a)
        using (b)
        {
            var storeA = new RedisDirectLineStore(a, Limits());
            var storeB = new RedisDirectLineStore(b, Limits());
            await storeA.CreateConversationAsync("c", "10.0.0.1", default);
            const int perInstance = 60;

            // A poller reads while both instances append: what it sees must be 0, 1, 2, … with no gap.
            var seen = new ConcurrentQueue<long>();
            using var done = new CancellationTokenSource();
            var reader = Task.Run(async () =>
            {
                long? watermark = null;
                while (true)
                {
                    var finished = done.IsCancellationRequested;
                    var page = (await storeB.GetActivitiesAsync("c", watermark, 7, default))!;
                    foreach (var activity in page.Activities) seen.Enqueue(activity.Sequence);
                    watermark = page.Watermark;
                    if (finished && page.Activities.Count == 0) return;
                }
            });
            var writers = new[] { storeA, storeB }.Select(store => Task.Run(async () =>
            {
                for (var i = 0; i < perInstance; i++) await store.AppendActivityAsync("c", Render, fromUser: false, default);
            }));
            await Task.WhenAll(writers).WaitAsync(TimeSpan.FromMinutes(2));
            await done.CancelAsync();
            await reader.WaitAsync(TimeSpan.FromMinutes(2));

            Assert.Equal(Enumerable.Range(0, 2 * perInstance).Select(i => (long)i), seen);
            var all = (await storeA.GetActivitiesAsync("c", null, 1000, default))!;
            // Each activity's JSON carries the sequence it was stored under.
            Assert.All(all.Activities, x => Assert.Equal(Json(x.Sequence), Text(x)));
        }
    }

    [Fact]
    public async Task At_the_cap_a_new_conversation_ends_the_longest_idle_one_on_every_instance()
    {
        var (a, b) = TwoInstances();
        using (a)
        using (b)
        {
            var storeA = new RedisDirectLineStore(a, Limits(maxConversations: 2, maxActivities: 3));
            var storeB = new RedisDirectLineStore(b, Limits(maxConversations: 2, maxActivities: 3));
            Assert.Equal(CreateConversationResult.Created, await storeA.CreateConversationAsync("one", "10.0.0.1", default));
            Assert.Equal(CreateConversationResult.Created, await storeB.CreateConversationAsync("two", "10.0.0.2", default));
            await storeA.AppendActivityAsync("one", Render, fromUser: true, default);

            // "two" is nearest its expiry (nobody wrote in it): the newcomer takes its place rather than being refused.
            Assert.Equal(CreateConversationResult.Created, await storeA.CreateConversationAsync("three", "10.0.0.3", default));
            Assert.False(await storeB.TouchConversationAsync("two", default));
            Assert.True(await storeB.TouchConversationAsync("one", default));
            Assert.Equal(2, await a.Database.SortedSetLengthAsync(a.Key("dl", "live")));

            for (var i = 0; i < 5; i++) await (i % 2 == 0 ? storeA : storeB).AppendActivityAsync("one", Render, fromUser: false, default);
            var page = (await storeA.GetActivitiesAsync("one", null, 100, default))!;
            Assert.Equal([3L, 4L, 5L], page.Activities.Select(x => x.Sequence)); // oldest dropped first
        }
    }

    [Fact]
    public async Task One_client_filling_its_budget_ends_only_its_own_conversations_and_a_new_patient_gets_in()
    {
        var (a, b) = TwoInstances();
        using (a)
        using (b)
        {
            var options = Options.Create(new DirectLineOptions { MaxConversations = 10, MaxConversationsPerClient = 3 });
            var storeA = new RedisDirectLineStore(a, options);
            var storeB = new RedisDirectLineStore(b, options);
            Assert.Equal(CreateConversationResult.Created, await storeA.CreateConversationAsync("patient", "10.0.0.9", default));
            for (var i = 0; i < 20; i++)
                Assert.Equal(CreateConversationResult.Created, await (i % 2 == 0 ? storeA : storeB).CreateConversationAsync($"flood{i}", "203.0.113.7", default));

            // Counted in Redis, not per instance: the flooding client holds its budget, no more, across both.
            Assert.Equal(3, await a.Database.SortedSetLengthAsync(a.Key("dl", "client:203.0.113.7")));
            var alive = await Task.WhenAll(Enumerable.Range(0, 20).Select(i => storeB.TouchConversationAsync($"flood{i}", default)));
            Assert.Equal(3, alive.Count(x => x));
            Assert.True(alive[^1]);
            Assert.True(await storeB.TouchConversationAsync("patient", default));
            Assert.Equal(CreateConversationResult.Created, await storeB.CreateConversationAsync("next-patient", "10.0.0.10", default));
            Assert.Equal(5, await a.Database.SortedSetLengthAsync(a.Key("dl", "live")));
        }
    }

    [Fact]
    public async Task Padded_activities_are_bounded_per_conversation_and_per_poll()
    {
        using var redis = fixture.Connect();
        var store = new RedisDirectLineStore(redis, Options.Create(new DirectLineOptions { MaxBytesPerConversation = 100_000, MaxBytesPerGet = 40_000 }));
        await store.CreateConversationAsync("c", "10.0.0.1", default);
        static byte[] Padded(long n) => Encoding.UTF8.GetBytes($$"""{"seq":{{n}},"pad":"{{new string('x', 30_000)}}"}""");
        for (var i = 0; i < 40; i++) await store.AppendActivityAsync("c", Padded, fromUser: true, default);

        // 40 activities of 30 KB: the conversation keeps the newest that fit in 100 KB; one poll returns at most 40 KB.
        var keptBytes = (long)await redis.Database.HashGetAsync(redis.Key("dl", "conv:c"), "bytes");
        Assert.InRange(keptBytes, 1, 100_000);
        Assert.Equal(3, await redis.Database.SortedSetLengthAsync(redis.Key("dl", "acts:c")));
        var page = (await store.GetActivitiesAsync("c", null, 100, default))!;
        Assert.Equal([37L], page.Activities.Select(x => x.Sequence));
        var next = (await store.GetActivitiesAsync("c", page.Watermark, 100, default))!;
        Assert.Equal([38L], next.Activities.Select(x => x.Sequence));
        // The acknowledged activity's bytes are given back.
        Assert.InRange((long)await redis.Database.HashGetAsync(redis.Key("dl", "conv:c"), "bytes"), 1, 70_000);
    }

    [Fact]
    public async Task A_conversation_nobody_wrote_in_expires_sooner_than_one_in_use()
    {
        using var redis = fixture.Connect();
        var store = new RedisDirectLineStore(redis, Options.Create(new DirectLineOptions { IdleExpiryMinutes = 30, UnengagedExpiryMinutes = 3 }));
        await store.CreateConversationAsync("c", "10.0.0.1", default);
        await store.AppendActivityAsync("c", Render, fromUser: false, default); // the welcome
        var conv = redis.Key("dl", "conv:c");
        Assert.InRange((await redis.Database.KeyTimeToLiveAsync(conv))!.Value, TimeSpan.FromMinutes(2), TimeSpan.FromMinutes(3));

        await store.AppendActivityAsync("c", Render, fromUser: true, default);
        Assert.InRange((await redis.Database.KeyTimeToLiveAsync(conv))!.Value, TimeSpan.FromMinutes(29), TimeSpan.FromMinutes(30));
    }

    [Fact]
    public async Task Conversations_carry_their_idle_expiry_and_expired_ones_are_forgotten()
    {
        using var redis = fixture.Connect();
        var store = new RedisDirectLineStore(redis, Limits(maxConversations: 1, idleMinutes: 10));
        await store.CreateConversationAsync("c", "10.0.0.1", default);
        await store.AppendActivityAsync("c", Render, fromUser: true, default);
        var prefix = redis.Options.KeyPrefix;

        foreach (var key in new[] { $"{prefix}:dl:conv:c", $"{prefix}:dl:acts:c" })
            Assert.InRange((await redis.Database.KeyTimeToLiveAsync(key))!.Value, TimeSpan.FromMinutes(9), TimeSpan.FromMinutes(10));

        // What Redis does after ten idle minutes: the conversation's keys expire. Its expiry time is long past.
        await redis.Database.KeyDeleteAsync([$"{prefix}:dl:conv:c", $"{prefix}:dl:acts:c"]);
        await redis.Database.SortedSetAddAsync($"{prefix}:dl:live", "c", 0);

        Assert.Null(await store.GetActivitiesAsync("c", null, 10, default));
        Assert.Equal(0, await store.RemoveIdleAsync(default)); // the read above already forgot it
        Assert.Equal(CreateConversationResult.Created, await store.CreateConversationAsync("d", "10.0.0.1", default));
        await redis.Database.SortedSetAddAsync($"{prefix}:dl:live", "d", 0);
        Assert.Equal(1, await store.RemoveIdleAsync(default));
    }
}
