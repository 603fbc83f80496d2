using System.Globalization;
using Microsoft.AspNetCore.Http;

namespace CmlBot.DirectLine;

/// <summary>
/// A fixed window of requests per client IP for the Direct Line and token endpoints, as an endpoint filter so
/// that the host needs no rate-limiting middleware. Behind a reverse proxy the host must apply forwarded headers
/// first, or every client shares the proxy's address. The counting is <see cref="IClientRateCounter"/>'s.
/// </summary>
internal sealed class ClientRateLimiter(IClientRateCounter counter) : IEndpointFilter
{
    public async ValueTask<object?> InvokeAsync(EndpointFilterInvocationContext context, EndpointFilterDelegate next)
    {
        var http = context.HttpContext;
        var client = http.Connection.RemoteIpAddress?.ToString() ?? "unknown";
        var decision = await counter.TryAcquireAsync(client, http.RequestAborted);
        if (decision.Allowed) return await next(context);
        http.Response.Headers.RetryAfter = Math.Max(1, (int)Math.Ceiling(decision.RetryAfter.TotalSeconds)).ToString(CultureInfo.InvariantCulture);
        return DirectLineError.TooMany("Too many requests from this client; retry later.");
    }
}
