using CmlBot.Bot;
using CmlBot.Bot.Answers;
using CmlBot.Bot.Channels;
using CmlBot.Composition;
using CmlBot.Storage.Redis;
using Microsoft.Bot.Builder;
using Microsoft.Extensions.Logging.Abstractions;

namespace CmlBot.Cli;

/// <summary>
/// <c>chat</c>: the same bot and dialog as the web host, in a terminal. <c>/quit</c> ends it. State is kept where
/// <c>Storage:Kind</c> says, as for the host: in this process by default, or in Redis, where a later run
/// continues the terminal's conversation (one fixed conversation and user id).
/// </summary>
public static class ChatCommand
{
    public static async Task<int> RunAsync(IConfiguration configuration, string contentRoot, TextReader input, TextWriter output, CancellationToken cancellationToken)
    {
        using var answerer = await CoreFactory.CreateAsync(configuration, contentRoot, NullLogger.Instance, cancellationToken);
        // No log providers: log lines would land in the middle of the conversation.
        var services = new ServiceCollection()
            .AddLogging()
            .AddSingleton<ICoreProvider>(new ReadyCoreProvider(answerer))
            .AddCmlBot(configuration)
            .AddCmlBotStorage(configuration);
        await using var provider = services.BuildServiceProvider();
        var adapter = new TerminalAdapter(input, output) { OnTurnError = provider.GetRequiredService<BotErrorHandler>().HandleAsync };
        await adapter.RunAsync(provider.GetRequiredService<IBot>(), cancellationToken);
        return 0;
    }
}
