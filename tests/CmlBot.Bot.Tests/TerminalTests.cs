using CmlBot.Bot.Channels;
using CmlBot.Bot.Tests.Infrastructure;
using Microsoft.Extensions.Configuration;

namespace CmlBot.Bot.Tests;

public sealed class TerminalTests(CoreFixture fixture) : BotTestBase(fixture)
{
    [Fact]
    public async Task The_terminal_channel_runs_the_same_dialog_and_numbers_suggested_actions()
    {
        var question = Fixture.CitedQuestion();
        var expected = Fixture.Core.Ask(question);
        using var input = new StringReader($"{question}\n4\n/quit\nnever read\n");
        using var output = new StringWriter();
        var adapter = new TerminalAdapter(input, output) { OnTurnError = Harness.ErrorHandler.HandleAsync };

        await adapter.RunAsync(Harness.Bot, CancellationToken.None);

        var text = output.ToString();
        Assert.Contains("last modified 03/06/2009", text); // the welcome
        Assert.Contains(expected.Quoted!.Text, text);
        Assert.Contains("[1] Yes", text);
        Assert.Contains("[4] Which study?", text);
        Assert.Contains("References of the last answer", text); // "4" picked "Which study?"
        Assert.DoesNotContain("**", text);
        Assert.DoesNotContain("never read", text);
    }

    [Fact]
    public async Task The_terminal_prints_card_answers_as_text()
    {
        var configuration = new ConfigurationBuilder()
            .AddConfiguration(Fixture.Configuration)
            .AddInMemoryCollection([new("Teams:AnswerCards", "true")])
            .Build();
        using var harness = new BotHarness(configuration, Fixture.Core);
        var question = Fixture.CitedQuestion();
        var expected = Fixture.Core.Ask(question);
        using var input = new StringReader($"{question}\n/quit\n");
        using var output = new StringWriter();
        var adapter = new TerminalAdapter(input, output) { OnTurnError = harness.ErrorHandler.HandleAsync };

        await adapter.RunAsync(harness.Bot, CancellationToken.None);

        var text = output.ToString();
        Assert.Contains(expected.Quoted!.Text, text);
        foreach (var r in expected.References) Assert.Contains($"[{r.Number}] {r.Text}", text);
        Assert.Contains("(Helpful)", text);
    }

    [Fact]
    public void Plain_text_undoes_markdown_escapes()
    {
        Assert.Equal("a <b> [c] * d", TerminalAdapter.Plain(Replies.MarkdownText.Escape("a <b> [c] * d")));
        Assert.Equal("Source: x, note: y *z*", TerminalAdapter.Plain("*Source:* x, *note:* y " + Replies.MarkdownText.Escape("*z*")));
    }
}
