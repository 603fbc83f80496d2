using System.IO.Compression;
using System.Net;
using System.Text.RegularExpressions;

namespace CmlBot.DirectLine.Tests;

/// <summary>What the answers say besides their bodies: no caching of tokens and conversations, caching and compression of the page's files, and no lost replies.</summary>
public sealed class ResponseHeaderTests
{
    [Fact]
    public async Task Every_Direct_Line_answer_carries_no_store()
    {
        await using var host = await TestHost.StartAsync();
        var dl = new DirectLineClient(host.Client);
        var (conversationId, token) = await dl.StartAsync();
        var responses = new[]
        {
            await dl.SendAsync(HttpMethod.Post, "api/directline/token", null, "{}"),
            await dl.GenerateTokenAsync(TestHost.Secret),
            await dl.RefreshTokenAsync(token),
            await dl.StartConversationAsync(token),
            await dl.SendAsync(HttpMethod.Get, $"v3/directline/conversations/{conversationId}", token),
            await dl.PostMessageAsync(conversationId, token, "hello"),
            await dl.GetActivitiesAsync(conversationId, token),
            await dl.GetActivitiesAsync(conversationId, "forged.token"),
        };
        Assert.All(responses, r => Assert.True(r.Headers.CacheControl?.NoStore, $"{r.Status} without no-store"));
    }

    [Fact]
    public async Task A_post_asking_for_expectReplies_is_refused_with_400_rather_than_losing_the_answer()
    {
        await using var host = await TestHost.StartAsync();
        var dl = new DirectLineClient(host.Client);
        var (conversationId, token) = await dl.StartAsync();
        var r = await dl.PostActivityAsync(conversationId, token, $$"""{"type":"message","text":"{{ScriptedBot.Question}}","deliveryMode":"expectReplies"}""");
        Assert.Equal(HttpStatusCode.BadRequest, r.Status);
        Assert.Contains("expectReplies", r.Body!["error"]!["message"]!.GetValue<string>(), StringComparison.Ordinal);
        Assert.Single((await dl.GetActivitiesAsync(conversationId, token)).Body!["activities"]!.AsArray()); // the welcome only
    }

    [Theory]
    [InlineData("gzip")]
    [InlineData("br")]
    public async Task Web_Chats_bundle_is_sent_compressed_and_kept_by_version(string encoding)
    {
        await using var host = await TestHost.StartAsync();
        var plain = await host.Client.GetByteArrayAsync("webchat/webchat.js");
        var page = await host.Client.GetStringAsync("");
        var version = Regex.Match(page, "src=\"webchat/webchat\\.js\\?v=([0-9a-f]{16})\"").Groups[1].Value;
        Assert.NotEmpty(version);

        using var request = new HttpRequestMessage(HttpMethod.Get, $"webchat/webchat.js?v={version}");
        request.Headers.AcceptEncoding.ParseAdd(encoding);
        using var response = await host.Client.SendAsync(request);
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal(encoding, Assert.Single(response.Content.Headers.ContentEncoding));
        Assert.Contains("Accept-Encoding", response.Headers.Vary);
        Assert.True(response.Headers.CacheControl!.Public);
        Assert.Equal(TimeSpan.FromDays(365), response.Headers.CacheControl.MaxAge);
        var compressed = await response.Content.ReadAsByteArrayAsync();
        Assert.True(compressed.Length < plain.Length / 2, $"{encoding}: {compressed.Length} of {plain.Length} bytes");
        await using Stream decoder = encoding == "br"
            ? new BrotliStream(new MemoryStream(compressed), CompressionMode.Decompress)
            : new GZipStream(new MemoryStream(compressed), CompressionMode.Decompress);
        using var decoded = new MemoryStream();
        await decoder.CopyToAsync(decoded);
        Assert.Equal(plain, decoded.ToArray());

        // Without the current version in the URL the file is revalidated, as the page itself always is.
        using var unversioned = await host.Client.GetAsync("webchat/webchat.js");
        Assert.True(unversioned.Headers.CacheControl!.NoCache);
    }

    [Fact]
    public async Task The_page_and_its_files_have_their_own_budget_per_client()
    {
        await using var host = await TestHost.StartAsync(new() { ["DirectLine:RateLimit:PagePermitsPerWindow"] = "3" }, forwardedHeaders: true);
        async Task<HttpStatusCode> Get(string path, string client)
        {
            using var request = new HttpRequestMessage(HttpMethod.Get, path);
            request.Headers.Add("X-Forwarded-For", client);
            using var response = await host.Client.SendAsync(request);
            return response.StatusCode;
        }
        Assert.Equal(HttpStatusCode.OK, await Get("", "203.0.113.7"));
        Assert.Equal(HttpStatusCode.OK, await Get("webchat/webchat.js", "203.0.113.7"));
        Assert.Equal(HttpStatusCode.OK, await Get("webchat/app.js", "203.0.113.7"));
        Assert.Equal(HttpStatusCode.TooManyRequests, await Get("webchat/webchat.js", "203.0.113.7"));
        Assert.Equal(HttpStatusCode.OK, await Get("webchat/webchat.js", "198.51.100.20"));
    }
}
