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
