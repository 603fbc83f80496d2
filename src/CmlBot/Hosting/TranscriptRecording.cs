using Microsoft.Bot.Builder;

namespace CmlBot.Hosting;

/// <summary>
/// Records every conversation as an Emulator-compatible .transcript file, for testers. Off by default:
/// patients type private things, so only a test environment should set Transcripts:RecordFolder.
/// </summary>
public sealed class TranscriptRecordingOptions
{
    public const string Section = "Transcripts";

    /// <summary>Where to write .transcript files (relative to the content root); empty = do not record.</summary>
    public string RecordFolder { get; set; } = "";
}

public static class TranscriptRecording
{
    /// <summary>The recording middleware when the configuration turns it on; null otherwise.</summary>
    public static Microsoft.Bot.Builder.IMiddleware? Create(IConfiguration configuration, string contentRoot)
    {
        var options = configuration.GetSection(TranscriptRecordingOptions.Section).Get<TranscriptRecordingOptions>() ?? new TranscriptRecordingOptions();
        if (string.IsNullOrWhiteSpace(options.RecordFolder)) return null;
        var folder = Path.GetFullPath(options.RecordFolder, contentRoot);
        Directory.CreateDirectory(folder);
        // unitTestMode false: a conversation's file grows turn by turn instead of starting over.
        return new TranscriptLoggerMiddleware(new FileTranscriptLogger(folder, unitTestMode: false));
    }
}
