using System.Net;
using CmlBot.Deployment.Tests.Failover;
using CmlBot.Deployment.Tests.Infrastructure;
using CmlBot.Hosting;
using Microsoft.Extensions.Configuration;
using Xunit.Abstractions;

namespace CmlBot.Deployment.Tests;

/// <summary>
/// Behind nginx every request comes from 127.0.0.1; with Hosting:ForwardedHeaders the Direct Line rate limit still
/// counts each patient apart (here: clients on 127.0.3.1 and 127.0.3.2).
/// </summary>
[Collection(DeploymentCollection.Name)]
public sealed class ForwardedHeadersTests
{
    [Fact]
    public async Task Behind_nginx_the_rate_limit_counts_each_client_not_the_proxy()
    {
        Prerequisites.Require("nginx");
        using var cancel = new CancellationTokenSource(TimeSpan.FromMinutes(3));
        await using var cluster = await Cluster.StartAsync(new ClusterOptions
        {
            Storage = "memory",
            Instances = 1,
            HostArguments = ["--DirectLine:RateLimit:PermitsPerWindow=3", "--DirectLine:RateLimit:WindowSeconds=600"],
        }, cancel.Token);
        using var first = new RetryingHttp(IPAddress.Parse("127.0.3.1"), cluster.Address);
        using var second = new RetryingHttp(IPAddress.Parse("127.0.3.2"), cluster.Address);

        for (var i = 0; i < 3; i++) Assert.Equal(HttpStatusCode.OK, await TokenAsync(first, cancel.Token));
        Assert.Equal(HttpStatusCode.TooManyRequests, await TokenAsync(first, cancel.Token));
        Assert.Equal(HttpStatusCode.OK, await TokenAsync(second, cancel.Token));
    }

    [Fact]
    public void Forwarded_headers_are_off_unless_configured_and_then_trust_only_the_listed_proxies()
    {
        Assert.Null(ProxyForwarding.Options(Configuration([])));

        var on = ProxyForwarding.Options(Configuration(["--Hosting:ForwardedHeaders:Enabled=true"]))!;
        Assert.Equal([IPAddress.Parse("127.0.0.1"), IPAddress.IPv6Loopback], on.KnownProxies);
        Assert.Empty(on.KnownIPNetworks);
        Assert.Equal(1, on.ForwardLimit);

        Assert.Throws<InvalidOperationException>(() => ProxyForwarding.Options(new ConfigurationBuilder()
            .AddInMemoryCollection(new Dictionary<string, string?> { ["Hosting:ForwardedHeaders:Enabled"] = "true" }).Build()));
    }

    private static IConfiguration Configuration(string[] overrides) => Cli.CommandLine.Configuration(RepoRoot.Path, overrides);

    private static async Task<HttpStatusCode> TokenAsync(RetryingHttp http, CancellationToken cancellationToken)
    {
        try
        {
            var (response, _) = await http.SendAsync(() => new HttpRequestMessage(HttpMethod.Post, "api/directline/token"), "POST token", cancellationToken);
            using (response) return response.StatusCode;
        }
        catch (TransportFailureException e) when (e.Message.EndsWith("answered 429", StringComparison.Ordinal))
        {
            return HttpStatusCode.TooManyRequests;
        }
    }
}
