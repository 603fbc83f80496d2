using System.Text;
using CmlBot.Bot.Answers;
using CmlBot.Bot.Feedback;
using CmlBot.Bot.Replies;
using CmlBot.DirectLine;
using CmlBot.Storage;
using Microsoft.AspNetCore.Http.Features;
using Microsoft.Bot.Builder;
using Microsoft.Bot.Builder.Integration.AspNet.Core;
using Microsoft.Bot.Schema;
using Microsoft.IdentityModel.Tokens;
using Newtonsoft.Json;
using Newtonsoft.Json.Linq;

namespace CmlBot.Hosting;

/// <summary>The HTTP surface: the Bot Framework messaging endpoint, health and feedback counts.</summary>
public static class Endpoints
{
    public const string Messages = "/api/messages";
    public const string Health = "/healthz";
    public const string Feedback = "/api/feedback";

    public static WebApplication MapBotEndpoints(this WebApplication app)
    {
        app.MapPost(Messages, PostMessagesAsync).RequireRateLimiting(ClientRateLimit.Policy);
        app.MapGet(Health, GetHealthAsync);
        // Public with the page: its per-client allowance (shared through Redis) and the route's own limit both apply.
        app.MapGet(Feedback, GetFeedbackAsync).RequireRateLimiting(ClientRateLimit.Policy).RequireCmlBotPageRateLimit(app.Services);
        return app;
    }

    /// <summary>
    /// Checks size and shape before the adapter sees the body, so oversize bodies get 413 and malformed JSON
    /// or a non-activity gets 400 (never a 500 from deep inside deserialisation); then hands over to CloudAdapter.
    /// </summary>
    public static async Task PostMessagesAsync(HttpContext http, IBotFrameworkHttpAdapter adapter, IBot bot, HostingOptions options, MessagesAccess access)
    {
        var request = http.Request;
        if (access.RefuseCaller(http) is { } refusal)
        {
            Log(http).LogWarning("Refused an anonymous /api/messages request from {Client}: not this machine", http.Connection.RemoteIpAddress);
            await RefuseAsync(http, StatusCodes.Status403Forbidden, refusal);
            return;
        }
        if (http.Features.Get<IHttpMaxRequestBodySizeFeature>() is { IsReadOnly: false } sizeFeature)
            sizeFeature.MaxRequestBodySize = options.MaxRequestBodyBytes;
        if (request.ContentLength > options.MaxRequestBodyBytes)
        {
            http.Response.StatusCode = StatusCodes.Status413PayloadTooLarge;
            return;
        }

        byte[]? body;
        try
        {
            body = await ReadAtMostAsync(request, options.MaxRequestBodyBytes, http.RequestAborted);
        }
        catch (BadHttpRequestException e)
        {
            http.Response.StatusCode = e.StatusCode;
            return;
        }
        catch (EndOfStreamException)
        {
            // Shorter than its Content-Length said (Kestrel normally reports that itself, as above).
            http.Response.StatusCode = StatusCodes.Status400BadRequest;
            return;
        }
        if (body is null)
        {
            http.Response.StatusCode = StatusCodes.Status413PayloadTooLarge;
            return;
        }
        if (ParseActivity(body) is not { } activity)
        {
            http.Response.StatusCode = StatusCodes.Status400BadRequest;
            return;
        }
        if (access.RefuseActivity(activity) is { } bad)
        {
            // A client's mistake, not the host's: one line, no stack trace, nothing of the activity's text.
            Log(http).LogInformation("Refused an /api/messages activity: {Reason}", bad);
            await RefuseAsync(http, StatusCodes.Status400BadRequest, bad);
            return;
        }

        request.Body = new MemoryStream(body, writable: false);
        request.ContentLength = body.Length;
        try
        {
            await adapter.ProcessAsync(request, http.Response, bot, http.RequestAborted);
        }
        catch (StorageUnavailableException) when (!http.Response.HasStarted)
        {
            // The turn failed fast and changed nothing (BotErrorHandler apologised over the channel); 503 tells the
            // caller to retry. With expectReplies the apology can only travel in this response, so it goes here.
            http.Response.StatusCode = StatusCodes.Status503ServiceUnavailable;
            http.Response.Headers.RetryAfter = StorageRetryAfterSeconds;
            if (ExpectsReplies(body, out var incoming))
            {
                http.Response.ContentType = "application/json";
                await http.Response.WriteAsync(UnavailableReplies(incoming, http.RequestServices.GetRequiredService<ReplyFactory>()), http.RequestAborted);
            }
        }
        catch (Exception e) when (!http.Response.HasStarted && IsAuthenticationFailure(e))
        {
            // CloudAdapter turns only a missing header into 401; a malformed or unverifiable token escapes
            // as an IdentityModel exception. Either way the caller is not authenticated: 401, not 500.
            Log(http).LogWarning("Rejected a request whose token could not be validated: {ExceptionType}", e.GetType().FullName);
            http.Response.StatusCode = StatusCodes.Status401Unauthorized;
        }
    }

    private static bool IsAuthenticationFailure(Exception e) =>
        e is UnauthorizedAccessException or SecurityTokenException or SecurityTokenArgumentException
        || e.TargetSite?.DeclaringType?.Namespace is { } ns
           && (ns.StartsWith("Microsoft.IdentityModel", StringComparison.Ordinal)
               || ns.StartsWith("System.IdentityModel", StringComparison.Ordinal)
               || ns.StartsWith("Microsoft.Bot.Connector.Authentication", StringComparison.Ordinal))
        || e.InnerException is { } inner && IsAuthenticationFailure(inner);

