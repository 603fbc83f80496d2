using CmlBot.Transcripts;
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
        // One file per conversation, named by a hash of its channel and conversation ids (never by the ids), growing
        // turn by turn; `replay FOLDER` reads them.
        return new TranscriptLoggerMiddleware(new TranscriptFileLogger(Path.GetFullPath(options.RecordFolder, contentRoot)));
    }
}
