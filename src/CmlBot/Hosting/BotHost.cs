using CmlBot.Bot;
using CmlBot.Bot.Answers;
using CmlBot.Bot.Understanding.Safety;
using Microsoft.Bot.Builder;
using Microsoft.Bot.Builder.Integration.AspNet.Core;
using Microsoft.Bot.Connector.Authentication;
using CmlBot.DirectLine;
using CmlBot.Storage.Redis;

namespace CmlBot.Hosting;

/// <summary>Builds the web host: configuration, Kestrel limits, the core loader, the bot and its adapter.</summary>
public static class BotHost
{
    /// <param name="configureServices">Applied last, so tests can replace any service.</param>
    public static WebApplication Build(string[] args, string contentRoot, Action<IServiceCollection>? configureServices = null)
    {
        var builder = WebApplication.CreateBuilder(new WebApplicationOptions { Args = args, ContentRootPath = contentRoot });
        var hosting = builder.Configuration.GetSection(HostingOptions.Section).Get<HostingOptions>() ?? new HostingOptions();

        // ASPNETCORE_URLS and --urls both land in "urls"; only without them does the configured default apply.
        if (string.IsNullOrWhiteSpace(builder.Configuration[WebHostDefaults.ServerUrlsKey]))
            builder.WebHost.UseUrls(hosting.DefaultUrls);
        builder.WebHost.ConfigureKestrel(kestrel => kestrel.Limits.MaxRequestBodySize = hosting.MaxRequestBodyBytes);

        var services = builder.Services;
        // The safety file's regexes take most of a second to build: they start now, beside the rest of the host's start,
        // and whatever asks for the rules first waits for them (a bad line throws there, naming it).
        var safetyFile = SafetyRules.Locate(builder.Configuration);
        var safetyRules = Directory.Exists(Path.GetDirectoryName(safetyFile)) ? Task.Run(() => SafetyRules.Load(safetyFile)) : null;
        if (safetyRules is not null) services.AddSingleton(_ => safetyRules.GetAwaiter().GetResult());
        services.AddSingleton(hosting);
        services.AddSingleton<CoreLoader>();
        services.AddSingleton<ICoreProvider>(sp => sp.GetRequiredService<CoreLoader>());
        services.AddHostedService(sp => sp.GetRequiredService<CoreLoader>());
        services.AddHostedService<NativeMemoryTrimmer>();
        // Storage:Kind = redis puts state, Direct Line, rate limits and feedback in Redis (connecting now, or
        // throwing StorageStartupException); memory leaves the in-process defaults below.
        services.AddCmlBotStorage(builder.Configuration);
        services.AddCmlBot(builder.Configuration);
        // Registered after AddCmlBot's, so these win: the host's own Direct Line keeps its state apart.
        services.AddSingleton<ConversationState>(sp => new ScopedConversationState(sp.GetRequiredService<IStorage>()));
        services.AddSingleton<UserState>(sp => new ScopedUserState(sp.GetRequiredService<IStorage>()));
        services.AddSingleton(MessagesAccess.From(builder.Configuration));
        services.AddClientRateLimit(hosting.MessagesRateLimit);

        // MicrosoftAppType/Id/Password/TenantId come from configuration: appsettings.json, overridden by
        // environment variables. An empty app id means anonymous (the Emulator, local use).
        // The clients a turn talks back through are kept between requests (ReusingBotFrameworkAuthentication).
        services.AddSingleton<BotFrameworkAuthentication>(sp => new ReusingBotFrameworkAuthentication(new ConfigurationBotFrameworkAuthentication(
            sp.GetRequiredService<IConfiguration>(), logger: sp.GetRequiredService<ILogger<ConfigurationBotFrameworkAuthentication>>())));
        // Testers' recordings, when turned on: the same middleware on both adapters (Direct Line takes IMiddleware from DI).
        var recording = TranscriptRecording.Create(builder.Configuration, contentRoot);
        if (recording is not null) services.AddSingleton(recording);

        // A factory: CloudAdapter's constructors are ambiguous to the container.
        services.AddSingleton(sp =>
        {
            var adapter = new CloudAdapter(sp.GetRequiredService<BotFrameworkAuthentication>(), sp.GetRequiredService<ILogger<CloudAdapter>>())
            {
                OnTurnError = sp.GetRequiredService<BotErrorHandler>().HandleAsync,
            };
            foreach (var middleware in sp.GetServices<Microsoft.Bot.Builder.IMiddleware>()) adapter.Use(middleware);
            return adapter;
        });
        services.AddSingleton<IBotFrameworkHttpAdapter>(sp => sp.GetRequiredService<CloudAdapter>());

        // The website's own Direct Line (or Azure's, by configuration): the same bot, the same error handling.
        services.AddCmlBotDirectLine(builder.Configuration);
        services.AddSingleton<Func<ITurnContext, Exception, Task>>(sp => sp.GetRequiredService<BotErrorHandler>().HandleAsync);

        configureServices?.Invoke(services);
        var app = builder.Build();
        // The core loads on another core from now on, while the safety file's regexes are built here.
        if (app.Services.GetRequiredService<ICoreProvider>() is CoreLoader loader) loader.Start();
        try
        {
            // A bad corpus/safety.txt stops the host here, naming the line: the bot never runs with half a screen. A
            // missing corpus folder is the core's to report (/healthz "failed"), as it is without the screen.
            if (safetyRules is not null) app.Services.GetRequiredService<SafetyRules>();
        }
        catch
        {
            ((IDisposable)app).Dispose();
            throw;
        }
        _ = Task.Run(() => FirstTurnWarmUp.RunAsync(app.Services, app.Logger, app.Lifetime.ApplicationStopping));
        return app;
    }

    /// <summary>Every route the host serves; Program.cs and the HTTP tests both call this.</summary>
    public static WebApplication MapCmlBot(this WebApplication app)
    {
        app.UseProxyForwarding();   // Hosting:ForwardedHeaders: client addresses from a trusted reverse proxy
        app.UseRateLimiter();       // Hosting:MessagesRateLimit, per client, on /api/messages and /api/feedback
        app.Lifetime.ApplicationStarted.Register(() => WarnIfAnonymousBeyondLoopback(app));
        app.MapBotEndpoints();      // POST /api/messages, GET /healthz, GET /api/feedback
        app.MapCmlBotDirectLine();  // POST /api/directline/token; /v3/directline/* in local mode
        app.MapCmlBotWebPage();     // GET /: the Web Chat page
        return app;
    }

    /// <summary>
    /// Listening beyond loopback without an app id is a valid set-up (the web page needs none), but /api/messages then
    /// refuses every other machine, which an operator who meant to connect Teams should hear about at once.
    /// </summary>
    private static void WarnIfAnonymousBeyondLoopback(WebApplication app)
    {
        if (!app.Services.GetRequiredService<MessagesAccess>().Anonymous) return;
        var beyond = app.Urls.Where(u => !IsLoopbackUrl(u)).ToList();
        if (beyond.Count == 0) return;
        app.Logger.LogWarning(
            "MicrosoftAppId is empty and the host listens on {Urls}: /api/messages is anonymous and answers requests from this machine only. "
            + "Set MicrosoftAppId and MicrosoftAppPassword (see SECURITY.md) to connect Bot Framework channels.", string.Join(", ", beyond));
    }

    private static bool IsLoopbackUrl(string url)
    {
        var host = url.Replace("://*", "://0.0.0.0", StringComparison.Ordinal).Replace("://+", "://0.0.0.0", StringComparison.Ordinal);
        return Uri.TryCreate(host, UriKind.Absolute, out var uri) && uri.IsLoopback;
    }
}
