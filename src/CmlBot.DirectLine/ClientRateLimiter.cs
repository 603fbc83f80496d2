using System.Globalization;
using Microsoft.AspNetCore.Http;

namespace CmlBot.DirectLine;

/// <summary>
/// One <see cref="RateBudget"/> per client address as an endpoint filter, so that the host needs no rate-limiting
/// middleware. Behind a reverse proxy the host must apply forwarded headers first, or every client shares the
/// proxy's address. The counting is <see cref="IClientRateCounter"/>'s.
/// </summary>
internal sealed class ClientRateLimiter(IClientRateCounter counter, RateBudget budget) : IEndpointFilter
{
    public async ValueTask<object?> InvokeAsync(EndpointFilterInvocationContext context, EndpointFilterDelegate next)
    {
        var refused = await CheckAsync(counter, context.HttpContext, ClientAddress.Of(context.HttpContext), budget);
        return refused ?? await next(context);
    }

    /// <summary>Null when <paramref name="key"/> may go on; else the 429 to answer (with Retry-After set).</summary>
    public static async ValueTask<IResult?> CheckAsync(IClientRateCounter counter, HttpContext http, string key, RateBudget budget)
    {
        var decision = await counter.TryAcquireAsync(key, budget, http.RequestAborted);
        if (decision.Allowed) return null;
        http.Response.Headers.RetryAfter = Math.Max(1, (int)Math.Ceiling(decision.RetryAfter.TotalSeconds)).ToString(CultureInfo.InvariantCulture);
        return DirectLineError.TooMany(budget.Name switch
        {
            RateBudget.PerConversation => "Too many requests in this conversation; retry later.",
            RateBudget.Tokens => "Too many new conversations from this client; retry later.",
            _ => "Too many requests from this client; retry later.",
        });
    }
}
