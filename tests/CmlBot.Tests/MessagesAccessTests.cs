using System.Net;
using CmlBot.Bot.Answers;
using CmlBot.Hosting;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;
using Newtonsoft.Json.Linq;

namespace CmlBot.Tests;

/// <summary>
/// /api/messages without an app id (the default) is the Emulator's and the tests' door: it must answer this machine
/// only, post nowhere but this machine, and never reach the state of a web-page conversation.
/// </summary>
[Collection(HostCollection.Name)]
public sealed class MessagesAccessTests(HostFixture fixture)
{
    private Action<IServiceCollection> ReadyCore(Action<IServiceCollection>? more = null) => s =>
    {
        s.AddSingleton<ICoreProvider>(new ReadyCoreProvider(fixture.Core));
        more?.Invoke(s);
    };

    /// <summary>A message delivered the normal way: the host posts its replies to the serviceUrl.</summary>
    private static string Delivered(string serviceUrl, string conversation)
    {
        var message = RunningHost.Message("What is a buffy coat infusion?", conversation);
        message["serviceUrl"] = serviceUrl;
        return message.ToString();
    }

    [Fact]
    public async Task Anonymous_call_from_off_machine_is_refused_with_nothing_posted_out()
    {
        await using var catcher = await ServiceUrlCatcher.StartAsync();
        var machine = MachineAddress.NonLoopbackIPv4();
        // Kestrel on this machine's network address: the connection really comes from a non-loopback address. A
        // machine with no network interface gets the same refusal through a test seam that sets the peer address.
        await using var host = machine is not null
            ? await RunningHost.StartAsync([$"--urls=http://{machine}:0;http://127.0.0.1:0"], ReadyCore(), bindUrls: false)
            : await RunningHost.StartAsync(["--urls=http://127.0.0.1:0"], ReadyCore(s => s.AddSingleton<IStartupFilter>(new PeerAddress(IPAddress.Parse("203.0.113.7")))), bindUrls: false);

        using (var refused = await host.PostAsync(Delivered(catcher.Url, "off-machine")))
        {
            Assert.Equal(HttpStatusCode.Forbidden, refused.StatusCode);
            Assert.Contains("MicrosoftAppId", await refused.Content.ReadAsStringAsync());
        }
        Assert.Equal(0, catcher.Posts);

        if (machine is null) return;
        // The same request from loopback is answered and its reply posted: the catcher would have seen the refused one.
        using var local = new HttpClient { BaseAddress = host.Addresses.Single(a => IPAddress.IsLoopback(IPAddress.Parse(a.Host))) };
        using var accepted = await RunningHost.PostAsync(local, Delivered(catcher.Url, "on-machine"));
        Assert.Equal(HttpStatusCode.OK, accepted.StatusCode);
        Assert.True(catcher.Posts > 0);
    }

    [Theory]
    [InlineData("http://0.0.0.0:0", "", true)]
    [InlineData("http://127.0.0.1:0", "", false)]
    [InlineData("http://0.0.0.0:0", "11111111-2222-3333-4444-555555555555", false)]
    public async Task Listening_beyond_loopback_without_an_app_id_is_logged_as_a_warning(string urls, string appId, bool warned)
    {
        var logs = new CapturedLogs();
        await using var host = await RunningHost.StartAsync([$"--urls={urls}", $"--MicrosoftAppId={appId}"],
            ReadyCore(s => s.AddSingleton<Microsoft.Extensions.Logging.ILoggerProvider>(logs)), bindUrls: false);
        Assert.Equal(warned, logs.Lines.Any(l => l.Contains("Warning", StringComparison.Ordinal) && l.Contains("MicrosoftAppId is empty", StringComparison.Ordinal)));
    }

    [Theory]
    [InlineData("203.0.113.7", HttpStatusCode.Forbidden)]
    [InlineData("2001:db8::7", HttpStatusCode.Forbidden)]
    [InlineData(null, HttpStatusCode.Forbidden)]
    [InlineData("127.0.0.1", HttpStatusCode.OK)]
    public async Task Behind_a_proxy_anonymous_calls_are_answered_only_for_a_client_on_this_machine(string? forwardedFor, HttpStatusCode expected)
    {
        await using var host = await RunningHost.StartAsync(["--Hosting:ForwardedHeaders:Enabled=true"], ReadyCore());
        var message = RunningHost.Message("What is a buffy coat infusion?", "proxied-" + Guid.NewGuid().ToString("N"));
        message["deliveryMode"] = "expectReplies";
        using var request = new HttpRequestMessage(HttpMethod.Post, Endpoints.Messages) { Content = new StringContent(message.ToString(), System.Text.Encoding.UTF8, "application/json") };
        if (forwardedFor is not null) request.Headers.Add("X-Forwarded-For", forwardedFor);
        using var response = await host.Client.SendAsync(request);
        Assert.Equal(expected, response.StatusCode);
    }

