using CmlBot.Cli;
using CmlBot.Composition;
using CmlBot.Hosting;
using CmlBot.LoadTest;
using Microsoft.Bot.Builder;

// The load test of the real host (README "Performance"): run from the repository root,
//   dotnet run -c Release --project tools/CmlBot.LoadTest -- [options]   (--help for them)
// With "serve-echo" first, this process is instead the echo ceiling's host: the host's own builder and routes
// with the echo bot in place of CmlBot's, started by the load test itself.
var contentRoot = ContentRoot.Find(Directory.GetCurrentDirectory());

if (args.Length > 0 && args[0] == LoadTestHosts.ServeEcho)
{
    var app = BotHost.Build(args[1..], contentRoot, services => services.AddSingleton<IBot, LoadTestEchoBot>());
    app.MapCmlBot();
    await app.RunAsync();
    return 0;
}

using var cancel = new CancellationTokenSource();
Console.CancelKeyPress += (_, e) => { e.Cancel = true; cancel.Cancel(); };
var (rest, overrides) = CommandLine.Split(args);
return await LoadTestCommand.RunAsync(rest, overrides, contentRoot, Console.Out, cancel.Token);
