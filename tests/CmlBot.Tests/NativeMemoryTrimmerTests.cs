using System.Runtime.InteropServices;
using CmlBot.Hosting;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging.Abstractions;

namespace CmlBot.Tests;

/// <summary>The host's trimmer: freed C-heap pages go back to the system while the host is busy.</summary>
[Collection(ProcessMemoryCollection.Name)]
public sealed class NativeMemoryTrimmerTests
{
    private const int Block = 64 * 1024; // below glibc's mmap threshold, so it comes from an arena
    private const int Blocks = 1024; // 64 MB, half of it freed

    [Fact]
    public void A_trim_gives_pages_freed_in_the_middle_of_the_C_heap_back_to_the_system()
    {
        if (!OperatingSystem.IsLinux()) return; // malloc_trim is glibc's; elsewhere the trimmer does nothing
        var trimmer = new NativeMemoryTrimmer(new HostingOptions(), NullLogger<NativeMemoryTrimmer>.Instance);
        var blocks = new IntPtr[Blocks];
        for (var i = 0; i < Blocks; i++)
        {
            blocks[i] = Marshal.AllocHGlobal(Block);
            for (var offset = 0; offset < Block; offset += 4096) Marshal.WriteByte(blocks[i], offset, 1);
        }
        // Every other block freed: 32 MB in holes between blocks still in use, which glibc keeps until a trim,
        // wherever in the arena they lie.
        for (var i = 0; i < Blocks; i += 2) Marshal.FreeHGlobal(blocks[i]);
        var before = ResidentAnonymousKb();
        var released = trimmer.TryTrim();
        var after = ResidentAnonymousKb();
        for (var i = 1; i < Blocks; i += 2) Marshal.FreeHGlobal(blocks[i]);

        Assert.True(released);
        Assert.True(before - after >= 24 * 1024, $"resident anonymous memory went from {before} KB to {after} KB");
    }

    [Fact]
    public async Task A_period_of_zero_turns_the_trimmer_off()
    {
        var trimmer = new NativeMemoryTrimmer(new HostingOptions { TrimNativeMemorySeconds = 0 }, NullLogger<NativeMemoryTrimmer>.Instance);

        await trimmer.StartAsync(CancellationToken.None);

        // It returns at once, before any stop; a running trimmer waits for its next tick until the host stops.
        await trimmer.ExecuteTask!.WaitAsync(TimeSpan.FromSeconds(30));
        Assert.True(trimmer.ExecuteTask.IsCompletedSuccessfully);
        await trimmer.StopAsync(CancellationToken.None);
    }

    [Fact]
    public async Task A_running_trimmer_keeps_going_until_the_host_stops_it()
    {
        var trimmer = new NativeMemoryTrimmer(new HostingOptions { TrimNativeMemorySeconds = 1 }, NullLogger<NativeMemoryTrimmer>.Instance);
        await trimmer.StartAsync(CancellationToken.None);
        GC.KeepAlive(new byte[1024]); // the host did something: the next tick trims
        await Task.Delay(TimeSpan.FromSeconds(1.5));

        Assert.False(trimmer.ExecuteTask!.IsCompleted);
        await trimmer.StopAsync(CancellationToken.None);
        Assert.True(trimmer.ExecuteTask.IsCompletedSuccessfully);
    }

    [Fact]
    public void The_host_runs_the_trimmer_with_the_shipped_period()
    {
        using var app = BotHost.Build(["--urls=http://127.0.0.1:0", "--Retrieval:Mode=lexical"], RepoRoot.Path);

        Assert.Contains(app.Services.GetServices<IHostedService>(), service => service is NativeMemoryTrimmer);
        Assert.Equal(1, app.Services.GetRequiredService<HostingOptions>().TrimNativeMemorySeconds);
    }

    private static long ResidentAnonymousKb() =>
        long.Parse(File.ReadLines("/proc/self/status").First(line => line.StartsWith("RssAnon:", StringComparison.Ordinal))
            .Split(' ', StringSplitOptions.RemoveEmptyEntries)[1]);
}
