using System.Globalization;
using System.Threading.RateLimiting;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Options;

namespace CmlBot.DirectLine;

/// <summary>
/// A fixed window of requests per client IP for the Direct Line and token endpoints, as an endpoint filter so
/// that the host needs no rate-limiting middleware. Behind a reverse proxy the host must apply forwarded headers
/// first, or every client shares the proxy's address.
/// </summary>
internal sealed class ClientRateLimiter : IEndpointFilter, IDisposable
{
    private readonly PartitionedRateLimiter<string> _limiter;
    private readonly int _windowSeconds;

    public ClientRateLimiter(IOptions<DirectLineOptions> options)
    {
        var o = options.Value.RateLimit;
        _windowSeconds = Math.Max(1, o.WindowSeconds);
        _limiter = PartitionedRateLimiter.Create<string, string>(ip => RateLimitPartition.GetFixedWindowLimiter(ip, _ => new FixedWindowRateLimiterOptions
        {
            PermitLimit = Math.Max(1, o.PermitsPerWindow),
            Window = TimeSpan.FromSeconds(_windowSeconds),
            QueueLimit = 0,
            AutoReplenishment = true,
        }));
    }

    public async ValueTask<object?> InvokeAsync(EndpointFilterInvocationContext context, EndpointFilterDelegate next)
    {
        var http = context.HttpContext;
        var client = http.Connection.RemoteIpAddress?.ToString() ?? "unknown";
        using var lease = _limiter.AttemptAcquire(client);
        if (lease.IsAcquired) return await next(context);
        var retryAfter = lease.TryGetMetadata(MetadataName.RetryAfter, out var wait) ? wait : TimeSpan.FromSeconds(_windowSeconds);
        http.Response.Headers.RetryAfter = Math.Max(1, (int)Math.Ceiling(retryAfter.TotalSeconds)).ToString(CultureInfo.InvariantCulture);
        return DirectLineError.TooMany("Too many requests from this client; retry later.");
    }

    public void Dispose() => _limiter.Dispose();
}
