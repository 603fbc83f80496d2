namespace CmlBot.Storage;

/// <summary><c>Storage:Redis</c>.</summary>
public sealed class RedisStorageOptions
{
    /// <summary>A StackExchange.Redis configuration string: <c>host:port</c>, optionally <c>,password=…</c> and other options.</summary>
    public string Configuration { get; set; } = "localhost:6379";

    /// <summary>Every key starts with <c>{KeyPrefix}:</c>, so several deployments can share one Redis.</summary>
    public string KeyPrefix { get; set; } = "cmlbot";

    /// <summary>Conversation and user state expire this long after their last write.</summary>
    public int StateExpiryMinutes { get; set; } = 1440;

    public int ConnectTimeoutMs { get; set; } = 2000;

    /// <summary>How long one command may take before the turn fails (and the endpoint answers 503).</summary>
    public int OperationTimeoutMs { get; set; } = 1000;
}
