using System.Diagnostics;

namespace CmlBot.LoadTest.Tests;

/// <summary>Runs a command from the repository's root, as a user types it, and keeps everything it printed.</summary>
internal static class Commands
{
    public static async Task<(int ExitCode, string Output)> RunAsync(string file, string arguments)
    {
        var start = new ProcessStartInfo(file, arguments)
        {
            WorkingDirectory = RepoRoot.Path,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
        };
        using var process = Process.Start(start)!;
        var stdout = process.StandardOutput.ReadToEndAsync();
        var stderr = process.StandardError.ReadToEndAsync();
        using var timeout = new CancellationTokenSource(TimeSpan.FromMinutes(5));
        await process.WaitForExitAsync(timeout.Token);
        return (process.ExitCode, await stdout + await stderr);
    }
}
