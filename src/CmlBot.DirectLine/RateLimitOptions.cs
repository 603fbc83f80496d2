namespace CmlBot.DirectLine;

public sealed class RateLimitOptions
{
    /// <summary>Requests per window per client IP. Web Chat polls once a second, so this must stay well above 60 a minute.</summary>
    public int PermitsPerWindow { get; set; } = 300;

    public int WindowSeconds { get; set; } = 60;
}
