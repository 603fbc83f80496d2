using System.Net;
using CmlBot.Bot.Answers;
using CmlBot.Core;
using CmlBot.Hosting;
using Microsoft.Extensions.DependencyInjection;

namespace CmlBot.Tests;

/// <summary>Hosts with their own configuration: authentication on, a core that is not ready yet, default URLs.</summary>
[Collection(HostCollection.Name)]
public sealed class HostTests(HostFixture fixture)
{
    [Theory]
    [InlineData(null)]
    [InlineData("Bearer not-a-jwt")]
    [InlineData("Basic dXNlcjpwYXNz")]
    public async Task With_an_app_id_set_a_request_without_a_valid_token_gets_401(string? authorization)
    {
        await using var host = await RunningHost.StartAsync(["--MicrosoftAppId=11111111-2222-3333-4444-555555555555", "--MicrosoftAppPassword=not-a-real-secret"]);
        var message = RunningHost.Message("What counts as overt failure?", "auth-test");
        message["deliveryMode"] = "expectReplies";
        using var response = await host.PostAsync(message.ToString(), authorization);
        Assert.Equal(HttpStatusCode.Unauthorized, response.StatusCode);
    }

    /// <summary>A core provider the test releases by hand, so "not ready" is observed without timing.</summary>
    private sealed class GatedCore : ICoreProvider
    {
        private readonly TaskCompletionSource<QuestionAnswerer> _gate = new(TaskCreationOptions.RunContinuationsAsynchronously);
        public bool IsReady => _gate.Task.IsCompletedSuccessfully;
        public Task<QuestionAnswerer> GetAsync(CancellationToken cancellationToken) => _gate.Task.WaitAsync(cancellationToken);
        public void Open(QuestionAnswerer core) => _gate.SetResult(core);
    }

    [Fact]
    public async Task Healthz_is_503_until_the_core_is_ready_and_a_waiting_turn_is_answered_after()
    {
        var gate = new GatedCore();
        await using var host = await RunningHost.StartAsync(configureServices: s => s.AddSingleton<ICoreProvider>(gate));

        using (var starting = await host.Client.GetAsync(Endpoints.Health))
            Assert.Equal(HttpStatusCode.ServiceUnavailable, starting.StatusCode);

        var waiting = host.ExpectRepliesAsync(RunningHost.Message(fixture.CitedQuestion(), "gated"));
        gate.Open(fixture.Core);
        var replies = await waiting;
        Assert.NotEmpty(RunningHost.Citations(replies[^1]));

        using var ready = await host.Client.GetAsync(Endpoints.Health);
        Assert.Equal(HttpStatusCode.OK, ready.StatusCode);
    }

    [Fact]
    public async Task The_log_names_conversations_but_never_holds_the_users_words()
    {
        var logs = new CapturedLogs();
        await using var host = await RunningHost.StartAsync(["--Logging:LogLevel:Default=Trace", "--Logging:LogLevel:Microsoft.AspNetCore=Trace"],
            s => s.AddSingleton<Microsoft.Extensions.Logging.ILoggerProvider>(logs));
        const string secret = "quixoticpangolin";
        await host.ExpectRepliesAsync(RunningHost.Message($"{fixture.CitedQuestion()} {secret}", "log-conversation"));
        await host.ExpectRepliesAsync(RunningHost.Message($"what about {secret}?", "log-conversation"));

        Assert.Contains(logs.Lines, l => l.Contains("log-conversation", StringComparison.Ordinal));
        Assert.DoesNotContain(logs.Lines, l => l.Contains(secret, StringComparison.Ordinal));
    }

    [Fact]
    public void The_configured_default_is_the_bot_framework_port_3978_and_anonymous()
    {
        var configuration = Cli.CommandLine.Configuration(RepoRoot.Path, []);
        Assert.Equal("http://localhost:3978", configuration["Hosting:DefaultUrls"]);
        Assert.Equal("", configuration["MicrosoftAppId"]);
        Assert.True(long.Parse(configuration["Hosting:MaxRequestBodyBytes"]!, System.Globalization.CultureInfo.InvariantCulture) > 0);
    }

    [Fact]
    public async Task Healthz_says_failed_when_the_index_cannot_be_built()
    {
        await using var host = await RunningHost.StartAsync(["--Corpus:Path=no-such-corpus-folder"]);
        var loader = (CoreLoader)host.Services.GetRequiredService<ICoreProvider>();
        await Assert.ThrowsAnyAsync<Exception>(() => loader.GetAsync(CancellationToken.None));
        using var response = await host.Client.GetAsync(Endpoints.Health);
        Assert.Equal(HttpStatusCode.ServiceUnavailable, response.StatusCode);
        Assert.Contains("failed", await response.Content.ReadAsStringAsync(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Without_urls_the_configured_default_address_is_used()
    {
        // The configured default stands in for http://localhost:3978 so the test never needs that port.
        await using var host = await RunningHost.StartAsync(["--Hosting:DefaultUrls=http://127.0.0.1:0"], bindUrls: false);
        using var response = await host.Client.GetAsync(Endpoints.Health);
        Assert.StartsWith("http://127.0.0.1:", host.Client.BaseAddress!.ToString(), StringComparison.Ordinal);
        Assert.True(response.StatusCode is HttpStatusCode.OK or HttpStatusCode.ServiceUnavailable);
    }
}

/// <summary>Keeps every formatted log line of a host.</summary>
internal sealed class CapturedLogs : Microsoft.Extensions.Logging.ILoggerProvider
{
    private readonly System.Collections.Concurrent.ConcurrentQueue<string> _lines = new();

    public IReadOnlyList<string> Lines => [.. _lines];

    public Microsoft.Extensions.Logging.ILogger CreateLogger(string categoryName) => new Logger(categoryName, _lines);

    public void Dispose()
    {
    }

    private sealed class Logger(string category, System.Collections.Concurrent.ConcurrentQueue<string> lines) : Microsoft.Extensions.Logging.ILogger
    {
        public IDisposable? BeginScope<TState>(TState state) where TState : notnull => null;
        public bool IsEnabled(Microsoft.Extensions.Logging.LogLevel logLevel) => true;

        public void Log<TState>(Microsoft.Extensions.Logging.LogLevel logLevel, Microsoft.Extensions.Logging.EventId eventId, TState state, Exception? exception, Func<TState, Exception?, string> formatter) =>
            lines.Enqueue($"{category} {logLevel}: {formatter(state, exception)} {exception}");
    }
}
