using CmlBot.DirectLine.Store;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Options;

namespace CmlBot.DirectLine;

/// <summary>
/// Host wiring: <c>builder.Services.AddCmlBotDirectLine(builder.Configuration)</c>, then
/// <c>app.MapCmlBotDirectLine()</c> (Direct Line and the page's token endpoint) and <c>app.MapCmlBotWebPage()</c>
/// (the page at /). The host registers the bot as <c>IBot</c>; optional: a <c>Func&lt;ITurnContext, Exception, Task&gt;</c>
/// singleton as the turn-error handler, and <c>Microsoft.Bot.Builder.IMiddleware</c> singletons.
/// </summary>
public static class DirectLineServiceCollectionExtensions
{
    /// <summary>The named HttpClient used for Azure's tokens/generate; tests swap its handler.</summary>
    public const string AzureHttpClientName = "CmlBot.DirectLine.Azure";

    public const string CorsPolicyName = "CmlBot.DirectLine";

    public static IServiceCollection AddCmlBotDirectLine(this IServiceCollection services, IConfiguration configuration)
    {
        services.AddOptions<DirectLineOptions>()
            .Bind(configuration.GetSection(DirectLineOptions.SectionName))
            .Validate(o => o.Mode is DirectLineModes.Local or DirectLineModes.Azure, "DirectLine:Mode must be 'local' or 'azure'.")
            .Validate(o => o.Mode != DirectLineModes.Azure || !string.IsNullOrEmpty(o.Azure.Secret), "DirectLine:Azure:Secret is required in azure mode.")
            .Validate(o => o.MaxMessageLength > 0 && o.MaxBodyBytes > 0 && o.MaxValueBytes > 0 && o.MaxConversations > 0
                           && o.MaxConversationsPerClient > 0 && o.MaxActivitiesPerConversation > 0 && o.MaxBytesPerConversation > 0
                           && o.MaxActivitiesPerGet > 0 && o.MaxBytesPerGet > 0 && o.IdleExpiryMinutes > 0 && o.UnengagedExpiryMinutes > 0
                           && o.RateLimit.WindowSeconds > 0 && o.RateLimit.PermitsPerWindow > 0 && o.RateLimit.PermitsPerConversation > 0
                           && o.RateLimit.TokenPermitsPerWindow > 0 && o.RateLimit.PagePermitsPerWindow > 0,
                "DirectLine limits must be positive.")
            .ValidateOnStart();
        services.TryAddSingleton(TimeProvider.System);
        services.TryAddSingleton<IDirectLineStore, InMemoryDirectLineStore>();
        services.TryAddSingleton<DirectLineTokens>();
        services.TryAddSingleton<ActivityJson>();
        services.TryAddSingleton<DirectLineAdapter>();
        services.TryAddSingleton<DirectLineEndpoints>();
        services.TryAddSingleton<ConversationTurnGate>();
        services.TryAddSingleton<IClientRateCounter, InMemoryClientRateCounter>();
        services.TryAddSingleton<StorageFaultFilter>();
        services.TryAddSingleton<WebPageAssets>();
        services.AddHostedService<IdleConversationSweeper>();
        services.AddHttpClient(AzureHttpClientName, c => c.Timeout = TimeSpan.FromSeconds(15));
        services.TryAddSingleton<IPageTokenSource>(sp =>
            sp.GetRequiredService<IOptions<DirectLineOptions>>().Value.Mode == DirectLineModes.Azure
                ? ActivatorUtilities.CreateInstance<AzurePageTokenSource>(sp)
                : ActivatorUtilities.CreateInstance<LocalPageTokenSource>(sp));

        var origins = configuration.GetSection($"{DirectLineOptions.SectionName}:AllowedOrigins").Get<string[]>() ?? [];
        if (origins.Length > 0)
            services.AddCors(c => c.AddPolicy(CorsPolicyName, p => p.WithOrigins(origins).WithMethods("GET", "POST").AllowAnyHeader()));
        return services;
    }

