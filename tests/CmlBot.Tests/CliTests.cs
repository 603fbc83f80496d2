using CmlBot.Cli;

namespace CmlBot.Tests;

[Collection(HostCollection.Name)]
public sealed class CliTests(HostFixture fixture)
{
    [Fact]
    public async Task Chat_runs_the_bot_in_a_terminal_until_quit()
    {
        var question = fixture.CitedQuestion();
        var expected = fixture.Core.Ask(question);
        var configuration = CommandLine.Configuration(RepoRoot.Path, []);
        using var input = new StringReader($"{question}\nwhich study?\n/quit\n");
        using var output = new StringWriter();

        var exit = await ChatCommand.RunAsync(configuration, RepoRoot.Path, input, output, CancellationToken.None);

        Assert.Equal(0, exit);
        var text = output.ToString();
        Assert.Contains("/quit", text);
        Assert.Contains("last modified 03/06/2009", text);
        Assert.Contains(expected.Quoted!.Text, text);
        foreach (var r in expected.References) Assert.Contains($"[{r.Number}] {r.Text}", text);
    }

    [Fact]
    public void Chat_is_a_verb_and_in_the_usage()
    {
        Assert.True(CommandLine.IsVerb("chat"));
        Assert.Contains("CmlBot chat", CommandLine.Usage, StringComparison.Ordinal);
    }

    [Fact]
    public void A_verbs_arguments_keep_their_order_and_repeats_and_overrides_are_taken_out()
    {
        var (rest, overrides) = CommandLine.Split(["--duration", "30", "--Retrieval:Mode=hybrid", "--warmup", "30", "what", "what"]);
        Assert.Equal(["--duration", "30", "--warmup", "30", "what", "what"], rest);
        Assert.Equal(["--Retrieval:Mode=hybrid"], overrides);
    }
}
