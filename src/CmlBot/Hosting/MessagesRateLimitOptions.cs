namespace CmlBot.Hosting;

/// <summary>
/// "Hosting:MessagesRateLimit": requests a client may make to /api/messages and /api/feedback in a fixed window,
/// counted per instance (behind nginx with N instances a client gets up to N times this).
/// </summary>
public sealed class MessagesRateLimitOptions
{
    public int PermitsPerWindow { get; set; } = 300;
    public int WindowSeconds { get; set; } = 60;
}
