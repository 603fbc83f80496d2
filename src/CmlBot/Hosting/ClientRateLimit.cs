using System.Globalization;
using System.Net;
using System.Net.Sockets;
using System.Threading.RateLimiting;
using Microsoft.AspNetCore.RateLimiting;

namespace CmlBot.Hosting;

/// <summary>
/// A fixed-window limit per client on the host's own routes (/api/messages, /api/feedback); Direct Line has its own.
/// The client is the address after forwarded headers (so behind nginx, the patient), and an IPv6 client is its /64:
/// one subscriber usually holds a whole /64 and could otherwise take a fresh bucket for every request.
/// </summary>
public static class ClientRateLimit
{
    public const string Policy = "client";

    public static IServiceCollection AddClientRateLimit(this IServiceCollection services, MessagesRateLimitOptions options)
    {
        var window = TimeSpan.FromSeconds(Math.Max(1, options.WindowSeconds));
        var permits = Math.Max(1, options.PermitsPerWindow);
        return services.AddRateLimiter(limiter =>
        {
            limiter.RejectionStatusCode = StatusCodes.Status429TooManyRequests;
            limiter.OnRejected = (context, _) =>
            {
                var retry = context.Lease.TryGetMetadata(MetadataName.RetryAfter, out var after) ? after : window;
                context.HttpContext.Response.Headers.RetryAfter = Math.Max(1, (int)Math.Ceiling(retry.TotalSeconds)).ToString(CultureInfo.InvariantCulture);
                return ValueTask.CompletedTask;
            };
            limiter.AddPolicy(Policy, http => RateLimitPartition.GetFixedWindowLimiter(Key(http.Connection.RemoteIpAddress),
                _ => new FixedWindowRateLimiterOptions { PermitLimit = permits, Window = window, QueueLimit = 0, AutoReplenishment = true }));
        });
    }

    /// <summary>The client's bucket: an IPv4 address, or the /64 network of an IPv6 address.</summary>
    public static string Key(IPAddress? address)
    {
        if (address is null) return "unknown";
        if (address.IsIPv4MappedToIPv6) address = address.MapToIPv4();
        if (address.AddressFamily != AddressFamily.InterNetworkV6) return address.ToString();
        var bytes = address.GetAddressBytes();
        Array.Clear(bytes, 8, 8);
        return new IPAddress(bytes) + "/64";
    }
}
