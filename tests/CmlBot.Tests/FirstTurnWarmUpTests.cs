using CmlBot.Hosting;
using CmlBot.Bot.Answers;
using Microsoft.AspNetCore.Builder;
using Microsoft.Extensions.DependencyInjection;

namespace CmlBot.Tests;

/// <summary>The warm-up the host runs for its first turn: it never throws, whatever the core does.</summary>
public sealed class FirstTurnWarmUpTests
{
    [Fact]
    public async Task The_warm_up_finishes_once_the_core_has_answered_its_question_and_its_replies_are_written()
    {
        using var app = BotHost.Build(["--urls=http://127.0.0.1:0", "--Retrieval:Mode=lexical"], RepoRoot.Path);
        using var timeout = new CancellationTokenSource(TimeSpan.FromMinutes(2));
        using var logs = new CapturedLogs();

        await FirstTurnWarmUp.RunAsync(app.Services, logs.CreateLogger("warm-up"), timeout.Token);

        Assert.True(app.Services.GetRequiredService<ICoreProvider>().IsReady);
        // It stops early, saying so, only when a step throws: every step ran, the replies' too.
        Assert.Empty(logs.Lines);
    }

    [Fact]
    public async Task A_core_that_cannot_load_ends_the_warm_up_quietly()
    {
        using var app = BotHost.Build(["--urls=http://127.0.0.1:0", "--Corpus:Path=no-such-corpus-folder"], RepoRoot.Path);
        using var timeout = new CancellationTokenSource(TimeSpan.FromMinutes(2));

        var thrown = await Record.ExceptionAsync(() => FirstTurnWarmUp.RunAsync(app.Services, app.Logger, timeout.Token));

        Assert.Null(thrown);
    }
}
