using CmlBot.Cli;
using CmlBot.Transcripts;

namespace CmlBot.Tests;

/// <summary>
/// Every recorded .transcript and hand-written .chat case in tests/transcripts, replayed through the real
/// dialog code: the testers' regression suite runs with the tests. Files from other bots, which are expected to
/// mismatch, live outside it in tests/samples.
/// </summary>
[Collection(HostCollection.Name)]
public sealed class TranscriptRegressionTests(HostFixture fixture)
{
    private static string Folder => Path.Combine(RepoRoot.Path, "tests", "transcripts");

    private static List<string> CaseFiles() =>
        ReplayRunner.FindCases([Folder])
            .Select(f => Path.GetRelativePath(Folder, f))
            .ToList();

    public static TheoryData<string> Cases() => new(CaseFiles());

    private TranscriptReplayer Replayer() => ReplayCommand.Replayer(CommandLine.Configuration(RepoRoot.Path, []), fixture.Core);

    [Theory]
    [MemberData(nameof(Cases))]
    public async Task Case_replays_unchanged(string file)
    {
        var result = await Replayer().ReplayAsync(ReplayRunner.Read(Path.Combine(Folder, file)));
        Assert.True(result.Passed, string.Join(Environment.NewLine, result.Mismatches.Select(m => $"turn {m.Turn} ({m.UserSaid}){Environment.NewLine}{ReplayRunner.Describe(m)}")));
    }

    [Fact]
    public void The_suite_covers_what_the_testers_need()
    {
        var names = CaseFiles();
        Assert.True(names.Count(n => n.EndsWith(".transcript", StringComparison.Ordinal)) >= 15);
        Assert.True(names.Count(n => n.EndsWith(".chat", StringComparison.Ordinal)) >= 3);
        foreach (var behaviour in new[] { "welcome", "cited-answer", "tell-me-more", "which-study", "show-reference", "short-follow-up", "did-you-mean",
                     "out-of-scope", "emergency", "personal-decision", "feedback", "restart", "help-thanks-goodbye", "bad-input", "non-message-activities",
                     "recorded-over-http", "emulator-shape" })
            Assert.Contains($"{behaviour}.transcript", names);
    }

    [Fact]
    public async Task Another_bots_emulator_transcript_is_read_cleanly_and_reported_as_mismatches()
    {
        var output = new StringWriter();
        var code = await new ReplayRunner(Replayer(), output).RunAsync([Path.Combine(RepoRoot.Path, "tests", "samples", "emulator-Test2.transcript")], null, false, CancellationToken.None);
        Assert.Equal(ReplayRunner.SomeFailed, code);
        Assert.DoesNotContain("ERROR", output.ToString(), StringComparison.Ordinal);
        Assert.Contains("turn 2, the user sent \"Hi\"", output.ToString(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_change_in_the_bot_shows_as_a_readable_diff_and_junit()
    {
        var dir = Directory.CreateTempSubdirectory("cmlbot-replay-").FullName;
        try
        {
            var original = await File.ReadAllTextAsync(Path.Combine(Folder, "cited-answer.transcript"));
            var changed = original.Replace("Most patients will respond to imatinib mesylate", "Most patients will respond to imatinib", StringComparison.Ordinal);
            Assert.NotEqual(original, changed);
            await File.WriteAllTextAsync(Path.Combine(dir, "changed.transcript"), changed);
            var junit = Path.Combine(dir, "junit.xml");
            var output = new StringWriter();
            var code = await new ReplayRunner(Replayer(), output).RunAsync([dir], junit, false, CancellationToken.None);
            Assert.Equal(ReplayRunner.SomeFailed, code);
            var report = output.ToString();
            Assert.Contains("turn 2, the user sent \"Can I take imatinib if my CML returns after my transplant?\"", report, StringComparison.Ordinal);
            Assert.Contains("reply 1: text differs", report, StringComparison.Ordinal);
            Assert.Contains("- Most patients will respond to imatinib with durable", report, StringComparison.Ordinal);
            Assert.Contains("+ Most patients will respond to imatinib mesylate with durable", report, StringComparison.Ordinal);
            Assert.Contains("<failure", await File.ReadAllTextAsync(junit), StringComparison.Ordinal);
        }
        finally { Directory.Delete(dir, recursive: true); }
    }
}
