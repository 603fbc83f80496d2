using System.Diagnostics;
using System.Text.Json.Nodes;
using Xunit.Abstractions;

namespace CmlBot.Tests;

/// <summary>
/// The patient's page on the real host, in headless Chromium (Debian's package, driven by playwright-core
/// from the page's own npm install): disclaimer, welcome, the real cited answer, a suggested action, the
/// axe-core check, a screenshot. The browser script is the one the Direct Line tests use
/// (tests/CmlBot.DirectLine.Tests/e2e/webchat.e2e.mjs). Without a browser the test says why and passes.
/// </summary>
[Collection(HostCollection.Name)]
public sealed class WebPageEndToEndTests(HostFixture fixture, ITestOutputHelper output)
{
    private const string Chromium = "/usr/bin/chromium";

    [Fact]
    public async Task A_patient_asks_on_the_real_page_and_sees_the_cited_answer()
    {
        var modules = Path.Combine(RepoRoot.Path, "src", "CmlBot.DirectLine", "ClientApp", "node_modules");
        var script = Path.Combine(RepoRoot.Path, "tests", "CmlBot.DirectLine.Tests", "e2e", "webchat.e2e.mjs");
        var missing = !File.Exists(Chromium) ? $"{Chromium} is missing (run .ci/install-browser-deps)"
            : !Directory.Exists(Path.Combine(modules, "playwright-core")) ? $"playwright-core is missing under {modules} (build src/CmlBot.DirectLine)"
            : null;
        if (missing is not null)
        {
            output.WriteLine($"SKIPPED: browser end-to-end test not run: {missing}.");
            return;
        }

        var outDir = Path.Combine(AppContext.BaseDirectory, "e2e-output");
        var start = new ProcessStartInfo("node") { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
        foreach (var a in new[]
                 {
                     script, "--url", fixture.Host.Client.BaseAddress!.ToString(), "--modules", modules, "--out", outDir, "--chromium", Chromium,
                     "--question", "Can I take imatinib if my CML returns after my transplant?",
                     "--expect-welcome", "I answer questions about relapsing chronic myelogenous leukemia",
                     "--expect-answer", "Most patients will respond to imatinib mesylate",
                     "--expect-citations", "14,15,16,17", "--timeout-ms", "60000",
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
