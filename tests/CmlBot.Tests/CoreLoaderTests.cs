using CmlBot.Bot.Answers;
using CmlBot.Hosting;
using Microsoft.AspNetCore.Builder;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;

namespace CmlBot.Tests;

/// <summary>The core loads from the moment the host's services exist, beside the rest of the start, and only once.</summary>
public sealed class CoreLoaderTests
{
    private static readonly string[] Lexical = ["--urls=http://127.0.0.1:0", "--Retrieval:Mode=lexical"];

    [Fact]
    public async Task The_core_loads_as_soon_as_the_host_is_built_before_it_is_started()
    {
        using var app = BotHost.Build(Lexical, RepoRoot.Path);
        var loader = Assert.IsType<CoreLoader>(app.Services.GetRequiredService<ICoreProvider>());

        // Never started: only the build's own call can have begun the load.
        var core = await loader.GetAsync(new CancellationTokenSource(TimeSpan.FromMinutes(2)).Token);

        Assert.True(loader.IsReady);
        Assert.NotEmpty(core.Passages);
    }

    [Fact]
    public async Task Starting_the_host_after_the_build_loads_the_same_core_once()
    {
        using var app = BotHost.Build(Lexical, RepoRoot.Path);
        app.MapCmlBot();
        var loader = (CoreLoader)app.Services.GetRequiredService<ICoreProvider>();
        loader.Start();
        await app.StartAsync();
        try
        {
            var first = await loader.GetAsync(CancellationToken.None);
            loader.Start();
            Assert.Same(first, await loader.GetAsync(CancellationToken.None));
        }
        finally
        {
            await app.StopAsync();
        }
    }

    [Fact]
    public async Task Stopping_the_host_while_the_core_loads_ends_the_load_and_throws_nothing()
    {
        using var app = BotHost.Build(Lexical, RepoRoot.Path);
        var loader = (CoreLoader)app.Services.GetRequiredService<ICoreProvider>();

        await loader.StopAsync(CancellationToken.None);

        // Cancelled part-way, or finished first: either way the load is over and a waiting turn hears which.
        var outcome = await Record.ExceptionAsync(() => loader.GetAsync(CancellationToken.None));
        Assert.True(outcome is null or OperationCanceledException, outcome?.ToString());
        Assert.False(loader.Failed);
    }
}
