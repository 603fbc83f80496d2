using System.Diagnostics;

namespace CmlBot.Repository.Tests;

/// <summary>What a command printed and how it ended.</summary>
public sealed record ShellResult(int ExitCode, string Output, string Error);

/// <summary>Runs a command line with bash, as a person would type it.</summary>
public static class Shell
{
    public static async Task<ShellResult> RunAsync(string command, string workingDirectory, IReadOnlyDictionary<string, string?>? environment = null,
        TimeSpan? timeout = null, string? input = null, CancellationToken cancellation = default)
    {
        var start = new ProcessStartInfo("/bin/bash")
        {
            WorkingDirectory = workingDirectory,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            RedirectStandardInput = true,
            UseShellExecute = false,
        };
        start.ArgumentList.Add("-c");
        start.ArgumentList.Add(command);
        foreach (var (name, value) in environment ?? new Dictionary<string, string?>())
        {
            if (value is null) start.Environment.Remove(name);
            else start.Environment[name] = value;
        }
        using var process = Process.Start(start) ?? throw new InvalidOperationException($"could not start: {command}");
        var output = process.StandardOutput.ReadToEndAsync(CancellationToken.None);
        var error = process.StandardError.ReadToEndAsync(CancellationToken.None);
        if (input is not null) await process.StandardInput.WriteAsync(input);
        process.StandardInput.Close();
        using var timer = new CancellationTokenSource(timeout ?? TimeSpan.FromMinutes(5));
        using var cancel = CancellationTokenSource.CreateLinkedTokenSource(timer.Token, cancellation);
        try
        {
            await process.WaitForExitAsync(cancel.Token);
        }
        catch (OperationCanceledException)
        {
            // Stopped by the caller (a server it was done with) or out of time.
            process.Kill(entireProcessTree: true);
            await process.WaitForExitAsync(CancellationToken.None);
            if (!cancellation.IsCancellationRequested)
                throw new TimeoutException($"still running after {(timeout ?? TimeSpan.FromMinutes(5)).TotalSeconds:N0} s: {command}");
        }
        return new ShellResult(process.ExitCode, await output, await error);
    }
}