    public static TheoryData<string?> BadServiceUrls => new()
    {
        null, "", "not a url", "/relative/path", "ftp://127.0.0.1/", "file:///etc/passwd", "http://user:pw@127.0.0.1/",
        "http://10.0.0.5:8080/", "http://169.254.169.254/latest/", "https://internal.example/", "http://localhost.example/",
    };

    [Theory]
    [MemberData(nameof(BadServiceUrls))]
    public async Task A_missing_invalid_or_off_machine_serviceUrl_gets_400_and_no_stack_trace(string? serviceUrl)
    {
        var logs = new CapturedLogs();
        await using var host = await RunningHost.StartAsync(configureServices: ReadyCore(s => s.AddSingleton<Microsoft.Extensions.Logging.ILoggerProvider>(logs)));
        var message = RunningHost.Message("What is a buffy coat infusion?", "bad-service-url");
        if (serviceUrl is null) message.Remove("serviceUrl");
        else message["serviceUrl"] = serviceUrl;

        using var response = await host.PostAsync(message.ToString());
        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Contains("serviceUrl", (string?)JObject.Parse(await response.Content.ReadAsStringAsync())["error"]);
        Assert.DoesNotContain(logs.Lines, l => l.Contains("   at ", StringComparison.Ordinal));
    }

    [Theory]
    [InlineData("../../x")]
    [InlineData("/etc")]
    [InlineData("host-directline:directline")]
    [InlineData("")]
    public async Task A_channel_id_that_could_shape_a_key_or_a_path_gets_400(string channelId)
    {
        var message = RunningHost.Message("What is a buffy coat infusion?", "bad-channel");
        message["channelId"] = channelId;
        using var response = await fixture.Host.PostAsync(message.ToString());
        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
    }

    [Fact]
    public async Task Messages_cannot_read_or_write_a_web_page_conversation()
    {
        var page = await PageConversation.StartAsync(fixture.Host.Client);
        const string patientQuestion = "Can interferon help after relapse from a stem cell transplant?";
        await page.SayAsync(patientQuestion);

        // An /api/messages caller naming the page's conversation (and its user) as the Direct Line channel would.
        JObject Forged(string text)
        {
            var forged = RunningHost.Message(text, page.Id, "user_" + page.Id);
            forged["channelId"] = "directline";
            return forged;
        }
        var read = await fixture.Host.ExpectRepliesAsync(Forged("what about nilotinib?"));
        Assert.DoesNotContain(read, r => ((string?)r["text"] ?? "").Contains("interferon help", StringComparison.OrdinalIgnoreCase));

        await fixture.Host.ExpectRepliesAsync(Forged("Is Tasigna an alternative after imatinib resistance? PLANTED"));
        var replies = string.Join("\n", await page.SayAsync("what about dasatinib?"));
        Assert.DoesNotContain("PLANTED", replies, StringComparison.Ordinal);
        Assert.Contains("interferon help", replies, StringComparison.OrdinalIgnoreCase);
    }

    [Fact]
    public async Task Messages_beyond_the_per_client_rate_limit_get_429_with_Retry_After()
    {
        await using var host = await RunningHost.StartAsync(["--Hosting:MessagesRateLimit:PermitsPerWindow=3", "--Hosting:MessagesRateLimit:WindowSeconds=600"], ReadyCore());
        for (var i = 0; i < 3; i++) Assert.NotEmpty(await host.ExpectRepliesAsync(RunningHost.Message("hello", "limited")));
        var message = RunningHost.Message("hello", "limited");
        message["deliveryMode"] = "expectReplies";
        using var limited = await host.PostAsync(message.ToString());
        Assert.Equal(HttpStatusCode.TooManyRequests, limited.StatusCode);
        Assert.InRange(int.Parse(limited.Headers.GetValues("Retry-After").Single(), System.Globalization.CultureInfo.InvariantCulture), 1, 600);
    }

    [Theory]
    [InlineData("2001:db8:1:2::1", "2001:db8:1:2:ffff:ffff:ffff:ffff", true)]
    [InlineData("2001:db8:1:2::1", "2001:db8:1:3::1", false)]
    [InlineData("::ffff:198.51.100.7", "198.51.100.7", true)]
    [InlineData("198.51.100.7", "198.51.100.8", false)]
    public void The_rate_limit_counts_an_IPv6_client_by_its_64_network(string a, string b, bool same) =>
        Assert.Equal(same, ClientRateLimit.Key(IPAddress.Parse(a)) == ClientRateLimit.Key(IPAddress.Parse(b)));

    /// <summary>Test seam: the connection's peer as if it came from elsewhere, set before the host's own middleware.</summary>
    private sealed class PeerAddress(IPAddress address) : IStartupFilter
    {
        public Action<IApplicationBuilder> Configure(Action<IApplicationBuilder> next) => app =>
        {
            app.Use((HttpContext http, RequestDelegate nextMiddleware) =>
            {
                http.Connection.RemoteIpAddress = address;
                return nextMiddleware(http);
            });
            next(app);
        };
    }
}
