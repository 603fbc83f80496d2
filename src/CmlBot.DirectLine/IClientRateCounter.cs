using System.Threading.RateLimiting;
using Microsoft.Extensions.Options;

namespace CmlBot.DirectLine;

/// <summary>Whether a client may make one more request now, and if not, when to come back.</summary>
public readonly record struct RateDecision(bool Allowed, TimeSpan RetryAfter);

/// <summary>
/// Counts requests per client in fixed windows (<c>DirectLine:RateLimit</c>). The default counts in this
/// process; a shared store counts across instances, so a client cannot multiply its allowance by the number
/// of instances behind the proxy.
/// </summary>
public interface IClientRateCounter
{
    ValueTask<RateDecision> TryAcquireAsync(string client, CancellationToken cancellationToken);
}

/// <summary>The single-instance counter: .NET's partitioned fixed-window limiter, one partition per client.</summary>
public sealed class InMemoryClientRateCounter : IClientRateCounter, IDisposable
{
    private readonly PartitionedRateLimiter<string> _limiter;
    private readonly TimeSpan _window;

    public InMemoryClientRateCounter(IOptions<DirectLineOptions> options)
    {
        var o = options.Value.RateLimit;
        _window = TimeSpan.FromSeconds(Math.Max(1, o.WindowSeconds));
        _limiter = PartitionedRateLimiter.Create<string, string>(ip => RateLimitPartition.GetFixedWindowLimiter(ip, _ => new FixedWindowRateLimiterOptions
        {
            PermitLimit = Math.Max(1, o.PermitsPerWindow),
            Window = _window,
            QueueLimit = 0,
            AutoReplenishment = true,
        }));
    }

    public ValueTask<RateDecision> TryAcquireAsync(string client, CancellationToken cancellationToken)
    {
        using var lease = _limiter.AttemptAcquire(client);
        if (lease.IsAcquired) return ValueTask.FromResult(new RateDecision(true, TimeSpan.Zero));
        var retryAfter = lease.TryGetMetadata(MetadataName.RetryAfter, out var wait) ? wait : _window;
        return ValueTask.FromResult(new RateDecision(false, retryAfter));
    }

    public void Dispose() => _limiter.Dispose();
}