    /// <summary>
    /// Maps <c>POST /api/directline/token</c> and, in local mode, the Direct Line endpoints under /v3/directline.
    /// When DirectLine:AllowedOrigins is set, also adds the CORS middleware (the host needs no UseCors of its own).
    /// </summary>
    public static IEndpointRouteBuilder MapCmlBotDirectLine(this IEndpointRouteBuilder endpoints)
    {
        var options = endpoints.ServiceProvider.GetRequiredService<IOptions<DirectLineOptions>>().Value;
        var corsOpen = options.AllowedOrigins.Length > 0;
        if (corsOpen && endpoints is IApplicationBuilder app) app.UseCors();

        // Filters run in the order added: no-store on every answer (errors too), storage faults (503) wrap the rate
        // limits, whose counter may be shared; the client's coarse allowance is spent before its token budget.
        var faults = endpoints.ServiceProvider.GetRequiredService<StorageFaultFilter>();
        var counter = endpoints.ServiceProvider.GetRequiredService<IClientRateCounter>();
        var limiter = new ClientRateLimiter(counter, RateBudget.ForClients(options.RateLimit));
        var page = endpoints.MapGroup("/api/directline").AddEndpointFilter(NoStore).AddEndpointFilter(faults).AddEndpointFilter(limiter);
        page.MapPost("/token", async (HttpRequest request, IPageTokenSource source, CancellationToken ct) =>
        {
            try
            {
                return Results.Json(await source.CreateAsync(request, ct), statusCode: StatusCodes.Status200OK);
            }
            catch (Exception e) when (e is AzureDirectLineException or HttpRequestException or System.Text.Json.JsonException or TaskCanceledException && !ct.IsCancellationRequested)
            {
                return DirectLineError.Create(StatusCodes.Status502BadGateway, "ServiceError", "Could not get a Direct Line token.");
            }
        }).AddEndpointFilter(new ClientRateLimiter(counter, RateBudget.ForTokens(options.RateLimit)));

        if (options.Mode != DirectLineModes.Local) return endpoints;

        var dl = endpoints.MapGroup(DirectLineEndpoints.Prefix).AddEndpointFilter(NoStore).AddEndpointFilter(faults).AddEndpointFilter(limiter);
        if (corsOpen)
        {
            dl.RequireCors(CorsPolicyName);
            page.RequireCors(CorsPolicyName);
        }
        dl.MapPost("/tokens/generate", (HttpRequest r, DirectLineEndpoints e) => e.GenerateToken(r));
        dl.MapPost("/tokens/refresh", (HttpContext c, DirectLineEndpoints e) => e.RefreshToken(c));
        dl.MapPost("/conversations", (HttpContext c, DirectLineEndpoints e, CancellationToken ct) => e.StartConversation(c, ct));
        dl.MapGet("/conversations/{conversationId}", (HttpContext c, string conversationId, DirectLineEndpoints e, CancellationToken ct) =>
            e.GetConversation(c, conversationId, ct));
        dl.MapGet("/conversations/{conversationId}/activities", (HttpContext c, string conversationId, string? watermark, DirectLineEndpoints e, CancellationToken ct) =>
            e.GetActivities(c, conversationId, watermark, ct));
        dl.MapPost("/conversations/{conversationId}/activities", (HttpContext c, string conversationId, DirectLineEndpoints e, CancellationToken ct) =>
            e.PostActivity(c, conversationId, ct));
        return endpoints;
    }

    /// <summary>
    /// The page's allowance per client address (<c>DirectLine:RateLimit:PagePermitsPerWindow</c>) on other endpoints of the
    /// host (the feedback counts): <c>app.MapGet(...).RequireCmlBotPageRateLimit(app.Services)</c>.
    /// </summary>
    public static TBuilder RequireCmlBotPageRateLimit<TBuilder>(this TBuilder builder, IServiceProvider services) where TBuilder : IEndpointConventionBuilder
    {
        var options = services.GetRequiredService<IOptions<DirectLineOptions>>().Value;
        return builder.AddEndpointFilter(services.GetRequiredService<StorageFaultFilter>())
            .AddEndpointFilter(new ClientRateLimiter(services.GetRequiredService<IClientRateCounter>(), RateBudget.ForPage(options.RateLimit)));
    }

    /// <summary>Maps the patients' page: <c>GET /</c> and its files under <c>/webchat/</c>, within the page's allowance per client.</summary>
    public static IEndpointRouteBuilder MapCmlBotWebPage(this IEndpointRouteBuilder endpoints)
    {
        var page = endpoints.MapGroup("").RequireCmlBotPageRateLimit(endpoints.ServiceProvider);
        page.MapGet("/", (HttpContext c, WebPageAssets assets) => WebPageResponse.Serve(c, assets, WebPageAssets.Page));
        page.MapGet("/webchat/{name}", (HttpContext c, string name, WebPageAssets assets) => WebPageResponse.Serve(c, assets, name));
        return endpoints;
    }

    /// <summary>Tokens and conversations' contents are never kept by a browser or a proxy.</summary>
    private static ValueTask<object?> NoStore(EndpointFilterInvocationContext context, EndpointFilterDelegate next)
    {
        context.HttpContext.Response.Headers.CacheControl = "no-store";
        context.HttpContext.Response.Headers.Pragma = "no-cache";
        return next(context);
    }
}
