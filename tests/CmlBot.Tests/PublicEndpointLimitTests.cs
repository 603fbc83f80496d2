using System.Net;

namespace CmlBot.Tests;

/// <summary>The host's public GETs besides Direct Line are limited per client too: the feedback counts share the page's allowance.</summary>
public sealed class PublicEndpointLimitTests
{
    [Fact]
    public async Task The_feedback_counts_are_limited_per_client_like_the_page()
    {
        await using var host = await RunningHost.StartAsync(
            ["--DirectLine:RateLimit:PagePermitsPerWindow=3", "--Hosting:ForwardedHeaders:Enabled=true", "--Feedback:ReadKey=counts-key"]);
        async Task<HttpResponseMessage> Get(string path, string client)
        {
            using var request = new HttpRequestMessage(HttpMethod.Get, path);
            request.Headers.Add("X-Forwarded-For", client);
            request.Headers.Authorization = new System.Net.Http.Headers.AuthenticationHeaderValue("Bearer", "counts-key");
            return await host.Client.SendAsync(request);
        }
        for (var i = 0; i < 3; i++)
        {
            using var ok = await Get("api/feedback", "203.0.113.7");
            Assert.Equal(HttpStatusCode.OK, ok.StatusCode);
        }
        using var limited = await Get("api/feedback", "203.0.113.7");
        Assert.Equal(HttpStatusCode.TooManyRequests, limited.StatusCode);
        Assert.NotNull(limited.Headers.RetryAfter);
        using var page = await Get("", "203.0.113.7");
        Assert.Equal(HttpStatusCode.TooManyRequests, page.StatusCode);

        using var other = await Get("api/feedback", "198.51.100.20");
        Assert.Equal(HttpStatusCode.OK, other.StatusCode);
        using var health = await Get("healthz", "203.0.113.7");
        Assert.NotEqual(HttpStatusCode.TooManyRequests, health.StatusCode);
    }
}
