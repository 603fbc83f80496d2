using System.Net.Http.Headers;
using System.Text;
using CmlBot.Bot.Answers;
using CmlBot.Core;
using CmlBot.Hosting;
using Microsoft.AspNetCore.Builder;
using Microsoft.Extensions.DependencyInjection;
using Newtonsoft.Json.Linq;

namespace CmlBot.Tests;

/// <summary>The real host (same Build and MapCmlBot as Program.cs) on Kestrel, on a free loopback port.</summary>
public sealed class RunningHost : IAsyncDisposable
{
    private readonly WebApplication _app;

    private RunningHost(WebApplication app, Uri address)
    {
        _app = app;
        Client = new HttpClient { BaseAddress = address };
    }

    public HttpClient Client { get; }

    /// <summary>Every address the host listens on (the client talks to the first).</summary>
    public IReadOnlyList<Uri> Addresses => _app.Urls.Select(u => new Uri(u)).ToList();
    public IServiceProvider Services => _app.Services;

    public static async Task<RunningHost> StartAsync(IEnumerable<string>? args = null, Action<IServiceCollection>? configureServices = null, bool bindUrls = true)
    {
        var allArgs = (bindUrls ? ["--urls=http://127.0.0.1:0"] : Array.Empty<string>()).Concat(args ?? []).ToArray();
        var app = BotHost.Build(allArgs, RepoRoot.Path, configureServices);
        app.MapCmlBot();
        await app.StartAsync();
        var address = app.Urls.First();
        return new RunningHost(app, new Uri(address));
    }

    public Task<QuestionAnswerer> CoreAsync() => Services.GetRequiredService<ICoreProvider>().GetAsync(CancellationToken.None);

    public Task<HttpResponseMessage> PostAsync(string body, string? authorization = null) => PostAsync(Client, body, authorization);

    public static Task<HttpResponseMessage> PostAsync(HttpClient client, string body, string? authorization = null)
    {
        var request = new HttpRequestMessage(HttpMethod.Post, Endpoints.Messages) { Content = new StringContent(body, Encoding.UTF8, "application/json") };
        if (authorization is not null) request.Headers.Authorization = AuthenticationHeaderValue.Parse(authorization);
        return client.SendAsync(request);
    }

    /// <summary>Posts with deliveryMode expectReplies and returns the replies from the response body.</summary>
    public async Task<IReadOnlyList<JObject>> ExpectRepliesAsync(JObject activity)
    {
        activity["deliveryMode"] = "expectReplies";
        using var response = await PostAsync(activity.ToString());
        Assert.Equal(System.Net.HttpStatusCode.OK, response.StatusCode);
        var body = JObject.Parse(await response.Content.ReadAsStringAsync());
        return body["activities"]!.Cast<JObject>().ToList();
    }

    public static JObject Activity(string type, string conversation, string user = "user-1") => new()
    {
        ["type"] = type,
        ["id"] = Guid.NewGuid().ToString("N"),
        ["channelId"] = "test",
        // Loopback and unused: with expectReplies the replies come back in the response, not by callback.
        ["serviceUrl"] = "http://127.0.0.1:9/",
        ["from"] = new JObject { ["id"] = user, ["name"] = "User" },
        ["recipient"] = new JObject { ["id"] = "cmlbot", ["name"] = "CmlBot" },
        ["conversation"] = new JObject { ["id"] = conversation },
    };

    public static JObject Message(string text, string conversation, string user = "user-1")
    {
        var activity = Activity("message", conversation, user);
        activity["text"] = text;
        return activity;
    }

    public static IReadOnlyList<int> Citations(JObject reply) =>
        reply["entities"]?.FirstOrDefault(e => (string?)e["type"] == Bot.Replies.Citations.EntityType)?["citation"]?.Select(c => (int)c["position"]!).ToList() ?? [];

    public async ValueTask DisposeAsync()
    {
        Client.Dispose();
        await _app.StopAsync();
        await _app.DisposeAsync();
    }
}

/// <summary>One anonymous host (empty app id, as in appsettings.json) shared by the HTTP tests.</summary>
public sealed class HostFixture : IAsyncLifetime
{
    public RunningHost Host { get; private set; } = null!;
    public QuestionAnswerer Core { get; private set; } = null!;

    public async Task InitializeAsync()
    {
        Host = await RunningHost.StartAsync();
        Core = await Host.CoreAsync();
    }

    public async Task DisposeAsync() => await Host.DisposeAsync();

    private static readonly string[] Candidates =
    [
        "What is relative failure on imatinib?",
        "Is Tasigna an alternative after imatinib resistance?",
        "Does a higher dose of imatinib help with resistance?",
        "Can interferon help after relapse from a stem cell transplant?",
        "What is a buffy coat infusion?",
        "What counts as overt failure?",
    ];

    /// <summary>A question the core (as currently tuned) answers with references.</summary>
    public string CitedQuestion() => Candidates.First(q => Core.Ask(q) is { Answered: true, IsAmbiguous: false, References.Count: > 0 });
}

[CollectionDefinition(Name)]
public sealed class HostCollection : ICollectionFixture<HostFixture>
{
    public const string Name = "host";
}
