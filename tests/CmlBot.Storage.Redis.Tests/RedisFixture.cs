using CmlBot.TestServers;

namespace CmlBot.Storage.Redis.Tests;

/// <summary>One server for a test class; each test uses its own key prefix, so tests never see each other's keys.</summary>
public sealed class RedisFixture : IAsyncLifetime
{
    public RedisServer Server { get; private set; } = null!;

    public async Task InitializeAsync() => Server = await RedisServer.StartAsync();

    public async Task DisposeAsync() => await Server.DisposeAsync();

    public RedisConnection Connect(string? prefix = null, int stateExpiryMinutes = 1440) => RedisConnection.Connect(Options(prefix, stateExpiryMinutes));

    public RedisStorageOptions Options(string? prefix = null, int stateExpiryMinutes = 1440) => new()
    {
        Configuration = Server.Configuration,
        KeyPrefix = prefix ?? "t" + Guid.NewGuid().ToString("N")[..12],
        StateExpiryMinutes = stateExpiryMinutes,
        // Generous: CI runs the test assemblies side by side on two cores. The fault tests set their own short timeouts.
        ConnectTimeoutMs = 10_000,
        OperationTimeoutMs = 10_000,
    };
}
