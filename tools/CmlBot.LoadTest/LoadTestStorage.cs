using System.Security.Cryptography;

namespace CmlBot.LoadTest;

/// <summary>
/// The storage settings the load test gives its child hosts, as environment variables (the names appsettings.json's
/// <c>Storage</c> section reads): <c>Storage__Kind</c>, and with Redis the server, a key prefix of the run's own and a
/// Direct Line secret (which Redis-backed hosts require, so that any instance can check any instance's tokens).
/// </summary>
public static class LoadTestStorage
{
    public static IReadOnlyDictionary<string, string> HostEnvironment(string storage, string? redisEndpoint, string keyPrefix, string directLineSecret)
    {
        if (storage != "redis") return new Dictionary<string, string>(StringComparer.Ordinal) { ["Storage__Kind"] = "memory" };
        ArgumentException.ThrowIfNullOrWhiteSpace(redisEndpoint);
        return new Dictionary<string, string>(StringComparer.Ordinal)
        {
            ["Storage__Kind"] = "redis",
            ["Storage__Redis__Configuration"] = redisEndpoint,
            ["Storage__Redis__KeyPrefix"] = keyPrefix,
            ["DirectLine__Secret"] = directLineSecret,
        };
    }

    /// <summary>A prefix no other run uses, so runs against a shared Redis never read each other's state.</summary>
    public static string NewKeyPrefix(string purpose) => $"cmlbot-{purpose}-{Guid.NewGuid().ToString("N")[..12]}";

    public static string NewSecret() => Convert.ToHexString(RandomNumberGenerator.GetBytes(32));
}
