using System.Net;
using CmlBot.Bot.Answers;
using CmlBot.Hosting;
using Microsoft.Bot.Connector.Authentication;
using Microsoft.Extensions.DependencyInjection;

namespace CmlBot.Tests;

/// <summary>
/// /api/messages keeps the clients a turn talks back through (<see cref="ReusingBotFrameworkAuthentication"/>):
/// replies still reach the channel on every turn after the first turn's end, and a caller cannot make the host keep
/// more than the capacity.
/// </summary>
[Collection(HostCollection.Name)]
public sealed class ReusedBotClientsTests(HostFixture fixture)
{
    private Task<RunningHost> StartAsync() =>
        RunningHost.StartAsync(["--Hosting:MessagesRateLimit:PermitsPerWindow=100000"], s => s.AddSingleton<ICoreProvider>(new ReadyCoreProvider(fixture.Core)));

    private static ReusingBotFrameworkAuthentication Authentication(RunningHost host) =>
        Assert.IsType<ReusingBotFrameworkAuthentication>(host.Services.GetRequiredService<BotFrameworkAuthentication>());

    [Fact]
    public async Task Replies_reach_the_channel_on_every_turn_through_one_kept_client()
    {
        await using var catcher = await ServiceUrlCatcher.StartAsync();
        await using var host = await StartAsync();

        var posts = 0;
        for (var turn = 0; turn < 3; turn++)
        {
            var message = RunningHost.Message("What is a buffy coat infusion?", $"kept-{turn}");
            message["serviceUrl"] = catcher.Url;
            using var response = await host.PostAsync(message.ToString());
            Assert.Equal(HttpStatusCode.OK, response.StatusCode);
            // The turn before disposed what it was given; the kept client still posts.
            Assert.True(catcher.Posts > posts, $"turn {turn} posted nothing");
            posts = catcher.Posts;
        }
        Assert.Equal(1, Authentication(host).KeptConnectors);
    }

    [Fact]
    public async Task Service_urls_beyond_the_capacity_are_answered_with_clients_of_their_own()
    {
        await using var host = await StartAsync();

        for (var i = 0; i < ReusingBotFrameworkAuthentication.Capacity + 20; i++)
        {
            var message = RunningHost.Message("hello", $"many-urls-{i}");
            message["serviceUrl"] = $"http://127.0.0.1:{10000 + i}/";
            var replies = await host.ExpectRepliesAsync(message);
            Assert.NotEmpty(replies);
        }
        Assert.Equal(ReusingBotFrameworkAuthentication.Capacity, Authentication(host).KeptConnectors);
    }
}
