using System.Diagnostics;
using System.Text.Json.Nodes;
using Xunit;
using Xunit.Abstractions;

namespace CmlBot.EndToEnd;

/// <summary>
/// Runs webchat.e2e.mjs (beside this file) against a page in Debian's headless Chromium, driven by
/// playwright-core from the page's own npm install, and asserts every check it reports. Compiled into the
/// test projects that need it. Without the browser or playwright-core the test fails and says how to get them
/// (./test.sh installs Debian's chromium; the build of src/CmlBot.DirectLine installs playwright-core from npm).
/// </summary>
public static class WebChatBrowser
{
    private const string Chromium = "/usr/bin/chromium";

    public sealed record Expectations(string Question, string Welcome, string Answer, string Citations);

    public static async Task RunAsync(string repoRoot, Uri page, Expectations expect, ITestOutputHelper output)
    {
        var modules = Path.Combine(repoRoot, "src", "CmlBot.DirectLine", "ClientApp", "node_modules");
        var script = Path.Combine(repoRoot, "tests", "e2e", "webchat.e2e.mjs");
        Assert.True(File.Exists(Chromium),
            $"{Chromium} is missing: the browser accessibility test needs Debian's chromium. To install it, run ./test.sh from the " +
            "repository root (as root), or: sudo apt-get install -y chromium");
        Assert.True(Directory.Exists(Path.Combine(modules, "playwright-core")),
            $"playwright-core is missing under {modules}: build src/CmlBot.DirectLine (its build runs npm ci), then run the tests again.");

        var outDir = Path.Combine(AppContext.BaseDirectory, "e2e-output");
        var start = new ProcessStartInfo("node") { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
        foreach (var a in new[]
                 {
                     script, "--url", page.ToString(), "--modules", modules, "--out", outDir, "--chromium", Chromium,
                     "--question", expect.Question, "--expect-welcome", expect.Welcome,
                     "--expect-answer", expect.Answer, "--expect-citations", expect.Citations, "--timeout-ms", "60000",
                 })
            start.ArgumentList.Add(a);

        using var process = Process.Start(start)!;
        var stdout = process.StandardOutput.ReadToEndAsync();
        var stderr = process.StandardError.ReadToEndAsync();
        using var timeout = new CancellationTokenSource(TimeSpan.FromMinutes(4));
        try { await process.WaitForExitAsync(timeout.Token); }
        catch (OperationCanceledException) { process.Kill(entireProcessTree: true); throw; }

        var text = await stdout;
        output.WriteLine(text);
        var err = await stderr;
        if (err.Length > 0) output.WriteLine("stderr: " + err);
        var result = JsonNode.Parse(text.Trim().Split('\n')[^1])!;
        Assert.Null(result["error"]);
        foreach (var (name, check) in result["checks"]!.AsObject())
            Assert.True(check!["passed"]!.GetValue<bool>(), $"{name}: {check.ToJsonString()}");
        Assert.True(result["ok"]!.GetValue<bool>());
        Assert.True(File.Exists(Path.Combine(outDir, "webchat-answer.png")));
        Assert.Equal(0, process.ExitCode);
    }
}
