using System.Net;
using System.Net.Http.Headers;
using System.Net.Sockets;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using CmlBot.Deployment.Tests.Infrastructure;
using CmlBot.LoadTest;

namespace CmlBot.Deployment.Tests.Failover;

/// <summary>One bot activity as a client received it: the load test's reading of it, plus the quoted passage.</summary>
public sealed record BotReply(LoadTestReply Reply, string? PassageId, string? FromId)
{
    public string? Type => Reply.Type;
    public string? Text => Reply.Text;
    public string? ReplyToId => Reply.ReplyToId;
    public IReadOnlyList<int> Citations => Reply.Citations;

    public static BotReply From(JsonElement activity) => new(
        LoadTestReply.From(activity),
        activity.TryGetProperty("channelData", out var data) && data.ValueKind == JsonValueKind.Object
            && data.TryGetProperty("passageId", out var id) && id.ValueKind == JsonValueKind.String ? id.GetString() : null,
        activity.TryGetProperty("from", out var from) && from.ValueKind == JsonValueKind.Object
            && from.TryGetProperty("id", out var fromId) && fromId.ValueKind == JsonValueKind.String ? fromId.GetString() : null);
}

/// <summary>What one message got: the id it was sent under, why it had to be sent twice (null: it did not), every bot activity received.</summary>
public sealed record TurnResult(string SentId, string? RetryCause, IReadOnlyList<BotReply> Received)
{
    public bool Retried => RetryCause is not null;
}

/// <summary>A request that failed, after its one retry where a retry was allowed.</summary>
public sealed class TransportFailureException(string message) : Exception(message)
{
    public TransportFailureException() : this("transport failure") { }
    public TransportFailureException(string message, Exception inner) : this($"{message}: {inner.Message}") { }
}

/// <summary>One conversation as a client holds it, over /api/messages or Direct Line.</summary>
public interface IConversationClient : IDisposable
{
    string Transport { get; }
    string ConversationId { get; }
    string UserId { get; }
    /// <summary>Requests sent a second time, by cause: "502", "503", "504" or "connection".</summary>
    IReadOnlyDictionary<string, int> Retries { get; }
    Task StartAsync(CancellationToken cancellationToken);
    Task<TurnResult> SendAsync(string text, CancellationToken cancellationToken);
}

/// <summary>
/// A client's retry rule, as a patient's browser or a channel would apply it: a request that fails with 502, 503 or
/// 504, or whose connection breaks, is sent once more; a second failure, or any other error status, is a failure.
/// Each conversation is its own client on its own loopback address (127.0.x.y), so nginx's X-Forwarded-For differs
/// per conversation as it would per patient.
/// </summary>
public sealed class RetryingHttp(IPAddress local, Uri address) : IDisposable
{
    private static readonly TimeSpan RequestTimeout = TimeSpan.FromSeconds(60);

    private readonly HttpClient _http = new(LoopbackClientHandler.From(local)) { BaseAddress = address, Timeout = RequestTimeout };

    private readonly Dictionary<string, int> _retries = new(StringComparer.Ordinal);

    public IReadOnlyDictionary<string, int> Retries => _retries;

    /// <summary>A successful response (2xx), or <see cref="TransportFailureException"/>; with why it took a retry, if it did.</summary>
    public async Task<(HttpResponseMessage Response, string? RetryCause)> SendAsync(Func<HttpRequestMessage> request, string what, CancellationToken cancellationToken)
    {
        string? cause = null;
        for (var attempt = 1; ; attempt++)
        {
            string failure;
            try
            {
                using var message = request();
                var response = await _http.SendAsync(message, cancellationToken);
                if (response.IsSuccessStatusCode) return (response, cause);
                var status = (int)response.StatusCode;
                response.Dispose();
                if (status is not (502 or 503 or 504)) throw new TransportFailureException($"{what} answered {status}");
                failure = $"{what} answered {status}";
                cause = status.ToString(System.Globalization.CultureInfo.InvariantCulture);
            }
            catch (HttpRequestException e)
            {
                failure = $"{what}: {e.Message}";
                cause = "connection";
            }
            catch (TaskCanceledException) when (!cancellationToken.IsCancellationRequested)
            {
                // The client's own timeout: the instance may still be working on it, so no blind resend.
                throw new TransportFailureException($"{what}: no answer within {RequestTimeout.TotalSeconds:N0} s");
            }
            if (attempt == 2) throw new TransportFailureException($"{failure}, and again after one retry");
            _retries[cause] = _retries.GetValueOrDefault(cause) + 1;
        }
    }

    public static async Task<JsonDocument> JsonAsync(HttpResponseMessage response, CancellationToken cancellationToken)
    {
        await using var stream = await response.Content.ReadAsStreamAsync(cancellationToken);
        return await JsonDocument.ParseAsync(stream, cancellationToken: cancellationToken);
    }

    public void Dispose() => _http.Dispose();
}

/// <summary>POST /api/messages with <c>deliveryMode: expectReplies</c>; a retry resends the same activity (same id).</summary>
public sealed class MessagesConversationClient(RetryingHttp http, int number) : IConversationClient
{
    public string Transport => "messages";
    public string ConversationId { get; } = $"failover-{number}-{Guid.NewGuid():N}";
    public string UserId { get; } = $"failover-user-{number}";
    public IReadOnlyDictionary<string, int> Retries => http.Retries;

