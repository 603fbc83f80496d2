using System.Net.Http.Headers;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;

namespace CmlBot.LoadTest;

/// <summary>
/// POST /api/messages with <c>deliveryMode: expectReplies</c>: the replies come back in the response body, as the
/// Emulator and Teams' test tools use it. Each conversation has its own user, so each gets the welcome once.
/// </summary>
/// <param name="readText">Whether replies' text is read (see <see cref="LoadTestReply.From"/>).</param>
public sealed class LoadTestMessagesClient(HttpClient http, bool readText = true) : ILoadTestClient
{
    public LoadTestTransport Transport => LoadTestTransport.Messages;

    public Task<LoadTestConversation> StartAsync(long number, CancellationToken cancellationToken) =>
        Task.FromResult(new LoadTestConversation(number, $"lt-{Guid.NewGuid():N}", $"lt-user-{number}"));

    public async Task<LoadTestExchange> SendAsync(LoadTestConversation conversation, string text, CancellationToken cancellationToken)
    {
        var id = Guid.NewGuid().ToString("N");
        var activity = new JsonObject
        {
            ["type"] = "message",
            ["id"] = id,
            ["channelId"] = "loadtest",
            // Never called: with expectReplies the replies are in the response.
            ["serviceUrl"] = "http://127.0.0.1:9/",
            ["deliveryMode"] = "expectReplies",
            ["from"] = new JsonObject { ["id"] = conversation.UserId, ["name"] = "Load test" },
            ["recipient"] = new JsonObject { ["id"] = "cmlbot", ["name"] = "CmlBot" },
            ["conversation"] = new JsonObject { ["id"] = conversation.Id },
            ["text"] = text,
        };
        using var content = new StringContent(activity.ToJsonString(), Encoding.UTF8, "application/json");
        using var response = await http.PostAsync("api/messages", content, cancellationToken);
        if (!response.IsSuccessStatusCode) throw new LoadTestHttpException($"/api/messages answered {(int)response.StatusCode}");
        await using var body = await response.Content.ReadAsStreamAsync(cancellationToken);
        using var json = await JsonDocument.ParseAsync(body, cancellationToken: cancellationToken);
        var replies = json.RootElement.TryGetProperty("activities", out var list) && list.ValueKind == JsonValueKind.Array
            ? list.EnumerateArray().Select(a => LoadTestReply.From(a, readText)).ToList()
            : [];
        return new LoadTestExchange(id, replies);
    }

    public Task FinishAsync(LoadTestConversation conversation, CancellationToken cancellationToken) => Task.CompletedTask;
}

/// <summary>
/// The local Direct Line as the web page uses it: POST /api/directline/token, POST /v3/directline/conversations,
/// then per turn POST the activity and GET activities after the watermark until the bot's reply is there.
/// </summary>
/// <param name="readText">Whether replies' text is read (see <see cref="LoadTestReply.From"/>).</param>
public sealed class LoadTestDirectLineClient(HttpClient http, bool readText = true) : ILoadTestClient
{
    private static readonly TimeSpan PollDelay = TimeSpan.FromMilliseconds(5);

    public LoadTestTransport Transport => LoadTestTransport.DirectLine;

    public async Task<LoadTestConversation> StartAsync(long number, CancellationToken cancellationToken)
    {
        using var tokenResponse = await http.PostAsync("api/directline/token", null, cancellationToken);
        using var page = await ReadAsync(tokenResponse, "/api/directline/token", cancellationToken);
        var token = page.RootElement.GetProperty("token").GetString()!;
        var conversationId = page.RootElement.GetProperty("conversationId").GetString()!;
        var userId = page.RootElement.GetProperty("userId").GetString()!;

        using var start = Request(HttpMethod.Post, "v3/directline/conversations", token, "");
        using var started = await http.SendAsync(start, cancellationToken);
        (await ReadAsync(started, "/v3/directline/conversations", cancellationToken)).Dispose();
        return new LoadTestConversation(number, conversationId, userId, token);
    }

    public async Task<LoadTestExchange> SendAsync(LoadTestConversation conversation, string text, CancellationToken cancellationToken)
    {
        var activity = new JsonObject
        {
            ["type"] = "message",
            ["text"] = text,
            ["from"] = new JsonObject { ["id"] = conversation.UserId, ["role"] = "user" },
        };
        var path = $"v3/directline/conversations/{conversation.Id}/activities";
        using var post = Request(HttpMethod.Post, path, conversation.Token!, activity.ToJsonString());
        using var posted = await http.SendAsync(post, cancellationToken);
        string sentId;
        using (var body = await ReadAsync(posted, "POST activities", cancellationToken)) sentId = body.RootElement.GetProperty("id").GetString()!;

        // The POST returns once the bot's turn is over, so the first GET normally holds the reply; poll in case
        // a store or a future transport delivers later.
        var received = new List<LoadTestReply>();
        while (true)
        {
            var query = conversation.Watermark is null ? path : $"{path}?watermark={Uri.EscapeDataString(conversation.Watermark)}";
            using var get = Request(HttpMethod.Get, query, conversation.Token!, null);
            using var got = await http.SendAsync(get, cancellationToken);
            using var page = await ReadAsync(got, "GET activities", cancellationToken);
            if (page.RootElement.TryGetProperty("watermark", out var w) && w.ValueKind == JsonValueKind.String) conversation.Watermark = w.GetString();
            var count = 0;
            foreach (var a in page.RootElement.GetProperty("activities").EnumerateArray())
            {
                count++;
                // The user's own activity comes back in the stream too; the checks are about the bot's.
                var fromUser = a.TryGetProperty("from", out var from) && from.TryGetProperty("id", out var fromId) && fromId.ValueEquals(conversation.UserId);
                if (!fromUser) received.Add(LoadTestReply.From(a, readText));
            }
            if (received.Any(r => r.ReplyToId == sentId && r.Type == "message")) return new LoadTestExchange(sentId, received);
            if (count == 0) await Task.Delay(PollDelay, cancellationToken);
        }
    }

    /// <summary>
    /// Web Chat polls every second for as long as the page is open, so the reply it last received is acknowledged
    /// by its next poll (its watermark); that poll is made here, once, before the conversation is left.
    /// </summary>
    public async Task FinishAsync(LoadTestConversation conversation, CancellationToken cancellationToken)
    {
        if (conversation.Watermark is null) return;
        var path = $"v3/directline/conversations/{conversation.Id}/activities?watermark={Uri.EscapeDataString(conversation.Watermark)}";
        using var get = Request(HttpMethod.Get, path, conversation.Token!, null);
        using var got = await http.SendAsync(get, cancellationToken);
        (await ReadAsync(got, "GET activities", cancellationToken)).Dispose();
    }

    private static HttpRequestMessage Request(HttpMethod method, string path, string token, string? json)
    {
        var request = new HttpRequestMessage(method, path);
        request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", token);
        if (json is not null) request.Content = new StringContent(json, Encoding.UTF8, "application/json");
        return request;
    }

    private static async Task<JsonDocument> ReadAsync(HttpResponseMessage response, string what, CancellationToken cancellationToken)
    {
        if (!response.IsSuccessStatusCode) throw new LoadTestHttpException($"{what} answered {(int)response.StatusCode}");
        await using var stream = await response.Content.ReadAsStreamAsync(cancellationToken);
        return await JsonDocument.ParseAsync(stream, cancellationToken: cancellationToken);
    }
}
