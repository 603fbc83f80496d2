using System.Net;
using CmlBot.Bot.Answers;
using CmlBot.Transcripts;
using Microsoft.Extensions.DependencyInjection;

namespace CmlBot.Tests;

/// <summary>Recording for testers (Transcripts:RecordFolder): ids a client chose never pick where a file goes.</summary>
[Collection(HostCollection.Name)]
public sealed class TranscriptRecordingTests(HostFixture fixture) : IDisposable
{
    private readonly string _root = Path.Combine(Path.GetTempPath(), "cmlbot-record-" + Guid.NewGuid().ToString("N"));

    [Fact]
    public async Task No_file_is_written_outside_the_record_folder_and_the_recordings_replay()
    {
        var folder = Path.Combine(_root, "a", "b", "record");
        var absolute = Path.Combine(Path.GetTempPath(), "cmlbot-absolute-" + Guid.NewGuid().ToString("N"));
        await using var host = await RunningHost.StartAsync([$"--Transcripts:RecordFolder={folder}"],
            s => s.AddSingleton<ICoreProvider>(new ReadyCoreProvider(fixture.Core)));

        string[] conversations = ["../../../outside", "../../x/../../y", absolute, "/etc/cmlbot-x", "..", "plain"];
        foreach (var conversation in conversations)
            Assert.NotEmpty(await host.ExpectRepliesAsync(RunningHost.Message("What is a buffy coat infusion?", conversation)));
        foreach (var channel in new[] { "../../x", "/tmp", "..", "a/b" })
        {
            var message = RunningHost.Message("What is a buffy coat infusion?", "channel-" + channel);
            message["channelId"] = channel;
            using var refused = await host.PostAsync(message.ToString());
            Assert.Equal(HttpStatusCode.BadRequest, refused.StatusCode);
        }
        var page = await PageConversation.StartAsync(host.Client);
        await page.SayAsync("What is a buffy coat infusion?");

        var files = Directory.GetFiles(_root, "*", SearchOption.AllDirectories);
        Assert.All(files, f => Assert.Equal(folder, Path.GetDirectoryName(f)));
        Assert.False(File.Exists(absolute + TranscriptFileLogger.Extension) || Directory.Exists(absolute));
        Assert.False(File.Exists("/etc/cmlbot-x" + TranscriptFileLogger.Extension));
        Assert.Equal(conversations.Length + 1, files.Length);
        Assert.All(files, f => Assert.NotEmpty(TranscriptReader.Read(f).Turns));
    }

    public void Dispose()
    {
        if (Directory.Exists(_root)) Directory.Delete(_root, recursive: true);
    }
}
