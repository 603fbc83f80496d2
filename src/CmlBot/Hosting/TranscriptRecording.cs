using CmlBot.Transcripts;
using Microsoft.Bot.Builder;

namespace CmlBot.Hosting;

/// <summary>The recording middleware for testers, by <see cref="TranscriptRecordingOptions"/>.</summary>
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
