using System.Text;
using Microsoft.Bot.Schema;
using Microsoft.Extensions.ObjectPool;
using Newtonsoft.Json;

namespace CmlBot.DirectLine;

/// <summary>
/// Activities to and from Direct Line JSON. Replies are written straight to UTF-8 through pooled buffers: a reply
/// with its references is ~10 KB, written once per reply, and a fresh StreamWriter and MemoryStream each time
/// cost more to allocate and zero than the bytes they hold.
/// </summary>
public sealed class ActivityJson
{
    private static readonly JsonSerializerSettings Settings = new()
    {
        NullValueHandling = NullValueHandling.Ignore,
        MaxDepth = 64,
        // As JsonConvert.DeserializeObject does: "{…} trailing junk" is not an activity.
        CheckAdditionalContent = true,
    };

    // Immutable once made, so one serializer is safe to share between turns.
    private static readonly JsonSerializer Serializer = JsonSerializer.Create(Settings);

    private static readonly UTF8Encoding Utf8NoBom = new(encoderShouldEmitUTF8Identifier: false);

    private readonly ObjectPool<Utf8Buffer> _buffers = new DefaultObjectPool<Utf8Buffer>(new Utf8BufferPolicy(), Environment.ProcessorCount * 2);

    /// <summary>An activity from a request body in UTF-8, read without making a string of the whole body first.</summary>
    public static Activity? Deserialize(Stream utf8Json)
    {
        using var text = new StreamReader(utf8Json, Utf8NoBom, detectEncodingFromByteOrderMarks: true, leaveOpen: true);
        using var json = new JsonTextReader(text);
        return Serializer.Deserialize<Activity>(json);
    }

    /// <summary>The activity's JSON in UTF-8, in a new array the caller owns.</summary>
    public byte[] SerializeUtf8(object value)
    {
        var buffer = _buffers.Get();
        try
        {
            using (var json = new JsonTextWriter(buffer.Text) { CloseOutput = false })
                Serializer.Serialize(json, value);
            buffer.Text.Flush();
            return buffer.Bytes.ToArray();
        }
        finally
        {
            _buffers.Return(buffer);
        }
    }

    private sealed class Utf8Buffer
    {
        public MemoryStream Bytes { get; } = new(16384);

        public StreamWriter Text { get; }

        public Utf8Buffer() => Text = new StreamWriter(Bytes, Utf8NoBom, bufferSize: 2048, leaveOpen: true);
    }

    private sealed class Utf8BufferPolicy : IPooledObjectPolicy<Utf8Buffer>
    {
        // An uncommonly large activity leaves its buffer to the GC rather than keep it for the life of the process.
        private const int MaxKeptBytes = 256 * 1024;

        public Utf8Buffer Create() => new();

        public bool Return(Utf8Buffer buffer)
        {
            if (buffer.Bytes.Capacity > MaxKeptBytes) return false;
            // Whatever a failed serialization left in the writer is flushed, then cut with the rest.
            buffer.Text.Flush();
            buffer.Bytes.SetLength(0);
            return true;
        }
    }
}
