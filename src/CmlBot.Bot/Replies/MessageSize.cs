using System.Text;
using Microsoft.Bot.Schema;
using Newtonsoft.Json;

namespace CmlBot.Bot.Replies;

/// <summary>
/// An outgoing activity's size as Teams counts it: the whole serialised payload, encoded as UTF-16
/// (two bytes a character), images referenced by URL rather than inlined.
/// </summary>
public static class MessageSize
{
    private static readonly JsonSerializerSettings Settings = new()
    {
        NullValueHandling = NullValueHandling.Ignore,
        Formatting = Formatting.None,
    };

    /// <summary>
    /// Room left for what the adapter adds to a reply after it is built (ids, from, recipient, conversation,
    /// service URL, timestamps, reply-to id): replies are built to fit the limit less this.
    /// </summary>
    public const int EnvelopeBytes = 4096;

    private static readonly JsonSerializer Serializer = JsonSerializer.Create(Settings);

    /// <summary>Counts the characters as they are written: every answer is measured, and the text itself is not needed.</summary>
    public static int Utf16Bytes(IActivity activity)
    {
        using var counter = new CharCounter();
        using (var json = new JsonTextWriter(counter)) Serializer.Serialize(json, activity);
        return checked(counter.Count * 2);
    }

    private sealed class CharCounter : TextWriter
    {
        public int Count { get; private set; }
        public override Encoding Encoding => Encoding.Unicode;
        public override void Write(char value) => Count++;
        public override void Write(char[] buffer, int index, int count) => Count += count;
        public override void Write(ReadOnlySpan<char> buffer) => Count += buffer.Length;
        public override void Write(string? value) => Count += value?.Length ?? 0;
    }
}
