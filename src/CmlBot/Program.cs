using CmlBot.Cli;
using CmlBot.Composition;
using CmlBot.Hosting;
using CmlBot.Storage;

// CmlBot: with a verb, a command-line tool; without one, the web host (see README).
var contentRoot = ContentRoot.Find(Directory.GetCurrentDirectory());

if (args.Length > 0 && CommandLine.IsVerb(args[0]))
{
    using var cancel = new CancellationTokenSource();
    Console.CancelKeyPress += (_, e) => { e.Cancel = true; cancel.Cancel(); };
    return await CommandLine.RunAsync(args, contentRoot, cancel.Token);
}

WebApplication app;
try
{
    app = BotHost.Build(args, contentRoot);
}
catch (CmlBot.Core.Corpus.CorpusFormatException e)
{
    // A bad corpus/safety.txt: the screen is never run half-built. One line naming the file and line.
    await Console.Error.WriteLineAsync($"error: {e.Message}");
    return 2;
}
catch (StorageStartupException e)
{
    // One line for the operator (it names the endpoint): a stack trace would only bury it.
    await Console.Error.WriteLineAsync(e.Message);
    return 3;
}
app.MapCmlBot(); // /api/messages, /healthz, /api/feedback, Direct Line, the Web Chat page at /
await app.RunAsync();
return 0;
