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
            await storeA.CreateConversationAsync("c1", default);
            for (var i = 0; i < 5; i++) await storeA.AppendActivityAsync("c1", Render, default);

            Assert.Equal(5, (await storeB.GetActivitiesAsync("c1", null, 10, default))!.Activities.Count); // no watermark: nothing acknowledged
            var next = (await storeB.GetActivitiesAsync("c1", 2, 10, default))!;
            Assert.Equal([3L, 4L], next.Activities.Select(x => x.Sequence));
            Assert.Equal([3L, 4L], (await storeA.GetActivitiesAsync("c1", null, 10, default))!.Activities.Select(x => x.Sequence));
            Assert.Equal(5, await storeA.AppendActivityAsync("c1", Render, default));
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

            Assert.Equal(CreateConversationResult.Created, await storeA.CreateConversationAsync("c1", default));
            Assert.Equal(CreateConversationResult.AlreadyExists, await storeB.CreateConversationAsync("c1", default));
            Assert.True(await storeB.TouchConversationAsync("c1", default));
            Assert.False(await storeB.TouchConversationAsync("unknown", default));
            Assert.Equal(0, await storeA.AppendActivityAsync("c1", Render, default));
            Assert.Equal(1, await storeB.AppendActivityAsync("c1", Render, default));
            Assert.Null(await storeB.AppendActivityAsync("unknown", Render, default));

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
            await storeA.CreateConversationAsync("c", default);
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
                for (var i = 0; i < perInstance; i++) await store.AppendActivityAsync("c", Render, default);
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
    public async Task The_caps_hold_across_instances()
    {
        var (a, b) = TwoInstances();
        using (a)
        using (b)
        {
            var storeA = new RedisDirectLineStore(a, Limits(maxConversations: 2, maxActivities: 3));
            var storeB = new RedisDirectLineStore(b, Limits(maxConversations: 2, maxActivities: 3));
            Assert.Equal(CreateConversationResult.Created, await storeA.CreateConversationAsync("one", default));
            Assert.Equal(CreateConversationResult.Created, await storeB.CreateConversationAsync("two", default));
            Assert.Equal(CreateConversationResult.LimitReached, await storeA.CreateConversationAsync("three", default));

            for (var i = 0; i < 5; i++) await (i % 2 == 0 ? storeA : storeB).AppendActivityAsync("one", Render, default);
            var page = (await storeA.GetActivitiesAsync("one", null, 100, default))!;
            Assert.Equal([2L, 3L, 4L], page.Activities.Select(x => x.Sequence)); // oldest dropped first
        }
    }

    [Fact]
    public async Task Conversations_carry_their_idle_expiry_and_expired_ones_free_their_place()
    {
        using var redis = fixture.Connect();
        var store = new RedisDirectLineStore(redis, Limits(maxConversations: 1, idleMinutes: 10));
        await store.CreateConversationAsync("c", default);
        await store.AppendActivityAsync("c", Render, default);
        var prefix = redis.Options.KeyPrefix;

        foreach (var key in new[] { $"{prefix}:dl:conv:c", $"{prefix}:dl:acts:c" })
            Assert.InRange((await redis.Database.KeyTimeToLiveAsync(key))!.Value, TimeSpan.FromMinutes(9), TimeSpan.FromMinutes(10));
        Assert.Equal(CreateConversationResult.LimitReached, await store.CreateConversationAsync("d", default));

        // What Redis does after ten idle minutes: the conversation's keys expire. Its last use is long past.
        await redis.Database.KeyDeleteAsync([$"{prefix}:dl:conv:c", $"{prefix}:dl:acts:c"]);
        await redis.Database.SortedSetAddAsync($"{prefix}:dl:live", "c", 0);

        Assert.Null(await store.GetActivitiesAsync("c", null, 10, default));
        Assert.Equal(0, await store.RemoveIdleAsync(default)); // the read above already forgot it
        Assert.Equal(CreateConversationResult.Created, await store.CreateConversationAsync("d", default));
        await redis.Database.SortedSetAddAsync($"{prefix}:dl:live", "d", 0);
        Assert.Equal(1, await store.RemoveIdleAsync(default));
    }
}
