using Microsoft.Bot.Schema;

namespace CmlBot.Transcripts;

/// <summary>One conversation to replay: the user's activities in order, each with the bot replies expected after it.</summary>
public sealed record TranscriptCase(string Name, string Path, IReadOnlyList<Turn> Turns, bool IsChatFile);

/// <param name="Number">1-based, counting the user's activities (a conversationUpdate is a turn too).</param>
/// <param name="Recorded">For recorded transcripts, the bot activities as recorded (kept for --update).</param>
public sealed record Turn(int Number, Activity User, IReadOnlyList<ExpectedReply> Expected, bool AnyFurtherReplies = false);

/// <summary>
/// What a reply must be. Recorded transcripts fill every field that is compared by default; hand-written
/// .chat cases fill the ones their author asked for. A null field is not checked.
/// </summary>
public sealed record ExpectedReply(
    string Type,
    string? Text = null,
    string? Contains = null,
    string? Pattern = null,
    IReadOnlyList<string>? Actions = null,
    IReadOnlyList<string>? AttachmentTypes = null,
    IReadOnlyList<int>? Citations = null,
    int Line = 0);

/// <summary>A transcript or .chat file that cannot be read; names the file and the position.</summary>
public sealed class TranscriptFormatException : Exception
{
    public TranscriptFormatException(string file, int line, int position, string problem)
        : base($"{file}:{line}:{position}: {problem}")
    {
        File = file;
        LineNumber = line;
        Position = position;
    }

    public TranscriptFormatException() { File = ""; }
    public TranscriptFormatException(string message) : base(message) { File = ""; }
    public TranscriptFormatException(string message, Exception inner) : base(message, inner) { File = ""; }

    public string File { get; }
    public int LineNumber { get; }
    public int Position { get; }
}
