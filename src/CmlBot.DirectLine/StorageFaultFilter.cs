using CmlBot.Storage;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Logging;

namespace CmlBot.DirectLine;

/// <summary>
/// While the shared store is unreachable every Direct Line call answers 503 in Direct Line's error shape, at
/// once: the store fails fast, so the client is told to retry rather than left waiting. Outermost filter, so
/// that the rate limiter's own store faults are caught too.
/// </summary>
internal sealed class StorageFaultFilter(ILogger<StorageFaultFilter> logger) : IEndpointFilter
{
    public const int RetryAfterSeconds = 5;

    public async ValueTask<object?> InvokeAsync(EndpointFilterInvocationContext context, EndpointFilterDelegate next)
    {
        try
        {
            return await next(context);
        }
        catch (StorageUnavailableException e)
        {
            // The exception's message names the store, never a conversation's content.
            logger.LogWarning("Direct Line: storage unavailable, answered 503: {Message}", e.Message);
            context.HttpContext.Response.Headers.RetryAfter = RetryAfterSeconds.ToString(System.Globalization.CultureInfo.InvariantCulture);
            return DirectLineError.Unavailable();
        }
    }
}
