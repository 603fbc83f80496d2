using System.Net;
using System.Net.Sockets;
using System.Text.Json;
using System.Text.RegularExpressions;

namespace CmlBot.Repository.Tests;

/// <summary>
/// Every command in the README's <c>sh</c> blocks works as written, from the repository root: it exits 0 (the bot's
/// web host, which does not exit, answers /healthz instead). The test command itself is run as a dry run, since
/// this is part of what it runs.
/// </summary>
public sealed partial class ReadmeCommandTests
{
    private const string TestCommand = "./test.sh";
    private const string RunTheBot = "dotnet run --project src/CmlBot";

    public static TheoryData<string> Commands() => new(ReadmeCommands());

    [Fact]
    public void The_README_shows_the_two_commands_and_the_verbs()
    {
        var commands = ReadmeCommands();
        Assert.Contains(RunTheBot, commands);
        Assert.Contains(TestCommand, commands);
        foreach (var verb in new[] { "ask", "eval", "replay", "chat", "teams-package" })
            Assert.Contains(commands, c => c.Contains($"-- {verb}", StringComparison.Ordinal));
    }

    [Theory]
    [MemberData(nameof(Commands))]
    public async Task The_command_works_as_written_from_the_repository_root(string command)
    {
        if (command == RunTheBot)
        {
            await TheBotAnswersHealthzAsync();
            return;
        }
        var result = await Shell.RunAsync(command == TestCommand ? $"{TestCommand} --dry-run" : command, RepoRoot.Path);
        Assert.True(result.ExitCode == 0, $"exit code {result.ExitCode}: {command}{Environment.NewLine}{result.Output}{Environment.NewLine}{result.Error}");
        if (command.Contains(" ask --json", StringComparison.Ordinal))
        {
            // Standard output is JSON and nothing else: one object a line.
            var lines = result.Output.Split('\n', StringSplitOptions.RemoveEmptyEntries);
            Assert.NotEmpty(lines);
            foreach (var line in lines)
            {
                using var json = JsonDocument.Parse(line);
                Assert.True(json.RootElement.TryGetProperty("answered", out _), line);
            }
        }
        if (command.Contains("--junit out/replay.xml", StringComparison.Ordinal))
        {
            Assert.True(File.Exists(Path.Combine(RepoRoot.Path, "out", "replay.xml")));
            Assert.False(Directory.Exists(Path.Combine(RepoRoot.Path, "src", "CmlBot", "out")), "the JUnit file went under src/CmlBot instead");
        }
    }

    /// <summary>The bot as the README starts it, on a free port (ASPNETCORE_URLS), until /healthz says it is ready.</summary>
    private static async Task TheBotAnswersHealthzAsync()
    {
        var port = FreePort();
        using var stop = new CancellationTokenSource();
        var run = Shell.RunAsync($"exec {RunTheBot}", RepoRoot.Path,
            new Dictionary<string, string?> { ["ASPNETCORE_URLS"] = $"http://127.0.0.1:{port}" }, TimeSpan.FromMinutes(5), cancellation: stop.Token);
        using var http = new HttpClient { BaseAddress = new Uri($"http://127.0.0.1:{port}/"), Timeout = TimeSpan.FromSeconds(5) };
        var deadline = DateTime.UtcNow + TimeSpan.FromMinutes(4);
        HttpStatusCode? status = null;
        while (DateTime.UtcNow < deadline && status != HttpStatusCode.OK && !run.IsCompleted)
        {
            try
            {
                using var response = await http.GetAsync("healthz");
                status = response.StatusCode;
            }
            catch (HttpRequestException)
            {
                // Not listening yet.
            }
            catch (TaskCanceledException)
            {
                // Not answering yet.
            }
            if (status != HttpStatusCode.OK) await Task.Delay(500);
        }
        var exitedEarly = run.IsCompleted;
        await stop.CancelAsync();
        var result = await run;
        Assert.False(exitedEarly, $"the bot exited with {result.ExitCode}:{Environment.NewLine}{result.Output}{Environment.NewLine}{result.Error}");
        Assert.Equal(HttpStatusCode.OK, status);
    }

    /// <summary>Each line of the README's <c>sh</c> blocks, without its trailing comment; "\" continues a line.</summary>
    private static List<string> ReadmeCommands()
    {
        var commands = new List<string>();
        foreach (Match block in ShellBlock().Matches(File.ReadAllText(Path.Combine(RepoRoot.Path, "README.md"))))
        {
            var pending = "";
            foreach (var raw in block.Groups[1].Value.Split('\n'))
            {
                var line = TrailingComment().Replace(raw, "").Trim();
                if (line.EndsWith('\\'))
                {
                    pending += line[..^1] + " ";
                    continue;
                }
                line = (pending + line).Trim();
                pending = "";
                if (line.Length > 0) commands.Add(line);
            }
        }
        return commands;
    }

    private static int FreePort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }

    [GeneratedRegex(@"```sh\n(.*?)```", RegexOptions.Singleline)]
    private static partial Regex ShellBlock();

    // A comment starts at "  #" outside quotes; the README's commands have no "#" inside their quotes.
    [GeneratedRegex(@"\s+#\s.*$")]
    private static partial Regex TrailingComment();
}
