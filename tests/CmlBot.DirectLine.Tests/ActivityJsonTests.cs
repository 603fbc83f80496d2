using System.Text;
using Microsoft.Bot.Schema;
using Newtonsoft.Json;
using Newtonsoft.Json.Linq;

namespace CmlBot.DirectLine.Tests;

/// <summary>Replies written to UTF-8 through pooled buffers: the same bytes as Newtonsoft's string, whatever came before.</summary>
public sealed class ActivityJsonTests
{
    private static readonly JsonSerializerSettings Expected = new() { NullValueHandling = NullValueHandling.Ignore };

    private static Activity Reply(string text, int claims) => new(ActivityTypes.Message)
    {
        Id = "c|0000002",
        Text = text,
        From = new ChannelAccount("bot", "CmlBot", RoleTypes.Bot),
        Timestamp = new DateTimeOffset(2026, 11, 29, 23, 50, 1, TimeSpan.Zero),
        Entities =
        [
            new Entity("https://schema.org/Message")
            {
                Properties = new JObject
                {
                    ["citation"] = new JArray(Enumerable.Range(1, claims).Select(n => new JObject
                    {
                        ["@type"] = "Claim",
                        ["position"] = n,
                        ["appearance"] = new JObject { ["name"] = $"Réf. {n} — 白血病 😷", ["abstract"] = new string('x', 150) },
                    })),
                },
            },
        ],
    };

    [Fact]
    public void A_reply_is_written_as_the_UTF8_of_Newtonsofts_JSON_and_the_buffers_carry_nothing_over()
    {
        var json = new ActivityJson();
        // Large, then small, then large again: a reused buffer must not keep the tail of a longer activity.
        var replies = new[] { Reply(new string('a', 20_000) + " Glivec®", 17), Reply("ok", 0), Reply("rechute après greffe 😷 \"q\" \\", 3) };
        foreach (var reply in replies.Concat(replies))
            Assert.Equal(Encoding.UTF8.GetBytes(JsonConvert.SerializeObject(reply, Expected)), json.SerializeUtf8(reply));
    }

    [Fact]
    public void Strings_written_in_one_piece_are_the_same_JSON_as_Newtonsofts_escaping()
    {
        // Every character Newtonsoft escapes by default, some it leaves alone, and surrogate pairs, in random strings;
        // as values, as property names (never shortened), in arrays and inside JSON objects.
        var alphabet = "ab \"\\/'<>&\u007f\u0080\u0085\u00a0\u2027\u2028\u2029\u200b\ufeff😷白"
            + new string(Enumerable.Range(0, 0x20).Select(c => (char)c).ToArray());
        var random = new Random(20261130);
        for (var i = 0; i < 3000; i++)
        {
            var text = new string(Enumerable.Range(0, random.Next(0, 40)).Select(_ => alphabet[random.Next(alphabet.Length)]).ToArray());
            var value = new JObject { [text] = text, ["list"] = new JArray(text, "plain", text), ["n"] = i };
            Assert.Equal(Plain(value), Written(value));
        }
        Assert.Equal(Plain(Reply("plain text, then \"quoted\"", 2)), Written(Reply("plain text, then \"quoted\"", 2)));
        Assert.Equal(Plain(Reply("no escapes at all", 2)), Written(Reply("no escapes at all", 2)));

        static string Plain(object value)
        {
            using var text = new StringWriter();
            using (var json = new JsonTextWriter(text)) JsonSerializer.Create(Expected).Serialize(json, value);
            return text.ToString();
        }

        static string Written(object value)
        {
            using var text = new StringWriter();
            using (var json = new ActivityJson.PlainStringWriter(text)) JsonSerializer.Create(Expected).Serialize(json, value);
            return text.ToString();
        }
    }

    [Fact]
    public void A_failed_serialization_leaves_nothing_behind_for_the_next()
    {
        var json = new ActivityJson();
        Assert.ThrowsAny<Exception>(() => json.SerializeUtf8(new Throws()));
        var reply = Reply("after the failure", 1);
        for (var i = 0; i < Environment.ProcessorCount * 4; i++)
            Assert.Equal(Encoding.UTF8.GetBytes(JsonConvert.SerializeObject(reply, Expected)), json.SerializeUtf8(reply));
    }

    [Fact]
    public void A_request_body_is_read_as_an_activity_and_trailing_content_is_refused()
    {
        using var body = new MemoryStream(Encoding.UTF8.GetBytes("""{"type":"message","text":"Gleevec® 白血病"}"""));
        Assert.Equal("Gleevec® 白血病", ActivityJson.Deserialize(body)!.Text);
        using var trailing = new MemoryStream("""{"type":"message"} {"#":1}"""u8.ToArray());
        Assert.ThrowsAny<JsonException>(() => ActivityJson.Deserialize(trailing));
    }

    private sealed class Throws
    {
        public string Before => new('b', 5000);

        public string Boom => throw new InvalidOperationException("boom (test)");
    }
}