    public Task StartAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    public async Task<TurnResult> SendAsync(string text, CancellationToken cancellationToken)
    {
        var id = Guid.NewGuid().ToString("N");
        var body = new JsonObject
        {
            ["type"] = "message",
            ["id"] = id,
            ["channelId"] = "failover",
            // Never called: with expectReplies the replies come back in the response.
            ["serviceUrl"] = "http://127.0.0.1:9/",
            ["deliveryMode"] = "expectReplies",
            ["from"] = new JsonObject { ["id"] = UserId, ["name"] = "Patient" },
            ["recipient"] = new JsonObject { ["id"] = "cmlbot", ["name"] = "CmlBot" },
            ["conversation"] = new JsonObject { ["id"] = ConversationId },
            ["text"] = text,
        }.ToJsonString();
        var (response, retryCause) = await http.SendAsync(
            () => new HttpRequestMessage(HttpMethod.Post, "api/messages") { Content = new StringContent(body, Encoding.UTF8, "application/json") },
            "POST /api/messages", cancellationToken);
        using (response)
        using (var json = await RetryingHttp.JsonAsync(response, cancellationToken))
        {
            var replies = json.RootElement.TryGetProperty("activities", out var list) && list.ValueKind == JsonValueKind.Array
                ? list.EnumerateArray().Select(BotReply.From).ToList()
                : [];
            return new TurnResult(id, retryCause, replies);
        }
    }

    public void Dispose() => http.Dispose();
}

/// <summary>
/// The local Direct Line as the web page uses it: a token from POST /api/directline/token, POST
/// /v3/directline/conversations, then per message POST …/activities and GET …/activities?watermark= until the bot's
/// reply to it is there. Every request may land on either instance.
/// </summary>
public sealed class DirectLineConversationClient(RetryingHttp http) : IConversationClient
{
    private static readonly TimeSpan ReplyTimeout = TimeSpan.FromSeconds(60);

    private string? _token;
    private string? _watermark;

    public string Transport => "directline";
    public string ConversationId { get; private set; } = "";
    public string UserId { get; private set; } = "";
    public IReadOnlyDictionary<string, int> Retries => http.Retries;

    public async Task StartAsync(CancellationToken cancellationToken)
    {
        var (issued, _) = await http.SendAsync(() => new HttpRequestMessage(HttpMethod.Post, "api/directline/token"), "POST /api/directline/token", cancellationToken);
        using (issued)
        using (var json = await RetryingHttp.JsonAsync(issued, cancellationToken))
        {
            _token = json.RootElement.GetProperty("token").GetString();
            ConversationId = json.RootElement.GetProperty("conversationId").GetString()!;
            UserId = json.RootElement.GetProperty("userId").GetString()!;
        }
        var (started, _) = await http.SendAsync(() => Request(HttpMethod.Post, "v3/directline/conversations", ""), "POST /v3/directline/conversations", cancellationToken);
        started.Dispose();
    }

    public async Task<TurnResult> SendAsync(string text, CancellationToken cancellationToken)
    {
        var activity = new JsonObject
        {
            ["type"] = "message",
            ["text"] = text,
            ["from"] = new JsonObject { ["id"] = UserId, ["role"] = "user" },
        }.ToJsonString();
        var path = $"v3/directline/conversations/{ConversationId}/activities";
        var (posted, retryCause) = await http.SendAsync(() => Request(HttpMethod.Post, path, activity), "POST activities", cancellationToken);
        string sentId;
        using (posted)
        using (var json = await RetryingHttp.JsonAsync(posted, cancellationToken))
            sentId = json.RootElement.GetProperty("id").GetString()!;

        // POST returns once the bot's turn is over, so the first GET normally holds the reply.
        var received = new List<BotReply>();
        var deadline = DateTime.UtcNow + ReplyTimeout;
        while (DateTime.UtcNow < deadline)
        {
            var query = _watermark is null ? path : $"{path}?watermark={Uri.EscapeDataString(_watermark)}";
            var (got, _) = await http.SendAsync(() => Request(HttpMethod.Get, query, null), "GET activities", cancellationToken);
            using (got)
            using (var page = await RetryingHttp.JsonAsync(got, cancellationToken))
            {
                if (page.RootElement.TryGetProperty("watermark", out var w) && w.ValueKind == JsonValueKind.String) _watermark = w.GetString();
                var activities = page.RootElement.GetProperty("activities").EnumerateArray().Select(BotReply.From).ToList();
                // The user's own messages come back in the stream too; the checks are about the bot's.
                received.AddRange(activities.Where(a => a.FromId != UserId));
                if (received.Any(r => r.Type == "message" && r.ReplyToId == sentId)) return new TurnResult(sentId, retryCause, received);
                if (activities.Count == 0) await Task.Delay(20, cancellationToken);
            }
        }
        return new TurnResult(sentId, retryCause, received);
    }

    private HttpRequestMessage Request(HttpMethod method, string path, string? json)
    {
        var request = new HttpRequestMessage(method, path);
        request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", _token);
        if (json is not null) request.Content = new StringContent(json, Encoding.UTF8, "application/json");
        return request;
    }

    public void Dispose() => http.Dispose();
}
