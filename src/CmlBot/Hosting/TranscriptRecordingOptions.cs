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
