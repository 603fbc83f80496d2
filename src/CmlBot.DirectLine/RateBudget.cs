namespace CmlBot.DirectLine;

/// <summary>
/// One kind of allowance: <paramref name="Permits"/> requests per <paramref name="WindowSeconds"/> for each key
/// (a client address or a conversation). <paramref name="Name"/> keeps the kinds' counts apart.
/// </summary>
public readonly record struct RateBudget(string Name, int Permits, int WindowSeconds)
{
    public const string PerClient = "client";
    public const string PerConversation = "conversation";
    public const string Tokens = "token";
    public const string Page = "page";

    public static RateBudget ForClients(RateLimitOptions o) => new(PerClient, o.PermitsPerWindow, o.WindowSeconds);

    public static RateBudget ForConversations(RateLimitOptions o) => new(PerConversation, o.PermitsPerConversation, o.WindowSeconds);

    public static RateBudget ForTokens(RateLimitOptions o) => new(Tokens, o.TokenPermitsPerWindow, o.WindowSeconds);

    public static RateBudget ForPage(RateLimitOptions o) => new(Page, o.PagePermitsPerWindow, o.WindowSeconds);

    /// <summary>The window, at least a second.</summary>
    public TimeSpan Window => TimeSpan.FromSeconds(Math.Max(1, WindowSeconds));

    /// <summary>The permits, at least one.</summary>
    public int Limit => Math.Max(1, Permits);
}
