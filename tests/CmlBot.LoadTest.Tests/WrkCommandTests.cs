using CmlBot.TestServers;

namespace CmlBot.LoadTest.Tests;

/// <summary>
/// The README's performance command (<c>tools/wrk/run.sh</c>) on a short run: both hosts start, wrk drives them with
/// the script in the repository, every reply passes its check, and the figures line is complete. Never its figures.
/// </summary>
public sealed class WrkCommandTests
{
    [Fact]
    public async Task A_short_run_measures_both_bots_checks_every_reply_and_prints_the_figures()
    {
        // The solution is built (test.sh builds it before the tests): the Debug build, not another Release one.
        // Two ports each free now: the one after a free port may belong to a host another test assembly started.
        var (port, echoPort) = (LoopbackPort.Free(), LoopbackPort.Free());
        var (exitCode, output) = await RunAsync(
            $"--mode lexical --rounds 2 --duration 2 --warmup 1 --port {port} --echo-port {echoPort} --configuration Debug --no-build");

        Assert.True(exitCode == 0, output);
        Assert.Contains("round 1  host", output, StringComparison.Ordinal);
        Assert.Contains("round 2  echo", output, StringComparison.Ordinal);
        Assert.DoesNotContain(output.Split('\n'), line => line.StartsWith("round", StringComparison.Ordinal) && !line.EndsWith(" 0 errors", StringComparison.Ordinal));
        var figures = output.Split('\n').Single(l => l.StartsWith("| lexical | distinct |", StringComparison.Ordinal));
        var cells = figures.Split('|', StringSplitOptions.TrimEntries | StringSplitOptions.RemoveEmptyEntries);
        Assert.Equal(8, cells.Length);
        Assert.True(double.Parse(cells[2], System.Globalization.CultureInfo.InvariantCulture) > 0, figures);
        Assert.True(double.Parse(cells[3], System.Globalization.CultureInfo.InvariantCulture) > 0, figures);
        Assert.EndsWith("ms", cells[5], StringComparison.Ordinal);
        Assert.EndsWith("MB", cells[6], StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_host_that_cannot_start_stops_the_run_with_its_log()
    {
        using var taken = new System.Net.Sockets.TcpListener(System.Net.IPAddress.Loopback, 0);
        taken.Start();
        var takenPort = ((System.Net.IPEndPoint)taken.LocalEndpoint).Port;
        var (exitCode, output) = await RunAsync(
            $"--mode lexical --rounds 1 --duration 1 --warmup 1 --port {LoopbackPort.Free()} --echo-port {takenPort} --configuration Debug --no-build");

        Assert.Equal(1, exitCode);
        Assert.Contains("run.sh: the echo did not start; its log:", output, StringComparison.Ordinal);
        Assert.DoesNotContain("round 1", output, StringComparison.Ordinal);
    }

    [Fact]
    public async Task An_unknown_argument_is_refused_before_anything_starts()
    {
        var (exitCode, output) = await RunAsync("--rounds 1 --turbo");
        Assert.Equal(2, exitCode);
        Assert.Contains("unknown argument --turbo", output, StringComparison.Ordinal);
    }

    private static Task<(int ExitCode, string Output)> RunAsync(string arguments) =>
        Commands.RunAsync("bash", $"tools/wrk/run.sh {arguments}");
}
