using CmlBot.Composition;
using CmlBot.Core.Corpus;
using CmlBot.Storage;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace CmlBot.Cli;

/// <summary>The command-line verbs. Each reads the same appsettings.json as the web host.</summary>
public static class CommandLine
{
    private static readonly string[] Verbs = ["ask", "chat", "eval", "replay", "teams-package", "help", "--help", "-h"];

    public static bool IsVerb(string arg) => Verbs.Contains(arg, StringComparer.OrdinalIgnoreCase);

    public static IConfiguration Configuration(string contentRoot, IEnumerable<string> overrides) =>
        new ConfigurationBuilder()
            .SetBasePath(contentRoot)
            .AddInMemoryCollection([new("contentRoot", contentRoot)])   // as the web host has it: where corpus/ is found
            .AddJsonFile("appsettings.json", optional: true)
            .AddEnvironmentVariables()
            .AddCommandLine(overrides.ToArray())
            .Build();

    /// <summary>
    /// The verb's own arguments, in order and with repeats ("--duration 30 --warmup 30" keeps both 30s), and the
    /// "--Section:Key=value" overrides.
    /// </summary>
    public static (List<string> Arguments, List<string> Overrides) Split(IEnumerable<string> args)
    {
        var rest = new List<string>();
        var overrides = new List<string>();
        foreach (var a in args)
            (a.StartsWith("--", StringComparison.Ordinal) && a.Contains(':', StringComparison.Ordinal) ? overrides : rest).Add(a);
        return (rest, overrides);
    }

    public static async Task<int> RunAsync(string[] args, string contentRoot, CancellationToken cancellationToken)
    {
        var verb = args[0].ToLowerInvariant();
        // "--Section:Key=value" arguments override configuration; the rest belong to the verb.
        var (rest, overrides) = Split(args.Skip(1));
        var configuration = Configuration(contentRoot, overrides);
        // Diagnostics go to standard error, so that "ask --json" output stays one object a line.
        using var logging = LoggerFactory.Create(b => b.AddConfiguration(configuration.GetSection("Logging"))
            .AddSimpleConsole(o => o.SingleLine = true).AddFilter((_, level) => level >= LogLevel.Warning)
            .Services.Configure<Microsoft.Extensions.Logging.Console.ConsoleLoggerOptions>(o => o.LogToStandardErrorThreshold = LogLevel.Trace));
        var logger = logging.CreateLogger("CmlBot");
        try
        {
            switch (verb)
            {
                case "chat":
                    return await ChatCommand.RunAsync(configuration, contentRoot, Console.In, Console.Out, cancellationToken);
                case "ask" when AskCommand.UnknownOption(rest) is { } unknown:
                    await Console.Error.WriteLineAsync($"error: unknown option '{unknown}' ({AskCommand.Usage})");
                    return 2;
                case "ask":
                {
                    using var answerer = await CoreFactory.CreateAsync(configuration, contentRoot, logger, cancellationToken);
                    var safety = new Bot.Understanding.Safety.SafetyScreen(Bot.Understanding.Safety.SafetyRules.Load(
                        Bot.Understanding.Safety.SafetyRules.Locate(configuration)), new Bot.Answers.ReadyCoreProvider(answerer));
                    return await AskCommand.RunAsync(answerer, rest, Console.In, Console.Out, cancellationToken, safety,
                        configuration.GetSection(Bot.BotOptions.Section).Get<Bot.BotOptions>());
                }
                case "replay":
                    return await ReplayCommand.RunAsync(configuration, contentRoot, rest, logger, Console.Out, cancellationToken);
                case "teams-package":
                    return await TeamsPackageCommand.RunAsync(configuration, contentRoot, rest, Console.Out, Console.Error);
                case "eval" when EvalCommand.UnknownArgument(rest) is { } unknown:
                    await Console.Error.WriteLineAsync($"error: unknown argument '{unknown}' ({EvalCommand.ArgumentsUsage})");
                    return 2;
                case "eval":
                    return await EvalCommand.RunAsync(configuration, contentRoot, rest, logger, Console.Out, cancellationToken);
                default:
                    await Console.Out.WriteLineAsync(Usage);
                    return verb is "help" or "--help" or "-h" ? 0 : 2;
            }
        }
        catch (CorpusFormatException e)
        {
            await Console.Error.WriteLineAsync($"error: {e.Message}");
            return 2;
        }
        catch (StorageStartupException e)
        {
            // The host's exit code for the same fault (Program.cs): one line naming the endpoint.
            await Console.Error.WriteLineAsync($"error: {e.Message}");
            return 3;
        }
    }

    public const string Usage = """
        CmlBot — answers questions about relapsing CML by quoting the NCI PDQ summary.

        usage: CmlBot                      run the bot's web host (http://localhost:3978; --urls to change)
               CmlBot ask "question"       answer one question
               CmlBot chat                 talk with the bot in the terminal (/quit to leave)
               CmlBot ask --json [q]       JSON answer; without q, one question a line from stdin
               CmlBot eval [--set FILE]    evaluation figures on the evaluation set (--cost: timings)
               CmlBot eval --safety        the safety screen's figures only ([--verbose] [--cost] [--no-model])
               CmlBot eval --safety --fit  fits the screen's learnt steps on the labelled messages (corpus/safety.weights, .words)
               CmlBot replay PATH...       replay .transcript/.chat files (--junit FILE, --update)
               CmlBot teams-package        check the Teams app package (src/CmlBot.TeamsApp) and write its zip
                      [--out FILE] [--folder DIR] [--draw-icons]
        Any --Section:Key=value overrides appsettings.json.
        """;
}
