namespace CmlBot.DirectLine;

/// <summary>Configuration section <c>DirectLine</c> in appsettings.json.</summary>
public sealed class DirectLineOptions
{
    public const string SectionName = "DirectLine";

    /// <summary><c>local</c>: this host is the Direct Line service. <c>azure</c>: the page talks to Azure Bot Service.</summary>
    public string Mode { get; set; } = DirectLineModes.Local;

    /// <summary>Local mode's Direct Line secret: signs tokens and authorizes tokens/generate. Empty: a random one per start-up.</summary>
    public string Secret { get; set; } = "";

    public int TokenLifetimeSeconds { get; set; } = 1800;

    /// <summary>Characters of <c>text</c> in one posted activity.</summary>
    public int MaxMessageLength { get; set; } = 20000;

    /// <summary>Bytes of one request body (the whole activity JSON).</summary>
    public int MaxBodyBytes { get; set; } = 262144;

    public RateLimitOptions RateLimit { get; set; } = new();

    /// <summary>Open conversations across all clients; starting one more answers 429 until idle ones expire.</summary>
    public int MaxConversations { get; set; } = 1000;

    /// <summary>Activities kept per conversation; older ones are dropped first.</summary>
    public int MaxActivitiesPerConversation { get; set; } = 500;

    /// <summary>Activities returned by one GET; the client pages on with the watermark.</summary>
    public int MaxActivitiesPerGet { get; set; } = 100;

    public int IdleExpiryMinutes { get; set; } = 30;

    /// <summary>Origins allowed to call the Direct Line endpoints from a browser. Empty: same origin only (CORS closed).</summary>
    public string[] AllowedOrigins { get; set; } = [];

    /// <summary>The bot's account as the page sees it.</summary>
    public string BotId { get; set; } = "cmlbot";

    public string BotName { get; set; } = "CmlBot";

    public AzureDirectLineOptions Azure { get; set; } = new();
}
