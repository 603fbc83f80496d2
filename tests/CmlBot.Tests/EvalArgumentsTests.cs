using CmlBot.Cli;

namespace CmlBot.Tests;

/// <summary>eval's arguments: a flag it does not know stops it before anything, the frozen test split above all, runs.</summary>
public sealed class EvalArgumentsTests
{
    [Theory]
    [InlineData("--help")]
    [InlineData("--verbos")]
    [InlineData("--test")]
    [InlineData("extra")]
    public void An_unknown_or_incomplete_argument_is_named(string argument)
    {
        Assert.Equal(argument, EvalCommand.UnknownArgument(["--verbose", argument]));
    }

    [Fact]
    public void Every_documented_form_is_accepted()
    {
        Assert.Null(EvalCommand.UnknownArgument([]));
        Assert.Null(EvalCommand.UnknownArgument(["--set", "my-set.json", "--test", "none.json", "--verbose", "--check"]));
        Assert.Null(EvalCommand.UnknownArgument(["--fit"]));
        Assert.Null(EvalCommand.UnknownArgument(["--models"]));
        Assert.Null(EvalCommand.UnknownArgument(["--cost"]));
        Assert.Null(EvalCommand.UnknownArgument(["--safety", "--dev", "--verbose", "--cost", "--no-model"]));
    }

    [Fact]
    public async Task Eval_with_an_unknown_argument_exits_2_without_evaluating()
    {
        // A full evaluation exits 0 (or 1 with --check) after a minute; 2 is the refusal, at once.
        Assert.Equal(2, await CommandLine.RunAsync(["eval", "--help"], RepoRoot.Path, CancellationToken.None));
    }

    [Fact]
    public async Task Eval_of_a_set_that_does_not_exist_exits_2_naming_it()
    {
        var output = new StringWriter();
        var code = await EvalCommand.RunAsync(new Microsoft.Extensions.Configuration.ConfigurationBuilder().Build(), RepoRoot.Path,
            ["--set", "no-such-set.json"], Microsoft.Extensions.Logging.Abstractions.NullLogger.Instance, output, CancellationToken.None);
        Assert.Equal(2, code);
        Assert.Contains("no-such-set.json", output.ToString(), StringComparison.Ordinal);
    }
}
