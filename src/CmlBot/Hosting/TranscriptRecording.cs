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
        var folder = Path.GetFullPath(options.RecordFolder, contentRoot);
        Directory.CreateDirectory(folder);
        // unitTestMode false: a conversation's file grows turn by turn instead of starting over.
        return new TranscriptLoggerMiddleware(new FileTranscriptLogger(folder, unitTestMode: false));
    }
}
