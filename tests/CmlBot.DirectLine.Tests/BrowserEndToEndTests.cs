using System.Diagnostics;
using System.Reflection;
using System.Text.Json.Nodes;
using Xunit.Abstractions;

namespace CmlBot.DirectLine.Tests;

/// <summary>
/// The page in headless Chromium (Debian's package; nothing downloads a browser): e2e/webchat.e2e.mjs drives it
/// against a test host with the scripted bot. Without /usr/bin/chromium the test prints why and passes, since
/// xunit 2 has no dynamic skip; .ci/install-browser-deps installs the browser where it can.
/// </summary>
public sealed class BrowserEndToEndTests(ITestOutputHelper output)
{
    private const string Chromium = "/usr/bin/chromium";

    [Fact]
    public async Task A_patient_can_chat_on_the_page_in_a_real_browser()
    {
        var modules = Path.Combine(RepoRoot(), "src", "CmlBot.DirectLine", "ClientApp", "node_modules");
        var missing = !File.Exists(Chromium) ? $"{Chromium} is missing (run .ci/install-browser-deps)"
            : !Directory.Exists(Path.Combine(modules, "playwright-core")) ? $"playwright-core is missing under {modules} (build src/CmlBot.DirectLine)"
            : null;
        if (missing is not null)
        {
            output.WriteLine($"SKIPPED: browser end-to-end test not run: {missing}.");
            return;
        }

        await using var host = await TestHost.StartAsync(manualClock: false);
        var outDir = Path.Combine(AppContext.BaseDirectory, "e2e-output");
        var script = Path.Combine(AppContext.BaseDirectory, "e2e", "webchat.e2e.mjs");
        var start = new ProcessStartInfo("node")
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        foreach (var a in new[]
                 {
                     script, "--url", host.BaseAddress.ToString(), "--modules", modules, "--out", outDir, "--chromium", Chromium,
                     "--question", ScriptedBot.Question, "--expect-welcome", ScriptedBot.Welcome,
                     "--expect-answer", ScriptedBot.AnswerQuote, "--expect-citations", "15,16,17", "--timeout-ms", "45000",
                 })
            start.ArgumentList.Add(a);

        using var process = Process.Start(start)!;
        var stdout = process.StandardOutput.ReadToEndAsync();
        var stderr = process.StandardError.ReadToEndAsync();
        using var timeout = new CancellationTokenSource(TimeSpan.FromMinutes(3));
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

    private static string RepoRoot() =>
        typeof(BrowserEndToEndTests).Assembly.GetCustomAttributes<AssemblyMetadataAttribute>().Single(a => a.Key == "RepoRoot").Value!;
}
