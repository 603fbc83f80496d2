using CmlBot.Bot.Answers;

namespace CmlBot.Bot.Tests.Answers;

/// <summary>The gate lets in as many as it has slots, parks the rest without a thread, and a caller that gives up loses nobody's slot.</summary>
public sealed class ComputeGateTests
{
    private static readonly TimeSpan NoHang = TimeSpan.FromSeconds(30);

    [Fact]
    public async Task No_more_than_its_slots_run_at_once_and_every_caller_runs()
    {
        using var gate = new ComputeGate(2);
        var running = 0;
        var most = 0;
        var tasks = Enumerable.Range(0, 20).Select(i => Task.Run(() => gate.RunAsync(() =>
        {
            var now = Interlocked.Increment(ref running);
            InterlockedMax(ref most, now);
            Thread.Sleep(5);
            Interlocked.Decrement(ref running);
            return i;
        }, CancellationToken.None))).ToList();
        var results = await Task.WhenAll(tasks).WaitAsync(NoHang);
        Assert.Equal(Enumerable.Range(0, 20), results.Order());
        Assert.True(most <= 2, $"{most} ran at once");
    }

    [Fact]
    public async Task A_caller_cancelled_while_waiting_gets_a_cancellation_and_the_slot_stays_free()
    {
        using var gate = new ComputeGate(1);
        using var inside = new ManualResetEventSlim();
        using var release = new ManualResetEventSlim();
        var holder = Task.Run(() => gate.RunAsync(() => { inside.Set(); return release.Wait(NoHang); }, CancellationToken.None));
        Assert.True(inside.Wait(NoHang));

        using var cancel = new CancellationTokenSource();
        var waiting = gate.RunAsync(() => 1, cancel.Token);
        Assert.False(waiting.IsCompleted); // parked: no thread runs it
        await cancel.CancelAsync();
        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => waiting);

        release.Set();
        await holder.WaitAsync(NoHang);
        Assert.Equal(2, await gate.RunAsync(() => 2, CancellationToken.None).WaitAsync(NoHang));
    }

    private static void InterlockedMax(ref int target, int value)
    {
        int seen;
        while ((seen = Volatile.Read(ref target)) < value && Interlocked.CompareExchange(ref target, value, seen) != seen) { }
    }
}
