using System.Net;
using System.Text.Json.Nodes;
using CmlBot.DirectLine.Store;
using Microsoft.Extensions.DependencyInjection;
using Xunit.Abstractions;

namespace CmlBot.DirectLine.Tests;

/// <summary>
/// What a client posts is kept only as far as the bot reads it, typing and events are not queued, and what a
/// conversation holds and a poll returns is bounded in bytes, whatever is posted.
/// </summary>
public sealed class ByteBudgetTests(ITestOutputHelper output)
{
    private static JsonArray Activities(DirectLineClient.Response r) => r.Body!["activities"]!.AsArray();

    /// <summary>A message padded in every place a client can pad: channelData, extension data, entities, a long name.</summary>
    private static string Padded(string text, int padding) => new JsonObject
    {
        ["type"] = "message",
        ["text"] = text,
        ["from"] = new JsonObject { ["id"] = "r_user", ["name"] = new string('n', 1000), ["role"] = "user" },
        ["channelData"] = new JsonObject { ["clientActivityID"] = "client-1", ["pad"] = new string('c', padding) },
        ["extra"] = new string('e', padding),
        ["entities"] = new JsonArray(new JsonObject { ["type"] = "pad", ["pad"] = new string('p', padding) }),
    }.ToJsonString();

    [Fact]
    public async Task A_poll_after_padded_posts_stays_under_a_megabyte_and_the_host_keeps_little()
    {
        await using var host = await TestHost.StartAsync();
        var dl = new DirectLineClient(host.Client);
        var (conversationId, token) = await dl.StartAsync();

        // The old size of one padded post (256 KB of channelData) is refused outright.
        Assert.Equal(HttpStatusCode.RequestEntityTooLarge, (await dl.PostActivityAsync(conversationId, token, Padded("hi", 256 * 1024))).Status);
        for (var i = 0; i < 40; i++)
            Assert.Equal(HttpStatusCode.OK, (await dl.PostActivityAsync(conversationId, token, Padded($"question {i}", 9000))).Status);

        using var response = await host.Client.SendAsync(new HttpRequestMessage(HttpMethod.Get, $"v3/directline/conversations/{conversationId}/activities")
        {
            Headers = { Authorization = new("Bearer", token) },
        });
        var body = await response.Content.ReadAsByteArrayAsync();
        Assert.InRange(body.Length, 1, new DirectLineOptions().MaxBytesPerGet + 4096);
        Assert.True(body.Length < 1_000_000);
        var echoes = Activities(new DirectLineClient.Response(response.StatusCode, JsonNode.Parse(body), response.Headers))
            .Where(a => a!["from"]!["role"]!.GetValue<string>() == "user").ToList();
        Assert.NotEmpty(echoes);
        Assert.All(echoes, e =>
        {
            Assert.Null(e!["extra"]);
            Assert.Null(e["entities"]);
            Assert.Equal("""{"clientActivityID":"client-1"}""", e["channelData"]!.ToJsonString());
            Assert.Equal(64, e["from"]!["name"]!.GetValue<string>().Length);
        });

        var store = (InMemoryDirectLineStore)host.Services.GetRequiredService<IDirectLineStore>();
        output.WriteLine($"40 posts of ~28 KB: one poll {body.Length} bytes, {echoes.Count} echoes; the conversation holds {store.QueuedBytes} bytes");
        Assert.InRange(store.QueuedBytes, 1, new DirectLineOptions().MaxBytesPerConversation);
    }

    [Fact]
    public async Task Padding_in_the_text_itself_is_bounded_by_the_conversations_byte_budget()
    {
        await using var host = await TestHost.StartAsync(new() { ["DirectLine:MaxBytesPerConversation"] = "40000", ["DirectLine:MaxBytesPerGet"] = "20000" });
        var dl = new DirectLineClient(host.Client);
        var (conversationId, token) = await dl.StartAsync();
        for (var i = 0; i < 40; i++)
            Assert.Equal(HttpStatusCode.OK, (await dl.PostMessageAsync(conversationId, token, new string((char)('a' + i % 26), 3999))).Status);

        var store = (InMemoryDirectLineStore)host.Services.GetRequiredService<IDirectLineStore>();
        Assert.InRange(store.QueuedBytes, 1, 40000);
        // One poll: at most 20 KB (here 4 echoes of ~4 KB and their replies), then the client pages on.
        var first = await dl.GetActivitiesAsync(conversationId, token);
        Assert.InRange(first.Body!.ToJsonString().Length, 1, 20000 + 2048);
        var next = await dl.GetActivitiesAsync(conversationId, token, first.Body!["watermark"]!.GetValue<string>());
        Assert.NotEmpty(Activities(next));
    }

    [Fact]
    public async Task Typing_and_event_activities_are_acknowledged_but_not_queued()
    {
        await using var host = await TestHost.StartAsync();
        var dl = new DirectLineClient(host.Client);
        var (conversationId, token) = await dl.StartAsync();
        var typing = await dl.PostActivityAsync(conversationId, token, """{"type":"typing","from":{"id":"r_user"}}""");
        var ev = await dl.PostActivityAsync(conversationId, token, $$"""{"type":"event","name":"pad","value":"{{new string('v', 3000)}}"}""");
        Assert.Equal(HttpStatusCode.OK, typing.Status);
        Assert.Equal(HttpStatusCode.OK, ev.Status);
        Assert.False(string.IsNullOrEmpty(typing.Body!["id"]!.GetValue<string>()));

        // Only the welcome is there: nothing was queued, and the bot was not run.
        var only = Assert.Single(Activities(await dl.GetActivitiesAsync(conversationId, token)))!;
        Assert.Equal(ScriptedBot.Welcome, only["text"]!.GetValue<string>());
    }

    [Fact]
    public async Task A_cards_value_and_attachments_types_are_kept_and_a_large_value_is_refused()
    {
        await using var host = await TestHost.StartAsync();
        var dl = new DirectLineClient(host.Client);
        var (conversationId, token) = await dl.StartAsync();
        var submit = """{"type":"message","value":{"choice":"p1"},"attachments":[{"contentType":"image/png","contentUrl":"data:image/png;base64,AAAA","name":"x.png"}]}""";
        Assert.Equal(HttpStatusCode.OK, (await dl.PostActivityAsync(conversationId, token, submit)).Status);
        var echo = Activities(await dl.GetActivitiesAsync(conversationId, token, "0"))[0]!;
        Assert.Equal("p1", echo["value"]!["choice"]!.GetValue<string>());
        Assert.Equal("""[{"contentType":"image/png"}]""", echo["attachments"]!.ToJsonString());

        var big = $$$"""{"type":"message","value":{"choice":"{{{new string('x', 5000)}}}"}}""";
        Assert.Equal(HttpStatusCode.RequestEntityTooLarge, (await dl.PostActivityAsync(conversationId, token, big)).Status);
    }
}
