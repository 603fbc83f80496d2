using System.Text;
using CmlBot.DirectLine;
using CmlBot.DirectLine.Store;
using Microsoft.Extensions.Options;

namespace CmlBot.DirectLine.Tests;

public sealed class InMemoryDirectLineStoreTests
{
    private static InMemoryDirectLineStore Store() => new(Options.Create(new DirectLineOptions()), TimeProvider.System);

    [Fact]
    public async Task Activities_a_client_has_acknowledged_with_its_watermark_are_dropped_and_the_rest_kept()
    {
        var store = Store();
        Assert.Equal(CreateConversationResult.Created, await store.CreateConversationAsync("c", "10.0.0.1", default));
        for (var i = 0; i < 5; i++) await store.AppendActivityAsync("c", n => Encoding.UTF8.GetBytes($"{{\"n\":{n}}}"), fromUser: false, default);

        var first = (await store.GetActivitiesAsync("c", null, 3, default))!;
        Assert.Equal([0L, 1L, 2L], first.Activities.Select(a => a.Sequence));
        Assert.Equal(2, first.Watermark);

        // Nothing is acknowledged yet (no watermark): asking again from the start still gets everything.
        Assert.Equal(5, (await store.GetActivitiesAsync("c", null, 10, default))!.Activities.Count);

        var next = (await store.GetActivitiesAsync("c", first.Watermark, 10, default))!;
        Assert.Equal([3L, 4L], next.Activities.Select(a => a.Sequence));
        // 0..2 were acknowledged by watermark 2: gone. 3 and 4 were sent, not yet acknowledged: kept.
        Assert.Equal([3L, 4L], (await store.GetActivitiesAsync("c", null, 10, default))!.Activities.Select(a => a.Sequence));

        var last = (await store.GetActivitiesAsync("c", next.Watermark, 10, default))!;
        Assert.Empty(last.Activities);
        Assert.Equal(4, last.Watermark); // the client's place is kept
        Assert.Empty((await store.GetActivitiesAsync("c", null, 10, default))!.Activities);

        // Sequence numbers go on from where they were: a client's watermark never goes back.
        Assert.Equal(5, await store.AppendActivityAsync("c", n => Encoding.UTF8.GetBytes($"{{\"n\":{n}}}"), fromUser: false, default));
    }

    [Fact]
    public async Task A_page_keeps_its_bytes_after_its_activities_are_acknowledged_and_their_buffers_reused()
    {
        var store = Store();
        await store.CreateConversationAsync("c", "10.0.0.1", default);
        static byte[] Json(long n, char fill) => Encoding.UTF8.GetBytes($"{{\"n\":{n},\"text\":\"{new string(fill, 9000)}\"}}");
        await store.AppendActivityAsync("c", n => Json(n, 'a'), fromUser: false, default);
        var first = (await store.GetActivitiesAsync("c", null, 10, default))!;
        var sent = first.Activities[0].Utf8Json.ToArray();

        // Acknowledging returns the kept buffer for reuse; the next activities, of the same size, take it.
        for (var i = 0; i < 20; i++)
        {
            var page = (await store.GetActivitiesAsync("c", i == 0 ? first.Watermark : i - 1 + first.Watermark, 10, default))!;
            Assert.All(page.Activities, a => Assert.Equal(Json(a.Sequence, 'b'), a.Utf8Json.ToArray()));
            await store.AppendActivityAsync("c", n => Json(n, 'b'), fromUser: false, default);
        }
        Assert.Equal(sent, first.Activities[0].Utf8Json.ToArray());

        // The last poll acknowledged up to 18: 19 and 20 are kept, intact.
        var rest = (await store.GetActivitiesAsync("c", null, 100, default))!;
        Assert.Equal([19L, 20L], rest.Activities.Select(a => a.Sequence));
        Assert.All(rest.Activities, a => Assert.Equal(Json(a.Sequence, 'b'), a.Utf8Json.ToArray()));
    }

    [Fact]
    public async Task Activities_over_the_cap_and_over_the_pooled_size_are_kept_exactly()
    {
        var store = new InMemoryDirectLineStore(Options.Create(new DirectLineOptions { MaxActivitiesPerConversation = 3 }), TimeProvider.System);
        await store.CreateConversationAsync("c", "10.0.0.1", default);
        // 40 KB: larger than any pooled buffer; then more activities than the conversation keeps.
        byte[] Json(long n) => Encoding.UTF8.GetBytes($"{{\"n\":{n},\"text\":\"{new string((char)('a' + n), n == 0 ? 40_000 : 100 + (int)n)}\"}}");
        for (var i = 0; i < 6; i++) await store.AppendActivityAsync("c", Json, fromUser: false, default);
        var page = (await store.GetActivitiesAsync("c", null, 10, default))!;
        Assert.Equal([3L, 4L, 5L], page.Activities.Select(a => a.Sequence));
        Assert.All(page.Activities, a => Assert.Equal(Json(a.Sequence), a.Utf8Json.ToArray()));

        await store.CreateConversationAsync("big", "10.0.0.1", default);
        await store.AppendActivityAsync("big", _ => Json(0), fromUser: false, default);
        Assert.Equal(Json(0), (await store.GetActivitiesAsync("big", null, 10, default))!.Activities[0].Utf8Json.ToArray());
    }
}
