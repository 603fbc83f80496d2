namespace CmlBot.DirectLine;

/// <summary>
/// <c>DirectLine:RateLimit</c>: fixed windows counted per client address (an IPv4 address, or an IPv6 /64) and per
/// conversation. A hospital's NAT puts many patients behind one address, each page polling once a second, so the
/// per-address allowance is coarse and the fine one is per conversation.
/// </summary>
public sealed class RateLimitOptions
{
    public int WindowSeconds { get; set; } = 60;

    /// <summary>Requests per window per client address, over every Direct Line, token, page and feedback call: 50 patients polling once a second use half.</summary>
    public int PermitsPerWindow { get; set; } = 6000;

    /// <summary>Requests per window per conversation (polls, posts, refreshes): Web Chat polls 60 times a minute.</summary>
    public int PermitsPerConversation { get; set; } = 240;

    /// <summary>Page tokens (each one a new conversation) per window per client address.</summary>
    public int TokenPermitsPerWindow { get; set; } = 60;

    /// <summary>Requests for the page, its files and /api/feedback per window per client address.</summary>
    public int PagePermitsPerWindow { get; set; } = 600;
}
