using System.Net;
using System.Net.Sockets;
using System.Text;
using System.Text.Json.Nodes;
using CmlBot.Deployment.Tests.Infrastructure;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Logging;
using Xunit.Abstractions;

namespace CmlBot.Deployment.Tests;

/// <summary>
/// The configuration as shipped (no MicrosoftAppId) behind nginx: a client on another machine must not be able to
/// run turns on /api/messages or make an instance post to an address of its choosing. The other machine is this
/// machine's own network address (not loopback), which is what nginx and the instance then see.
/// </summary>
[Collection(DeploymentCollection.Name)]
public sealed class AnonymousMessagesTests
{
    [Fact]
    public async Task Behind_nginx_an_anonymous_message_from_another_machine_is_refused_and_nothing_is_posted()
    {
        Prerequisites.Require("nginx");
        var machine = System.Net.NetworkInformation.NetworkInterface.GetAllNetworkInterfaces()
            .SelectMany(n => n.GetIPProperties().UnicastAddresses).Select(u => u.Address)
            .FirstOrDefault(a => a.AddressFamily == AddressFamily.InterNetwork && !IPAddress.IsLoopback(a));
        Assert.True(machine is not null, "this test needs an IPv4 address on a network interface (a client that is not loopback)");

        using var cancel = new CancellationTokenSource(TimeSpan.FromMinutes(3));
        await using var cluster = await Cluster.StartAsync(new ClusterOptions { Storage = "memory", Instances = 1 }, cancel.Token);
        var posts = 0;
        await using var catcher = await CatcherAsync(() => Interlocked.Increment(ref posts));
        string Message(string conversation) => new JsonObject
        {
            ["type"] = "message",
            ["id"] = Guid.NewGuid().ToString("N"),
            ["channelId"] = "emulator",
            ["serviceUrl"] = catcher.Urls.Single() + "/",
            ["from"] = new JsonObject { ["id"] = "u-" + conversation },
            ["recipient"] = new JsonObject { ["id"] = "cmlbot" },
            ["conversation"] = new JsonObject { ["id"] = conversation },
            ["text"] = "What is a buffy coat infusion?",
        }.ToJsonString();

        using (var remote = Client(machine!, cluster.Address))
        using (var refused = await remote.PostAsync("api/messages", new StringContent(Message("remote"), Encoding.UTF8, "application/json"), cancel.Token))
            Assert.Equal(HttpStatusCode.Forbidden, refused.StatusCode);
        Assert.Equal(0, Volatile.Read(ref posts));

        // The same request from this machine is answered and its replies posted: the catcher would have seen any.
        using var local = Client(IPAddress.Loopback, cluster.Address);
        using var accepted = await local.PostAsync("api/messages", new StringContent(Message("local"), Encoding.UTF8, "application/json"), cancel.Token);
        Assert.Equal(HttpStatusCode.OK, accepted.StatusCode);
        Assert.True(Volatile.Read(ref posts) > 0);
    }

    private static HttpClient Client(IPAddress local, Uri address) => new(LoopbackClientHandler.From(local)) { BaseAddress = address };

    /// <summary>A stand-in for a service on this machine: answers any POST as a channel would, and counts it.</summary>
    private static async Task<WebApplication> CatcherAsync(Action posted)
    {
        var builder = WebApplication.CreateSlimBuilder();
        builder.WebHost.UseUrls("http://127.0.0.1:0");
        builder.Logging.ClearProviders();
        var app = builder.Build();
        app.MapPost("/{**path}", () =>
        {
            posted();
            return Results.Json(new { id = "caught" });
        });
        await app.StartAsync();
        return app;
    }
}
