using System.Net;
using System.Net.Http.Headers;
using CmlBot.Bot.Answers;
using CmlBot.Hosting;
using Microsoft.Extensions.DependencyInjection;
using Newtonsoft.Json.Linq;

namespace CmlBot.Tests;

/// <summary>Votes over HTTP count once per passage per conversation; the counts are for the hospital, not the public.</summary>
[Collection(HostCollection.Name)]
public sealed class FeedbackHttpTests(HostFixture fixture)
{
    private Task<RunningHost> StartAsync(params string[] args) =>
        RunningHost.StartAsync(args, s => s.AddSingleton<ICoreProvider>(new ReadyCoreProvider(fixture.Core)));

    [Fact]
    public async Task Repeated_votes_from_one_conversation_are_counted_once()
    {
        await using var host = await StartAsync();
        var question = fixture.CitedQuestion();
        for (var i = 0; i < 4; i++)
        {
            await host.ExpectRepliesAsync(RunningHost.Message(question, "votes", "voter"));
            Assert.Contains("Thank you", (string?)(await host.ExpectRepliesAsync(RunningHost.Message("yes", "votes", "voter")))[^1]["text"]);
        }
        using var response = await host.Client.GetAsync(Endpoints.Feedback);
        var counts = JObject.Parse(await response.Content.ReadAsStringAsync());
        Assert.Equal((1, 1), ((int)counts["total"]!, (int)counts["helpful"]!));
    }

    [Theory]
    [InlineData(null, HttpStatusCode.Unauthorized)]
    [InlineData("Bearer wrong-key", HttpStatusCode.Unauthorized)]
    [InlineData("Basic cmVwb3J0cy1rZXk=", HttpStatusCode.Unauthorized)]
    [InlineData("Bearer reports-key", HttpStatusCode.OK)]
    public async Task With_a_read_key_the_counts_need_it(string? authorization, HttpStatusCode expected)
    {
        await using var host = await StartAsync("--Feedback:ReadKey=reports-key");
        using var request = new HttpRequestMessage(HttpMethod.Get, Endpoints.Feedback);
        if (authorization is not null) request.Headers.Authorization = AuthenticationHeaderValue.Parse(authorization);
        using var response = await host.Client.SendAsync(request);
        Assert.Equal(expected, response.StatusCode);
    }

    [Theory]
    [InlineData("203.0.113.9", HttpStatusCode.Forbidden)]
    [InlineData("127.0.0.1", HttpStatusCode.OK)]
    public async Task Without_a_read_key_the_counts_are_served_to_this_machine_only(string forwardedFor, HttpStatusCode expected)
    {
        await using var host = await StartAsync("--Hosting:ForwardedHeaders:Enabled=true");
        using var request = new HttpRequestMessage(HttpMethod.Get, Endpoints.Feedback);
        request.Headers.Add("X-Forwarded-For", forwardedFor);
        using var response = await host.Client.SendAsync(request);
        Assert.Equal(expected, response.StatusCode);
    }
}
