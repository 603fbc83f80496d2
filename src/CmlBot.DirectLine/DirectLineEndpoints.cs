using System.Buffers;
using System.Globalization;
using CmlBot.DirectLine.Store;
using CmlBot.Storage;
using Microsoft.AspNetCore.Http;
using Microsoft.Bot.Builder;
using Microsoft.Bot.Schema;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Newtonsoft.Json;

namespace CmlBot.DirectLine;

/// <summary>
/// The Direct Line 3.0 subset that Web Chat uses when polling (<c>webSocket: false</c>). Every call carries
/// <c>Authorization: Bearer</c> with a token (bound to one conversation) or, server-to-server, the secret.
/// </summary>
internal sealed class DirectLineEndpoints(
    DirectLineTokens tokens,
    IDirectLineStore store,
    DirectLineAdapter adapter,
    ConversationTurnGate turns,
    IClientRateCounter counter,
    IOptions<DirectLineOptions> options,
    TimeProvider time,
    ILogger<DirectLineEndpoints> logger)
{
    public const string Prefix = "/v3/directline";

    private readonly DirectLineOptions _options = options.Value;
    private readonly RateBudget _perConversation = RateBudget.ForConversations(options.Value.RateLimit);

    public IResult GenerateToken(HttpRequest request)
    {
        var auth = Authenticate(request);
        if (auth.Error is not null) return auth.Error;
        if (!auth.IsSecret) return DirectLineError.Forbidden("tokens/generate needs the secret.");
        return Results.Json(TokenBody(tokens.Issue(DirectLineTokens.NewConversationId())));
    }

    public async Task<IResult> RefreshToken(HttpContext http)
    {
        var auth = Authenticate(http.Request);
        if (auth.Error is not null) return auth.Error;
        if (auth.Claims is null) return DirectLineError.Forbidden("tokens/refresh needs a token.");
        if (await LimitAsync(http, auth.Claims.ConversationId) is { } limited) return limited;
        return Results.Json(TokenBody(tokens.Issue(auth.Claims.ConversationId)));
    }

    public async Task<IResult> StartConversation(HttpContext http, CancellationToken cancellationToken)
    {
        var auth = Authenticate(http.Request);
        if (auth.Error is not null) return auth.Error;
        var issued = auth.Claims is null ? tokens.Issue(DirectLineTokens.NewConversationId()) : Remaining(auth);
        if (await LimitAsync(http, issued.ConversationId) is { } limited) return limited;
        var created = await store.CreateConversationAsync(issued.ConversationId, ClientAddress.Of(http), cancellationToken);
        if (created == CreateConversationResult.AlreadyExists) return Results.Json(TokenBody(issued));
        var bot = http.RequestServices.GetRequiredService<IBot>();
        using var turn = await turns.EnterAsync(issued.ConversationId, cancellationToken);
        try
        {
            await adapter.StartConversationAsync(issued.ConversationId, bot, cancellationToken);
        }
        catch (Exception e) when (e is not (OperationCanceledException or StorageUnavailableException))
        {
            // The conversation is open; the page works without a welcome, so report the failure only in the log.
            // A storage fault is not swallowed: StorageFaultFilter answers 503 so the client retries.
            logger.LogError(e, "Direct Line: the bot failed on conversationUpdate");
        }
        return Results.Json(TokenBody(issued), statusCode: StatusCodes.Status201Created);
    }

    public async Task<IResult> GetConversation(HttpContext http, string conversationId, CancellationToken cancellationToken)
    {
        var auth = Authorize(http.Request, conversationId);
        if (auth.Error is not null) return auth.Error;
        if (await LimitAsync(http, conversationId) is { } limited) return limited;
        if (!await store.TouchConversationAsync(conversationId, cancellationToken)) return UnknownConversation();
        return Results.Json(TokenBody(auth.Claims is null ? tokens.Issue(conversationId) : Remaining(auth)));
    }

    public async Task<IResult> GetActivities(HttpContext http, string conversationId, string? watermark, CancellationToken cancellationToken)
    {
        var auth = Authorize(http.Request, conversationId);
        if (auth.Error is not null) return auth.Error;
        if (await LimitAsync(http, conversationId) is { } limited) return limited;
        long? after = null;
        if (!string.IsNullOrEmpty(watermark))
        {
            if (!long.TryParse(watermark, NumberStyles.None, CultureInfo.InvariantCulture, out var w)) return DirectLineError.BadArgument("Invalid watermark.");
            after = w;
        }
        var page = await store.GetActivitiesAsync(conversationId, after, Math.Max(1, _options.MaxActivitiesPerGet), cancellationToken);
        if (page is null) return UnknownConversation();

        return new ActivitySetResult(page);
    }

    public async Task<IResult> PostActivity(HttpContext http, string conversationId, CancellationToken cancellationToken)
    {
        var auth = Authorize(http.Request, conversationId);
        if (auth.Error is not null) return auth.Error;
        if (await LimitAsync(http, conversationId) is { } limited) return limited;

        using var body = await ReadBodyAsync(http.Request, _options.MaxBodyBytes, cancellationToken);
        if (body is null) return DirectLineError.TooBig($"The activity is larger than {_options.MaxBodyBytes} bytes.");
        Activity? activity;
        try { activity = ActivityJson.Deserialize(body); }
        catch (JsonException) { return DirectLineError.BadArgument("The body is not an activity."); }
        if (activity is null) return DirectLineError.BadArgument("The body is not an activity.");
        activity.Type ??= ActivityTypes.Message;
        if (activity.Type is not (ActivityTypes.Message or ActivityTypes.Event or ActivityTypes.Typing))
            return DirectLineError.BadArgument("Only message, event and typing activities can be posted.");
        if (string.Equals(activity.DeliveryMode, DeliveryModes.ExpectReplies, StringComparison.OrdinalIgnoreCase))
            return DirectLineError.BadArgument("deliveryMode expectReplies is not supported: replies are read with GET .../activities.");
        if (activity.Text?.Length > _options.MaxMessageLength)
            return DirectLineError.TooBig($"The message is longer than {_options.MaxMessageLength} characters.");
        if (activity.From?.Id?.Length > 256) return DirectLineError.BadArgument("from.id is too long.");
        if (PostedActivity.ValueBytes(activity.Value) > _options.MaxValueBytes)
            return DirectLineError.TooBig($"The activity's value is larger than {_options.MaxValueBytes} bytes.");
        // The bot reads neither typing nor events, and a queued one would only be echoed back: acknowledged, not kept.
        if (activity.Type is not ActivityTypes.Message)
            return await store.TouchConversationAsync(conversationId, cancellationToken)
                ? Results.Json(new { id = $"{conversationId}|{activity.Type}" })
                : UnknownConversation();
        activity = PostedActivity.Keep(activity);

        var bot = http.RequestServices.GetRequiredService<IBot>();
        string? id;
        using var turn = await turns.EnterAsync(conversationId, cancellationToken);
        try
        {
            id = await adapter.ProcessUserActivityAsync(conversationId, activity, bot, cancellationToken);
        }
        catch (Exception e) when (e is not (OperationCanceledException or StorageUnavailableException))
        {
            // Logged without the activity: user text never goes to the log. Storage faults become 503 (StorageFaultFilter).
            logger.LogError(e, "Direct Line: the bot failed on an activity of type {Type}", activity.Type);
            return DirectLineError.Create(StatusCodes.Status502BadGateway, "BotError", "Failed to send activity: bot returned an error");
        }
        return id is null ? UnknownConversation() : Results.Json(new { id });
    }

    /// <summary>The conversation's own allowance (<c>RateLimit:PermitsPerConversation</c>); the client's coarse one is a filter.</summary>
    private ValueTask<IResult?> LimitAsync(HttpContext http, string conversationId) =>
        ClientRateLimiter.CheckAsync(counter, http, conversationId, _perConversation);

    private static IResult UnknownConversation() => DirectLineError.NotFound("Conversation not found.");

    private IssuedToken Remaining(Auth auth) =>
        new(auth.Token!, auth.Claims!.ConversationId, (int)Math.Max(0, (auth.Claims.ExpiresAt - time.GetUtcNow()).TotalSeconds));

    private static object TokenBody(IssuedToken t) => new Dictionary<string, object>
    {
        ["conversationId"] = t.ConversationId,
        ["token"] = t.Token,
        ["expires_in"] = t.ExpiresIn,
    };

    private Auth Authorize(HttpRequest request, string conversationId)
    {
        var auth = Authenticate(request);
        if (auth.Error is null && auth.Claims is not null && !string.Equals(auth.Claims.ConversationId, conversationId, StringComparison.Ordinal))
            return new Auth(DirectLineError.Forbidden("The token is not valid for this conversation."));
        return auth;
    }

    private Auth Authenticate(HttpRequest request)
    {
        var header = request.Headers.Authorization.ToString();
        const string scheme = "Bearer ";
        if (!header.StartsWith(scheme, StringComparison.OrdinalIgnoreCase) || header.Length == scheme.Length)
            return new Auth(DirectLineError.Forbidden("Missing Authorization: Bearer token."));
        var credential = header[scheme.Length..].Trim();
        if (tokens.IsSecret(credential)) return new Auth(null, IsSecret: true);
        return tokens.Check(credential, out var claims) switch
        {
            TokenCheck.Valid => new Auth(null, Claims: claims, Token: credential),
            TokenCheck.Expired => new Auth(DirectLineError.TokenExpired()),
            _ => new Auth(DirectLineError.Forbidden("Invalid token.")),
        };
    }

    /// <summary>The body, rewound to its start, or null if it is larger than <paramref name="maxBytes"/>.</summary>
    private static async Task<MemoryStream?> ReadBodyAsync(HttpRequest request, int maxBytes, CancellationToken cancellationToken)
    {
        if (request.ContentLength > maxBytes) return null;
        var buffer = new MemoryStream(request.ContentLength is { } length ? (int)length : 1024);
        // Borrowed: a fresh 16 KB array per posted activity was the largest single thing a turn allocated.
        var chunk = ArrayPool<byte>.Shared.Rent(Math.Min(16384, maxBytes + 1));
        try
        {
            int read;
            while ((read = await request.Body.ReadAsync(chunk.AsMemory(0, Math.Min(chunk.Length, maxBytes + 1)), cancellationToken)) > 0)
            {
                if (buffer.Length + read > maxBytes)
                {
                    await buffer.DisposeAsync();
                    return null;
                }
                buffer.Write(chunk, 0, read);
            }
        }
        finally
        {
            ArrayPool<byte>.Shared.Return(chunk);
        }
        buffer.Position = 0;
        return buffer;
    }

    private sealed record Auth(IResult? Error, bool IsSecret = false, DirectLineTokenClaims? Claims = null, string? Token = null);
}
