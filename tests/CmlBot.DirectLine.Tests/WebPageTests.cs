using System.Net;
using System.Net.Http.Headers;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace CmlBot.DirectLine.Tests;

public sealed class WebPageTests
{
    [Fact]
    public async Task The_page_carries_the_disclaimer_and_loads_only_local_scripts()
    {
        await using var host = await TestHost.StartAsync();
        using var response = await host.Client.GetAsync("");
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("text/html", response.Content.Headers.ContentType!.MediaType);
        var html = await response.Content.ReadAsStringAsync();
        Assert.Contains("<main", html, StringComparison.Ordinal);
        Assert.Contains("last modified 03/06/2009", html, StringComparison.Ordinal);
        Assert.Contains("not medical advice", html, StringComparison.Ordinal);
        Assert.Contains("1-800-4-CANCER", html, StringComparison.Ordinal);
        Assert.DoesNotContain("https://cdn", html, StringComparison.OrdinalIgnoreCase);
        Assert.Contains("src=\"webchat/webchat.js?v=", html, StringComparison.Ordinal);
        var csp = response.Headers.GetValues("Content-Security-Policy").Single();
        Assert.Contains("script-src 'self'", csp, StringComparison.Ordinal);
        Assert.Contains("connect-src 'self';", csp, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Web_Chats_bundle_from_npm_is_served_with_an_ETag()
    {
        await using var host = await TestHost.StartAsync();
        using var response = await host.Client.GetAsync("webchat/webchat.js");
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("text/javascript", response.Content.Headers.ContentType!.MediaType);
        var bytes = await response.Content.ReadAsByteArrayAsync();
        Assert.True(bytes.Length > 1_000_000, $"webchat.js is {bytes.Length} bytes");

        using var again = new HttpRequestMessage(HttpMethod.Get, "webchat/webchat.js");
        again.Headers.IfNoneMatch.Add(EntityTagHeaderValue.Parse(response.Headers.ETag!.ToString()));
        using var notModified = await host.Client.SendAsync(again);
        Assert.Equal(HttpStatusCode.NotModified, notModified.StatusCode);

        foreach (var name in new[] { "app.js", "app.css" })
        {
            using var asset = await host.Client.GetAsync($"webchat/{name}");
            Assert.Equal(HttpStatusCode.OK, asset.StatusCode);
        }
        using var missing = await host.Client.GetAsync("webchat/nothing.js");
        Assert.Equal(HttpStatusCode.NotFound, missing.StatusCode);
    }

    [Fact]
    public async Task User_text_never_reaches_the_log()
    {
        var logs = new ListLoggerProvider();
        await using var host = await TestHost.StartAsync(services: s => s.AddSingleton<ILoggerProvider>(logs));
        var dl = new DirectLineClient(host.Client);
        var (conversationId, token) = await dl.StartAsync();
        // No digits: a random port in "Now listening on …" could hold any run of them.
        const string secretText = "my private diagnosis quokka";
        await dl.PostMessageAsync(conversationId, token, secretText);
        await dl.PostActivityAsync(conversationId, token, $"{{\"type\":\"message\",\"text\":\"{ScriptedBot.Boom}\",\"value\":\"{secretText}\"}}");
        Assert.Contains(logs.Lines, l => l.Contains("bot failed", StringComparison.Ordinal));
        Assert.DoesNotContain(logs.Lines, l => l.Contains("quokka", StringComparison.Ordinal) || l.Contains(ScriptedBot.Boom, StringComparison.Ordinal));
    }

    private sealed class ListLoggerProvider : ILoggerProvider, ILogger
    {
        public List<string> Lines { get; } = [];

        public ILogger CreateLogger(string categoryName) => this;

        public IDisposable? BeginScope<TState>(TState state) where TState : notnull => null;

        public bool IsEnabled(LogLevel logLevel) => true;

        public void Log<TState>(LogLevel logLevel, EventId eventId, TState state, Exception? exception, Func<TState, Exception?, string> formatter)
        {
            lock (Lines) Lines.Add(formatter(state, exception) + " " + exception);
        }

        public void Dispose() { }
    }
}
