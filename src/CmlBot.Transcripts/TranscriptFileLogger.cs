using System.Security.Cryptography;
using System.Text;
using Microsoft.Bot.Builder;
using Microsoft.Bot.Schema;
using Newtonsoft.Json;

namespace CmlBot.Transcripts;

/// <summary>
/// Records each conversation as a .transcript file (a JSON array of activities, as the Emulator writes and
/// <see cref="TranscriptReader"/> reads) in one folder. A channel id and a conversation id are whatever a client
/// sent, so neither becomes part of a path: the file is named by a hash of the two, and its full path is checked to
/// be inside the folder before anything is written. (Bot Builder's FileTranscriptLogger builds the path from them,
/// taking out only the characters the file system forbids (on Linux, NUL), so "../.." or an absolute path leaves its folder.)
/// </summary>
public sealed class TranscriptFileLogger : ITranscriptLogger, IDisposable
{
    public const string Extension = ".transcript";

    private static readonly JsonSerializerSettings Settings = new()
    {
        NullValueHandling = NullValueHandling.Ignore,
        Formatting = Formatting.Indented,
    };

    private readonly string _folder;
    private readonly SemaphoreSlim _gate = new(1, 1);

    public TranscriptFileLogger(string folder)
    {
        _folder = Path.TrimEndingDirectorySeparator(Path.GetFullPath(folder));
        Directory.CreateDirectory(_folder);
    }

    /// <summary>The file of a conversation: always directly inside the folder, whatever the ids hold.</summary>
    public string PathFor(string? channelId, string? conversationId)
    {
        channelId ??= "";
        conversationId ??= "";
        // Length-prefixed, so that no two different pairs of ids give the same text to hash.
        var key = Encoding.UTF8.GetBytes($"{channelId.Length}:{channelId}{conversationId}");
        var name = Convert.ToHexStringLower(SHA256.HashData(key))[..32] + Extension;
        var path = Path.GetFullPath(Path.Combine(_folder, name));
        if (!string.Equals(Path.GetDirectoryName(path), _folder, StringComparison.Ordinal))
            throw new InvalidOperationException("A transcript path left the record folder.");
        return path;
    }

    public async Task LogActivityAsync(IActivity activity)
    {
        ArgumentNullException.ThrowIfNull(activity);
        var path = PathFor(activity.ChannelId, activity.Conversation?.Id);
        var json = JsonConvert.SerializeObject(activity, Settings);
        await _gate.WaitAsync();
        try
        {
            await using var stream = new FileStream(path, FileMode.OpenOrCreate, FileAccess.ReadWrite, FileShare.Read);
            string text;
            if (stream.Length == 0)
            {
                text = "[\n" + json + "\n]";
            }
            else
            {
                // The file ends with the array's "]": the activity goes before it, so the file stays valid JSON.
                stream.Seek(-1, SeekOrigin.End);
                text = ",\n" + json + "\n]";
            }
            var bytes = Encoding.UTF8.GetBytes(text);
            await stream.WriteAsync(bytes);
        }
        finally
        {
            _gate.Release();
        }
    }

    public void Dispose() => _gate.Dispose();
}
