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
        Assert.Equal(CreateConversationResult.Created, await store.CreateConversationAsync("c", default));
        for (var i = 0; i < 5; i++) await store.AppendActivityAsync("c", n => Encoding.UTF8.GetBytes($"{{\"n\":{n}}}"), default);

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
        Assert.Equal(5, await store.AppendActivityAsync("c", n => Encoding.UTF8.GetBytes($"{{\"n\":{n}}}"), default));
    }
}