    /// <summary>
    /// 200 <c>ready</c>; 503 <c>starting</c> or <c>failed</c> (the index), or <c>storage-unavailable</c> while a
    /// shared store (Redis) cannot be reached, so a load balancer sends no one to an instance that cannot keep state.
    /// </summary>
    public static async Task<IResult> GetHealthAsync(HttpContext http, ICoreProvider core, CancellationToken cancellationToken)
    {
        if (!core.IsReady)
            return Results.Json(new { status = core is CoreLoader { Failed: true } ? "failed" : "starting" }, statusCode: StatusCodes.Status503ServiceUnavailable);
        var storage = http.RequestServices.GetService<IStorageHealth>();
        if (storage is not null && !await storage.IsAvailableAsync(cancellationToken))
            return Results.Json(new { status = "storage-unavailable" }, statusCode: StatusCodes.Status503ServiceUnavailable);
        return Results.Json(new { status = "ready" });
    }

    /// <summary>
    /// The vote counts, for whoever holds <see cref="FeedbackOptions.ReadKey"/> (as a bearer token); with no key set,
    /// for this machine only.
    /// </summary>
    public static async Task<IResult> GetFeedbackAsync(HttpContext http, IFeedbackStore store, FeedbackOptions options, MessagesAccess access, CancellationToken cancellationToken)
    {
        if (options.ReadKey.Length > 0)
        {
            if (!HoldsKey(http.Request, options.ReadKey))
                return Results.Json(new { error = "GET /api/feedback needs Authorization: Bearer <Feedback:ReadKey>." }, statusCode: StatusCodes.Status401Unauthorized);
        }
        else if (!access.IsLocalCaller(http))
        {
            return Results.Json(new { error = "Without Feedback:ReadKey the counts are served to this machine only." }, statusCode: StatusCodes.Status403Forbidden);
        }
        try
        {
            return Results.Json(await store.CountsAsync(cancellationToken));
        }
        catch (StorageUnavailableException)
        {
            return Results.Json(new { status = "storage-unavailable" }, statusCode: StatusCodes.Status503ServiceUnavailable);
        }
    }

    private const string StorageRetryAfterSeconds = "5";

    private static bool HoldsKey(HttpRequest request, string key)
    {
        var header = request.Headers.Authorization.ToString();
        const string scheme = "Bearer ";
        if (!header.StartsWith(scheme, StringComparison.OrdinalIgnoreCase)) return false;
        var given = Encoding.UTF8.GetBytes(header[scheme.Length..].Trim());
        return System.Security.Cryptography.CryptographicOperations.FixedTimeEquals(given, Encoding.UTF8.GetBytes(key));
    }

    private static bool ExpectsReplies(byte[] body, out Activity incoming)
    {
        incoming = JsonConvert.DeserializeObject<Activity>(Encoding.UTF8.GetString(body))!;
        return incoming.DeliveryMode == DeliveryModes.ExpectReplies;
    }

    /// <summary>The apology as the reply to the incoming activity, in expectReplies' response shape.</summary>
    private static string UnavailableReplies(Activity incoming, ReplyFactory replies)
    {
        var reply = incoming.CreateReply();
        var apology = replies.Unavailable();
        reply.Text = apology.Text;
        reply.TextFormat = apology.TextFormat;
        return JsonConvert.SerializeObject(new ExpectedReplies([reply]), new JsonSerializerSettings { NullValueHandling = NullValueHandling.Ignore });
    }

    /// <summary>The body, or null when it is longer than <paramref name="limit"/> (chunked bodies have no Content-Length).</summary>
    /// <remarks>
    /// With a Content-Length (a limit the caller already checked, and that Kestrel holds the body to) the body goes
    /// straight into an array of its size: a turn's message is half a kilobyte, and a fresh 16 KB chunk and a growing
    /// copy for each one were a sixth of everything a lexical turn allocated.
    /// </remarks>
    private static async Task<byte[]?> ReadAtMostAsync(HttpRequest request, long limit, CancellationToken cancellationToken)
    {
        if (request.ContentLength is { } length and >= 0)
        {
            if (length > limit) return null;
            var exact = new byte[length];
            await request.Body.ReadExactlyAsync(exact, cancellationToken);
            return exact;
        }
        using var buffer = new MemoryStream();
        var chunk = System.Buffers.ArrayPool<byte>.Shared.Rent(4096);
        try
        {
            int read;
            while ((read = await request.Body.ReadAsync(chunk, cancellationToken)) > 0)
            {
                if (buffer.Length + read > limit) return null;
                buffer.Write(chunk, 0, read);
            }
        }
        finally
        {
            System.Buffers.ArrayPool<byte>.Shared.Return(chunk);
        }
        return buffer.ToArray();
    }

    /// <summary>The body as the adapter will read it, when it is an activity (it has a type); else null.</summary>
    /// <remarks>
    /// The adapter's own serializer, so the checks that follow see what the bot will see; shape errors (a number where
    /// an object belongs…) surface here as a 400 rather than inside the adapter.
    /// </remarks>
    private static Activity? ParseActivity(byte[] body)
    {
        try
        {
            using var reader = new JsonTextReader(new StreamReader(new MemoryStream(body, writable: false), Encoding.UTF8));
            var activity = HttpHelper.BotMessageSerializer.Deserialize<Activity>(reader);
            return string.IsNullOrWhiteSpace(activity?.Type) ? null : activity;
        }
        catch (JsonException)
        {
            return null;
        }
        catch (ArgumentException)
        {
            return null;
        }
    }

    private static ILogger Log(HttpContext http) => http.RequestServices.GetRequiredService<ILoggerFactory>().CreateLogger(typeof(Endpoints));

    private static Task RefuseAsync(HttpContext http, int status, string message)
    {
        http.Response.StatusCode = status;
        return http.Response.WriteAsJsonAsync(new { error = message }, http.RequestAborted);
    }
}
