namespace CmlBot.Hosting;

/// <summary>The web host's settings, bound from the "Hosting" section of appsettings.json.</summary>
public sealed class HostingOptions
{
    public const string Section = "Hosting";

    /// <summary>Used when neither ASPNETCORE_URLS nor --urls says where to listen.</summary>
    public string DefaultUrls { get; set; } = "http://localhost:3978";

    /// <summary>Requests to /api/messages larger than this are refused with 413.</summary>
    public long MaxRequestBodyBytes { get; set; } = 262_144;

    /// <summary>Requests per client to /api/messages and /api/feedback (429 with Retry-After beyond).</summary>
    public MessagesRateLimitOptions MessagesRateLimit { get; set; } = new();

    /// <summary>
    /// While the host is busy, free C-heap pages go back to the operating system this often (see
    /// <see cref="NativeMemoryTrimmer"/>); 0 leaves them to the C library.
    /// </summary>
    public int TrimNativeMemorySeconds { get; set; } = 1;
}
