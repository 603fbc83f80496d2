using System.Buffers;
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
            using (var json = new PlainStringWriter(buffer.Text) { CloseOutput = false })
                Serializer.Serialize(json, value);
            buffer.Text.Flush();
            return buffer.Bytes.ToArray();
        }
        finally
        {
            _buffers.Return(buffer);
        }
    }

    /// <summary>
    /// Writes strings a run at a time. Newtonsoft.Json escapes a string by looking at each of its characters in turn, and
    /// an answer's text with its references runs to kilobytes: that was over a third of the time to write a reply. Here
    /// the characters to escape are found with a vectorised search and the text between them is copied as it is; each
    /// is escaped as Newtonsoft's default escaping writes it, so the JSON is the same to the byte.
    /// </summary>
    internal sealed class PlainStringWriter(TextWriter writer) : JsonTextWriter(writer)
    {
        // What StringEscapeHandling.Default escapes inside double quotes: control characters, the quote, the
        // backslash, and the three characters JavaScript reads as line ends.
        private static readonly SearchValues<char> Escaped = SearchValues.Create(
            "\"\\\u0085\u2028\u2029" + new string(Enumerable.Range(0, 0x20).Select(c => (char)c).ToArray()));

        private static readonly string[] ControlEscapes = Enumerable.Range(0, 0x20).Select(c => c switch
        {
            '\b' => "\\b",
            '\t' => "\\t",
            '\n' => "\\n",
            '\f' => "\\f",
            '\r' => "\\r",
            _ => $"\\u{c:x4}",
        }).ToArray();

        private readonly TextWriter _writer = writer;

        public override void WriteValue(string? value)
        {
            if (value is null || StringEscapeHandling != StringEscapeHandling.Default || QuoteChar != '"')
            {
                base.WriteValue(value);
                return;
            }
            // The writer's own bookkeeping for one value (the comma or colon before it), then the value itself.
            WriteRawValue("\"");
            var rest = value.AsSpan();
            int at;
            while ((at = rest.IndexOfAny(Escaped)) >= 0)
            {
                _writer.Write(rest[..at]);
                _writer.Write(Escape(rest[at]));
                rest = rest[(at + 1)..];
            }
            _writer.Write(rest);
            _writer.Write('"');
        }

        private static string Escape(char c) => c switch
        {
            '"' => "\\\"",
            '\\' => "\\\\",
            '\u0085' => "\\u0085",
            '\u2028' => "\\u2028",
            '\u2029' => "\\u2029",
            _ => ControlEscapes[c],
        };
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
