using CmlBot.Storage;
using CmlBot.Storage.Redis;
using CmlBot.TestServers;

namespace CmlBot.LoadTest.Tests;

/// <summary>
/// Redis builds only the types state is made of (its JSON comes from outside the process). The load test's
/// assembly must be one of them: its echo bot keeps a count in state, and with <c>--storage redis</c> every echo
/// turn would fail if the allow-list did not know it.
/// </summary>
public sealed class LoadTestRedisStateTests
{
    [Fact]
    public async Task State_types_from_the_load_test_assembly_read_back_from_Redis()
    {
        await using var redis = await RedisServer.StartAsync();
        // What is tested is the types, not the timeout: the default 1 s timed out once in CI on a fresh server's first
        // script, with the other test assemblies (a browser among them) busy on both cores.
        using var connection = RedisConnection.Connect(new RedisStorageOptions
        {
            Configuration = redis.Configuration, KeyPrefix = "host-types", ConnectTimeoutMs = 10_000, OperationTimeoutMs = 10_000,
        });
        var storage = new RedisStorage(connection);
        var state = new Dictionary<string, object> { ["EchoCount"] = new LoadTestEchoBot.EchoCount { Turns = 3 } };

        await storage.WriteAsync(new Dictionary<string, object> { ["loadtest/conversations/c1"] = state }, default);
        var read = await storage.ReadAsync(["loadtest/conversations/c1"], default);

        var dictionary = Assert.IsAssignableFrom<IDictionary<string, object>>(read["loadtest/conversations/c1"]);
        Assert.Equal(3, Assert.IsType<LoadTestEchoBot.EchoCount>(dictionary["EchoCount"]).Turns);
    }
}
