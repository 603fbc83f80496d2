using System.Reflection;
using CmlBot.EndToEnd;
using Xunit.Abstractions;

namespace CmlBot.DirectLine.Tests;

/// <summary>
/// The page in headless Chromium (Debian's package; nothing downloads a browser): tests/e2e/webchat.e2e.mjs drives it
/// against a test host with the scripted bot. Without /usr/bin/chromium the test fails and says how to install it
/// (./test.sh does).
/// </summary>
public sealed class BrowserEndToEndTests(ITestOutputHelper output)
{
    [Fact]
    public async Task A_patient_can_chat_on_the_page_in_a_real_browser()
    {
        await using var host = await TestHost.StartAsync(manualClock: false);
        await WebChatBrowser.RunAsync(RepoRoot(), host.BaseAddress,
            new WebChatBrowser.Expectations(ScriptedBot.Question, ScriptedBot.Welcome, ScriptedBot.AnswerQuote, "15,16,17"), output);
    }

    private static string RepoRoot() =>
        typeof(BrowserEndToEndTests).Assembly.GetCustomAttributes<AssemblyMetadataAttribute>().Single(a => a.Key == "RepoRoot").Value!;
}
