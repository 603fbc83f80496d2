namespace CmlBot.DirectLine;

/// <summary>Configuration section <c>DirectLine</c> in appsettings.json. Every limit here is documented, with its default, in README.md.</summary>
public sealed class DirectLineOptions
{
    public const string SectionName = "DirectLine";

    /// <summary><c>local</c>: this host is the Direct Line service. <c>azure</c>: the page talks to Azure Bot Service.</summary>
    public string Mode { get; set; } = DirectLineModes.Local;

    /// <summary>Local mode's Direct Line secret: signs tokens and authorizes tokens/generate. Empty: a random one per start-up.</summary>
    public string Secret { get; set; } = "";

    public int TokenLifetimeSeconds { get; set; } = 1800;

    /// <summary>Characters of <c>text</c> in one posted activity: four times the bot's own question limit, so that the bot, not the channel, tells the patient a question is too long.</summary>
    public int MaxMessageLength { get; set; } = 4000;

    /// <summary>Bytes of one request body (the whole activity JSON): room for <see cref="MaxMessageLength"/> characters of any script, escaped.</summary>
    public int MaxBodyBytes { get; set; } = 32768;

    /// <summary>Bytes of a posted activity's <c>value</c> (a card's submit data) as JSON; a larger one is refused with 413.</summary>
    public int MaxValueBytes { get; set; } = 4096;

    public RateLimitOptions RateLimit { get; set; } = new();

    /// <summary>Open conversations across all clients; at the cap, starting one ends the conversation nearest its expiry (the longest idle).</summary>
    public int MaxConversations { get; set; } = 1000;

    /// <summary>Open conversations per client address (IPv4, or IPv6 /64); at the cap, starting one ends that client's own longest-idle conversation.</summary>
    public int MaxConversationsPerClient { get; set; } = 100;

    /// <summary>Activities kept per conversation; older ones are dropped first.</summary>
    public int MaxActivitiesPerConversation { get; set; } = 500;

    /// <summary>Bytes of activities kept per conversation until the page acknowledges them; older ones are dropped first (the newest is always kept).</summary>
    public int MaxBytesPerConversation { get; set; } = 262144;

    /// <summary>Activities returned by one GET; the client pages on with the watermark.</summary>
    public int MaxActivitiesPerGet { get; set; } = 100;

    /// <summary>Bytes of activities returned by one GET (at least one activity is always returned); the client pages on with the watermark.</summary>
    public int MaxBytesPerGet { get; set; } = 262144;

    /// <summary>Minutes after its last use that a conversation with at least one user message ends.</summary>
    public int IdleExpiryMinutes { get; set; } = 30;

    /// <summary>Minutes after its last use that a conversation the user never wrote in ends. An open page polls every second, so only closed pages reach it.</summary>
    public int UnengagedExpiryMinutes { get; set; } = 3;

    /// <summary>Origins allowed to call the Direct Line endpoints from a browser. Empty: same origin only (CORS closed).</summary>
    public string[] AllowedOrigins { get; set; } = [];

    /// <summary>The bot's account as the page sees it.</summary>
    public string BotId { get; set; } = "cmlbot";

    public string BotName { get; set; } = "CmlBot";

    public AzureDirectLineOptions Azure { get; set; } = new();
}
