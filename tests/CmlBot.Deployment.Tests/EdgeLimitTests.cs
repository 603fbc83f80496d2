using System.Net;
using CmlBot.Deployment.Tests.Infrastructure;
using Xunit.Abstractions;

namespace CmlBot.Deployment.Tests;

/// <summary>nginx with the repository's configuration in front of a real host: a flood from one address stops at nginx, and the page goes out compressed.</summary>
[Collection(DeploymentCollection.Name)]
public sealed class EdgeLimitTests(ITestOutputHelper output)
{
    [Fact]
    public async Task Behind_nginx_a_flood_from_one_address_is_refused_and_the_pages_bundle_is_compressed()
    {
        Prerequisites.Require("nginx");
        using var cancel = new CancellationTokenSource(TimeSpan.FromMinutes(3));
        await using var cluster = await Cluster.StartAsync(new ClusterOptions { Storage = "memory", Instances = 1 }, cancel.Token);
        using var http = new HttpClient { BaseAddress = cluster.Address };

        // 600 polls at once from one address: more than the zone's burst (200) on top of its rate (100 a second), and
        // more at once than the 100 connections a client may have in progress.
        var statuses = await Task.WhenAll(Enumerable.Range(0, 600).Select(async _ =>
        {
            using var response = await http.GetAsync("v3/directline/conversations/nope/activities", cancel.Token);
            return response.StatusCode;
        }));
        var refused = statuses.Count(s => s == HttpStatusCode.TooManyRequests);
        output.WriteLine($"{refused} of {statuses.Length} refused by nginx");
        Assert.InRange(600 - refused, 1, 200 + 100);
        // The rest reached the host, which refused them itself (no token): the host was never flooded past the burst.
        Assert.All(statuses.Where(s => s != HttpStatusCode.TooManyRequests), s => Assert.Equal(HttpStatusCode.Forbidden, s));

        using var request = new HttpRequestMessage(HttpMethod.Get, "webchat/webchat.js");
        request.Headers.AcceptEncoding.ParseAdd("gzip");
        using var bundle = await http.SendAsync(request, cancel.Token);
        Assert.Equal(HttpStatusCode.OK, bundle.StatusCode);
        Assert.Equal("gzip", Assert.Single(bundle.Content.Headers.ContentEncoding));
        var bytes = (await bundle.Content.ReadAsByteArrayAsync(cancel.Token)).Length;
        output.WriteLine($"webchat.js through nginx, gzip: {bytes} bytes");
        Assert.InRange(bytes, 100_000, 1_500_000);
    }
}
