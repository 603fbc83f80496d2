namespace CmlBot.Storage;

/// <summary><c>Storage:Memory</c>: the single-instance store.</summary>
public sealed class MemoryStorageOptions
{
    public const string Section = "Storage:Memory";

    /// <summary>A conversation's or user's state untouched this long is forgotten.</summary>
    public int IdleExpiryMinutes { get; set; } = 60;
}
