using CmlBot.Cli;

// CmlBot: with a verb, a command-line tool; without one, the web host (see README).
var contentRoot = CoreFactory.FindContentRoot(Directory.GetCurrentDirectory());
using var cancel = new CancellationTokenSource();
Console.CancelKeyPress += (_, e) => { e.Cancel = true; cancel.Cancel(); };

if (args.Length > 0 && CommandLine.IsVerb(args[0]))
    return await CommandLine.RunAsync(args, contentRoot, cancel.Token);

return await CommandLine.RunAsync(["help"], contentRoot, cancel.Token);
