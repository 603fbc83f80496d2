using CmlBot.Bot;
using CmlBot.Bot.Answers;
using CmlBot.Composition;
using CmlBot.Transcripts;

namespace CmlBot.Cli;

/// <summary>
/// <c>replay PATH... [--junit FILE] [--update]</c>: replays recorded .transcript files and hand-written
/// .chat cases (files, or folders searched recursively) through the real dialog code in process, a fresh
/// bot and fresh state for each, and reports turn by turn what changed. Exit code 0 when all pass, 1 on
/// any mismatch, 2 when a file cannot be read.
/// </summary>
public static class ReplayCommand
{
    public static async Task<int> RunAsync(IConfiguration configuration, string contentRoot, IReadOnlyList<string> args, ILogger logger,
        TextWriter output, CancellationToken cancellationToken)
    {
        string? junit = null;
        var update = false;
        var paths = new List<string>();
        for (var i = 0; i < args.Count; i++)
        {
            if (args[i] == "--update") update = true;
            else if (args[i] == "--junit" && i + 1 < args.Count) junit = Path.GetFullPath(args[++i]);
            else paths.Add(Path.GetFullPath(args[i]));
        }
        if (paths.Count == 0)
        {
            await output.WriteLineAsync("usage: replay PATH... [--junit FILE] [--update]   (.transcript and .chat files, or folders of them)");
            return ReplayRunner.Unreadable;
        }

        using var answerer = await CoreFactory.CreateAsync(configuration, contentRoot, logger, cancellationToken);
        var runner = new ReplayRunner(Replayer(configuration, answerer), output);
        return await runner.RunAsync(paths, junit, update, cancellationToken);
    }

    /// <summary>The replayer over CmlBot's own dialog: a fresh bot (and state) per case, the host's error handling.</summary>
    public static TranscriptReplayer Replayer(IConfiguration configuration, Core.QuestionAnswerer answerer)
    {
        var options = configuration.GetSection(BotOptions.Section).Get<BotOptions>() ?? new BotOptions();
        var factory = new CmlBotFactory(options, new ReadyCoreProvider(answerer));
        return new TranscriptReplayer(() => factory.Create(), adapter => adapter.OnTurnError = factory.OnTurnError);
    }
}
