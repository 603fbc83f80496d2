using System.Diagnostics;
using System.Net;
using Newtonsoft.Json.Linq;

namespace CmlBot.Tests;

/// <summary>A body of broken mention markup costs seconds of CPU if a pattern reads all of it: the text is cut first.</summary>
[Collection(HostCollection.Name)]
public sealed class MentionFloodTests(HostFixture fixture)
{
    [Theory]
    [InlineData("<at>")]
    [InlineData("<at x")]
    public async Task A_body_of_broken_mention_markup_is_answered_on_the_cut_text_within_a_bounded_time(string unit)
    {
        var message = RunningHost.Message("", "mention-flood-" + unit.Length, "mention-flood-user");
        message["channelId"] = "msteams";
        message["conversation"]!["conversationType"] = "personal";
        message["deliveryMode"] = "expectReplies";
        var overhead = System.Text.Encoding.UTF8.GetByteCount(message.ToString()) + 64;
        message["text"] = string.Concat(Enumerable.Repeat(unit, (262_144 - overhead) / unit.Length));

        var watch = Stopwatch.StartNew();
        using var response = await fixture.Host.PostAsync(message.ToString());
        watch.Stop();
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var replies = JObject.Parse(await response.Content.ReadAsStringAsync())["activities"]!;
        Assert.Contains(replies, r => ((string?)r["text"] ?? "").Contains("characters long", StringComparison.Ordinal));
        // The whole turn, welcome included; the mention pattern alone over the whole body costs about 6 s.
        Assert.InRange(watch.Elapsed.TotalSeconds, 0, 3);
    }
}
