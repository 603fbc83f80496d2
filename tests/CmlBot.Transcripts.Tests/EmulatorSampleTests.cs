namespace CmlBot.Transcripts.Tests;

/// <summary>The transcript Bot Framework Emulator saved for another bot (tests/samples, outside the replayed regression folder) reads cleanly.</summary>
public sealed class EmulatorSampleTests
{
    internal static string? SamplePath()
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
        {
            var copy = Path.Combine(dir.FullName, "tests", "samples", "emulator-Test2.transcript");
            if (File.Exists(copy)) return copy;
        }
        return null;
    }

    [Fact]
    public void Emulators_exact_shape_reads_into_turns()
    {
        var c = TranscriptReader.Read(SamplePath() ?? throw new InvalidOperationException("sample transcript not found"));
        // conversationUpdate (no role on from) + three user messages.
        Assert.Equal(4, c.Turns.Count);
        Assert.Equal("conversationUpdate", c.Turns[0].User.Type);
        Assert.Equal(["Hello and welcome!"], c.Turns[0].Expected.Select(e => e.Text));
        Assert.Equal(3, c.Turns[2].Expected.Count);
        Assert.Equal("emulator", c.Turns[1].User.ChannelId);
        Assert.EndsWith("|livechat", c.Turns[1].User.Conversation.Id, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Replaying_it_against_another_bot_reports_mismatches_with_exit_1()
    {
        var output = new StringWriter();
        var code = await new ReplayRunner(new TranscriptReplayer(ScriptedBot.Default), output).RunAsync([SamplePath()!], null, false, CancellationToken.None);
        Assert.Equal(1, code);
        Assert.Contains("text differs", output.ToString(), StringComparison.Ordinal);
    }
}
