using CmlBot.Bot;
using CmlBot.TestServers;
using CmlBot.Bot.Feedback;
using CmlBot.DirectLine;
using CmlBot.DirectLine.Store;
using Microsoft.Bot.Builder;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;

namespace CmlBot.Storage.Redis.Tests;

/// <summary>
/// Redis unreachable at start, lost while running, and back again. Each test has its own server, since they
/// stop it. Timeouts here only guard against a hang; no assertion is about how long anything took.
/// </summary>
public sealed class FaultTests
{
    private static readonly TimeSpan NoHang = TimeSpan.FromSeconds(20);
    private static readonly TimeSpan Recovery = TimeSpan.FromSeconds(60);

    private static RedisStorageOptions OptionsFor(string configuration) => new() { Configuration = configuration, KeyPrefix = "faults", ConnectTimeoutMs = 1000, OperationTimeoutMs = 1000 };

    [Fact]
    public void An_unreachable_server_at_start_is_one_clear_line_naming_the_endpoint()
    {
        var port = LoopbackPort.Free();

        var e = Assert.Throws<StorageStartupException>(() => RedisConnection.Connect(OptionsFor($"127.0.0.1:{port},password=hunter2")));

        Assert.StartsWith($"Storage: cannot reach Redis at 127.0.0.1:{port} (", e.Message, StringComparison.Ordinal);
        Assert.DoesNotContain("hunter2", e.Message, StringComparison.Ordinal);
        Assert.DoesNotContain('\n', e.Message);
    }

    [Fact]
    public async Task Lost_redis_fails_every_store_fast_and_service_resumes_when_it_returns()
    {
        await using var server = await RedisServer.StartAsync();
        using var redis = RedisConnection.Connect(OptionsFor(server.Configuration));
        var storage = new RedisStorage(redis);
        var directLine = new RedisDirectLineStore(redis, Options.Create(new DirectLineOptions()));
        var feedback = new RedisFeedbackStore(redis);
        var rate = new RedisClientRateCounter(redis);
        var health = new RedisStorageHealth(redis);
        await storage.WriteAsync(new Dictionary<string, object> { ["k"] = new Note { Text = "before" } });
        Assert.True(await health.IsAvailableAsync(default));

        await server.StopAsync();

        await Assert.ThrowsAsync<StorageUnavailableException>(() => storage.ReadAsync(["k"]).WaitAsync(NoHang));
        await Assert.ThrowsAsync<StorageUnavailableException>(() => storage.WriteAsync(new Dictionary<string, object> { ["k"] = new Note() }).WaitAsync(NoHang));
        await Assert.ThrowsAsync<StorageUnavailableException>(() => directLine.CreateConversationAsync("c", "10.0.0.1", default).WaitAsync(NoHang));
        await Assert.ThrowsAsync<StorageUnavailableException>(() => feedback.AddAsync(new FeedbackEntry("p", true), default).WaitAsync(NoHang));
        await Assert.ThrowsAsync<StorageUnavailableException>(() => rate.TryAcquireAsync("ip", RateBudget.ForClients(new RateLimitOptions()), default).AsTask().WaitAsync(NoHang));
        Assert.False(await health.IsAvailableAsync(default).WaitAsync(NoHang));

        await server.RestartAsync();

        // No restart of ours: the connection comes back by itself.
        await Eventually(() => health.IsAvailableAsync(default));
        await storage.WriteAsync(new Dictionary<string, object> { ["k"] = new Note { Text = "after" } });
        Assert.Equal("after", ((Note)(await storage.ReadAsync(["k"]))["k"]).Text);
        Assert.Equal(CreateConversationResult.Created, await directLine.CreateConversationAsync("c", "10.0.0.1", default));
    }

    [Fact]
    public async Task A_server_that_stops_answering_times_out_as_unavailable()
    {
        await using var server = await RedisServer.StartAsync();
        using var redis = RedisConnection.Connect(OptionsFor(server.Configuration));
        var storage = new RedisStorage(redis);
        await storage.WriteAsync(new Dictionary<string, object> { ["k"] = new Note() });

        // Connected, but every client paused: commands wait in Redis until the operation timeout.
        Assert.Equal("OK", (string?)await server.ExecuteAsync("CLIENT", "PAUSE", "4000", "ALL"));

        var e = await Assert.ThrowsAsync<StorageUnavailableException>(() => storage.ReadAsync(["k"]).WaitAsync(NoHang));
        Assert.Contains("did not answer", e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Kind_redis_replaces_every_in_process_default_and_memory_changes_nothing()
    {
        await using var server = await RedisServer.StartAsync();
        var configuration = new ConfigurationBuilder().AddInMemoryCollection(new Dictionary<string, string?>
        {
            ["Storage:Kind"] = "redis",
            ["Storage:Redis:Configuration"] = server.Configuration,
            ["DirectLine:Secret"] = "shared-secret",
        }).Build();

        // Before and after the defaults: either order ends with the Redis stores.
        foreach (var storageFirst in new[] { true, false })
        {
            var services = new ServiceCollection().AddLogging();
            if (storageFirst) services.AddCmlBotStorage(configuration);
            services.AddCmlBot(configuration).AddCmlBotDirectLine(configuration);
            if (!storageFirst) services.AddCmlBotStorage(configuration);
            await using var provider = services.BuildServiceProvider();
            Assert.IsType<RedisStorage>(provider.GetRequiredService<IStorage>());
            Assert.IsType<RedisFeedbackStore>(provider.GetRequiredService<IFeedbackStore>());
            Assert.IsType<RedisDirectLineStore>(provider.GetRequiredService<IDirectLineStore>());
            Assert.IsType<RedisClientRateCounter>(provider.GetRequiredService<IClientRateCounter>());
            Assert.IsType<RedisStorageHealth>(provider.GetRequiredService<IStorageHealth>());
        }

        var memory = new ServiceCollection();
        memory.AddCmlBotStorage(new ConfigurationBuilder().AddInMemoryCollection(new Dictionary<string, string?> { ["Storage:Kind"] = "memory" }).Build());
        Assert.Empty(memory);
        Assert.Empty(new ServiceCollection().AddCmlBotStorage(new ConfigurationBuilder().Build()));
    }

    [Theory]
    [InlineData("redis", "", "DirectLine:Secret is empty")]
    [InlineData("mongo", "x", "Storage:Kind must be 'memory' or 'redis'")]
    public void Bad_settings_stop_the_start_with_what_to_change(string kind, string secret, string expected)
    {
        var configuration = new ConfigurationBuilder().AddInMemoryCollection(new Dictionary<string, string?>
        {
            ["Storage:Kind"] = kind,
            ["Storage:Redis:Configuration"] = $"127.0.0.1:{LoopbackPort.Free()}",
            ["DirectLine:Secret"] = secret,
        }).Build();

        var e = Assert.Throws<StorageStartupException>(() => new ServiceCollection().AddCmlBotStorage(configuration));
        Assert.Contains(expected, e.Message, StringComparison.Ordinal);
    }

    private static async Task Eventually(Func<Task<bool>> condition)
    {
        using var timeout = new CancellationTokenSource(Recovery);
        while (!await condition())
        {
            await Task.Delay(100, timeout.Token);
        }
    }
}
