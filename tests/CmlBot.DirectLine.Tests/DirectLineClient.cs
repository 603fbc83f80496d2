using System.Net;
using System.Net.Http.Headers;
using System.Text;
using System.Text.Json.Nodes;

namespace CmlBot.DirectLine.Tests;

/// <summary>Direct Line calls as DirectLineJS makes them, for the HTTP tests.</summary>
internal sealed class DirectLineClient(HttpClient http, string? forwardedFor = null)
{
    public sealed record Response(HttpStatusCode Status, JsonNode? Body, HttpResponseHeaders Headers)
    {
        public string? ErrorCode => Body?["error"]?["code"]?.GetValue<string>();
    }

    public Task<Response> GenerateTokenAsync(string bearer) => SendAsync(HttpMethod.Post, "v3/directline/tokens/generate", bearer);

    public Task<Response> RefreshTokenAsync(string bearer) => SendAsync(HttpMethod.Post, "v3/directline/tokens/refresh", bearer);

    public Task<Response> StartConversationAsync(string bearer) => SendAsync(HttpMethod.Post, "v3/directline/conversations", bearer);

    public Task<Response> GetActivitiesAsync(string conversationId, string bearer, string? watermark = null) =>
        SendAsync(HttpMethod.Get, $"v3/directline/conversations/{conversationId}/activities" + (watermark is null ? "" : $"?watermark={watermark}"), bearer);

    public Task<Response> PostMessageAsync(string conversationId, string bearer, string text, string? clientActivityId = null) =>
        PostActivityAsync(conversationId, bearer, new JsonObject
        {
            ["type"] = "message",
            ["text"] = text,
            ["from"] = new JsonObject { ["id"] = "r_user", ["name"] = "", ["role"] = "user" },
            ["channelData"] = new JsonObject { ["clientActivityID"] = clientActivityId ?? Guid.NewGuid().ToString("N") },
        }.ToJsonString());

    public Task<Response> PostActivityAsync(string conversationId, string bearer, string json) =>
        SendAsync(HttpMethod.Post, $"v3/directline/conversations/{conversationId}/activities", bearer, json);

    /// <summary>The page's way in: a token from /api/directline/token, then the conversation started with it.</summary>
    public async Task<(Response Token, Response? Started)> StartFromPageAsync()
    {
        var issued = await SendAsync(HttpMethod.Post, "api/directline/token", null, "{}");
        if (issued.Status != HttpStatusCode.OK) return (issued, null);
        return (issued, await StartConversationAsync(issued.Body!["token"]!.GetValue<string>()));
    }

    /// <summary>A started conversation and its token, as the page gets them.</summary>
    public async Task<(string ConversationId, string Token)> StartAsync()
    {
        var generated = await GenerateTokenAsync(TestHost.Secret);
        var token = generated.Body!["token"]!.GetValue<string>();
        var started = await StartConversationAsync(token);
        Assert.Equal(HttpStatusCode.Created, started.Status);
        return (started.Body!["conversationId"]!.GetValue<string>(), token);
    }

    public async Task<Response> SendAsync(HttpMethod method, string path, string? bearer, string? json = null)
    {
        using var request = new HttpRequestMessage(method, path);
        if (forwardedFor is not null) request.Headers.Add("X-Forwarded-For", forwardedFor);
        if (bearer is not null) request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", bearer);
        if (json is not null) request.Content = new StringContent(json, Encoding.UTF8, "application/json");
        else if (method == HttpMethod.Post) request.Content = new StringContent("", Encoding.UTF8, "application/json");
        using var response = await http.SendAsync(request);
        var text = await response.Content.ReadAsStringAsync();
        return new Response(response.StatusCode, text.Length > 0 ? JsonNode.Parse(text) : null, response.Headers);
    }
}
