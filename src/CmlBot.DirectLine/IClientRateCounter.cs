using System.Threading.RateLimiting;

namespace CmlBot.DirectLine;

/// <summary>Whether a client may make one more request now, and if not, when to come back.</summary>
public readonly record struct RateDecision(bool Allowed, TimeSpan RetryAfter);

/// <summary>
/// Counts requests per key in fixed windows, one allowance per <see cref="RateBudget"/>. The default counts in this
/// process; a shared store counts across instances, so a client cannot multiply its allowance by the number
/// of instances behind the proxy.
/// </summary>
public interface IClientRateCounter
{
    ValueTask<RateDecision> TryAcquireAsync(string key, RateBudget budget, CancellationToken cancellationToken);
}

/// <summary>The single-instance counter: .NET's partitioned fixed-window limiter, one partition per budget and key.</summary>
public sealed class InMemoryClientRateCounter : IClientRateCounter, IDisposable
{
    // The limiter drops a partition once its window has refilled, so keys of clients gone quiet are not kept.
    private readonly PartitionedRateLimiter<(string Key, RateBudget Budget)> _limiter =
        PartitionedRateLimiter.Create<(string Key, RateBudget Budget), string>(r => RateLimitPartition.GetFixedWindowLimiter(
            $"{r.Budget.Name}|{r.Key}", _ => new FixedWindowRateLimiterOptions
            {
                PermitLimit = r.Budget.Limit,
                Window = r.Budget.Window,
                QueueLimit = 0,
                AutoReplenishment = true,
            }));

    public ValueTask<RateDecision> TryAcquireAsync(string key, RateBudget budget, CancellationToken cancellationToken)
    {
        using var lease = _limiter.AttemptAcquire((key, budget));
        if (lease.IsAcquired) return ValueTask.FromResult(new RateDecision(true, TimeSpan.Zero));
        var retryAfter = lease.TryGetMetadata(MetadataName.RetryAfter, out var wait) ? wait : budget.Window;
        return ValueTask.FromResult(new RateDecision(false, retryAfter));
    }

    public void Dispose() => _limiter.Dispose();
}
