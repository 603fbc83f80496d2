using System.Runtime.InteropServices;

namespace CmlBot.Hosting;

/// <summary>
/// Gives the C heap's free pages back to the operating system every <see cref="HostingOptions.TrimNativeMemorySeconds"/>
/// while the host is busy.
/// </summary>
/// <remarks>
/// ONNX Runtime allocates each inference's tensors with <c>malloc</c> on whichever thread-pool thread runs it, and
/// glibc keeps what is freed in one arena per such thread (up to 8 per core; 15 were seen under load). Under load
/// that is about 20 MB of resident memory holding nothing (measured: <c>malloc_trim</c> on the loaded host took its
/// resident size from 290 to 270 MB; at idle it freed 2 MB).
/// <c>MALLOC_ARENA_MAX</c> cannot be set from inside the process once the runtime's threads have their arenas;
/// trimming works whatever created them. A pass costs a walk over the arenas, so it runs only when the managed
/// heap shows the host did something since the last one. Where the C library has no <c>malloc_trim</c> (musl,
/// Windows, macOS) the trimmer does nothing.
/// </remarks>
public sealed class NativeMemoryTrimmer(HostingOptions options, ILogger<NativeMemoryTrimmer> logger) : BackgroundService
{
    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        if (options.TrimNativeMemorySeconds <= 0 || !OperatingSystem.IsLinux()) return;
        using var timer = new PeriodicTimer(TimeSpan.FromSeconds(options.TrimNativeMemorySeconds));
        var allocated = GC.GetTotalAllocatedBytes();
        try
        {
            while (await timer.WaitForNextTickAsync(stoppingToken))
            {
                var now = GC.GetTotalAllocatedBytes();
                if (now == allocated) continue;
                allocated = now;
                if (!TryTrim()) return;
            }
        }
        catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
        {
        }
    }

    /// <summary>One trim pass; false where the C library has none.</summary>
    public bool TryTrim()
    {
        try
        {
            _ = MallocTrim(0); // 1 when it gave pages back, 0 when there were none: either is fine
            return true;
        }
        catch (Exception e) when (e is EntryPointNotFoundException or DllNotFoundException)
        {
            logger.LogInformation("The C library has no malloc_trim; native memory is left to it.");
            return false;
        }
    }

    // DllImport rather than LibraryImport: the arguments are blittable, and the host needs no unsafe code for it.
    [DllImport("libc", EntryPoint = "malloc_trim")]
    private static extern int MallocTrim(nuint pad);
}
