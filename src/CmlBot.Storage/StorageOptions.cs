namespace CmlBot.Storage;

/// <summary>Configuration section <c>Storage</c>: where conversation state, Direct Line and feedback live.</summary>
public sealed class StorageOptions
{
    public const string Section = "Storage";

    /// <summary><c>memory</c> (this process only, the default) or <c>redis</c> (shared by every instance).</summary>
    public string Kind { get; set; } = StorageKinds.Memory;

    public MemoryStorageOptions Memory { get; set; } = new();

    public RedisStorageOptions Redis { get; set; } = new();
}

/// <summary><c>Storage:Memory</c>: the single-instance store.</summary>
public sealed class MemoryStorageOptions
{
    public const string Section = "Storage:Memory";

    /// <summary>A conversation's or user's state untouched this long is forgotten.</summary>
    public int IdleExpiryMinutes { get; set; } = 60;
}

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

public static class StorageKinds
{
    public const string Memory = "memory";
    public const string Redis = "redis";
}
