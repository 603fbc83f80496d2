using System.Net;
using System.Net.Http.Headers;
using System.Text;
using Newtonsoft.Json.Linq;

namespace CmlBot.Tests;

/// <summary>A conversation on the host's own Direct Line, as the web page holds one: token, conversation, messages.</summary>
public sealed class PageConversation(HttpClient client, string id, string token)
{
    public string Id { get; } = id;

    public static async Task<PageConversation> StartAsync(HttpClient client)
    {
        using var page = await client.PostAsync("/api/directline/token", null);
        Assert.Equal(HttpStatusCode.OK, page.StatusCode);
        var token = (string)JObject.Parse(await page.Content.ReadAsStringAsync())["token"]!;
        using var request = new HttpRequestMessage(HttpMethod.Post, "/v3/directline/conversations") { Content = new StringContent("", Encoding.UTF8, "application/json") };
        request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", token);
        using var started = await client.SendAsync(request);
        Assert.Equal(HttpStatusCode.Created, started.StatusCode);
        return new PageConversation(client, (string)JObject.Parse(await started.Content.ReadAsStringAsync())["conversationId"]!, token);
    }

    /// <summary>Sends the text and returns the bot's replies to it (the turn runs before the POST answers).</summary>
    public async Task<IReadOnlyList<string>> SayAsync(string text)
    {
        var activity = new JObject { ["type"] = "message", ["from"] = new JObject { ["id"] = "user" }, ["text"] = text };
        using var post = new HttpRequestMessage(HttpMethod.Post, $"/v3/directline/conversations/{Id}/activities")
        {
            Content = new StringContent(activity.ToString(), Encoding.UTF8, "application/json"),
        };
        post.Headers.Authorization = new AuthenticationHeaderValue("Bearer", token);
        using var posted = await client.SendAsync(post);
        Assert.Equal(HttpStatusCode.OK, posted.StatusCode);
        var sentId = (string)JObject.Parse(await posted.Content.ReadAsStringAsync())["id"]!;

        using var get = new HttpRequestMessage(HttpMethod.Get, $"/v3/directline/conversations/{Id}/activities");
        get.Headers.Authorization = new AuthenticationHeaderValue("Bearer", token);
        using var response = await client.SendAsync(get);
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        return JObject.Parse(await response.Content.ReadAsStringAsync())["activities"]!
            .Where(a => (string?)a["replyToId"] == sentId)
            .Select(a => (string?)a["text"] ?? "")
            .ToList();
    }
}
