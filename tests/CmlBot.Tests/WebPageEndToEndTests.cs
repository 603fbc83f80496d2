using CmlBot.EndToEnd;
using Xunit.Abstractions;

namespace CmlBot.Tests;

/// <summary>
/// The patient's page on the real host, in headless Chromium: disclaimer, welcome (once), the real cited
/// answer, a suggested action, the axe-core check at 1024 and 360 px, screenshots under the test output.
/// </summary>
[Collection(HostCollection.Name)]
public sealed class WebPageEndToEndTests(HostFixture fixture, ITestOutputHelper output)
{
    [Fact]
    public Task A_patient_asks_on_the_real_page_and_sees_the_cited_answer() =>
        WebChatBrowser.RunAsync(RepoRoot.Path, fixture.Host.Client.BaseAddress!, new WebChatBrowser.Expectations(
            Question: "Can I take imatinib if my CML returns after my transplant?",
            // Web Chat typesets apostrophes, so the expected welcome avoids them.
            Welcome: "I answer questions about relapsing chronic myelogenous leukemia",
            Answer: "Most patients will respond to imatinib mesylate",
            Citations: "14,15,16,17"), output);
}
