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
