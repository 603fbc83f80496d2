using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.HttpOverrides;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.Bot.Builder;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace CmlBot.DirectLine.Tests;

/// <summary>A clock the tests move by hand (token expiry, idle expiry).</summary>
internal sealed class ManualTimeProvider : TimeProvider
{
    private DateTimeOffset _now = new(2026, 1, 1, 12, 0, 0, TimeSpan.Zero);

    public override DateTimeOffset GetUtcNow() => _now;

    public void Advance(TimeSpan by) => _now += by;
}

/// <summary>A real Kestrel host on 127.0.0.1 with the Direct Line library and a scripted bot.</summary>
internal sealed class TestHost : IAsyncDisposable
{
    private readonly WebApplication _app;

    private TestHost(WebApplication app, ManualTimeProvider time)
    {
        _app = app;
        Time = time;
        var address = app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.First();
        BaseAddress = new Uri(address.Replace("[::]", "127.0.0.1", StringComparison.Ordinal) + "/");
        Client = new HttpClient { BaseAddress = BaseAddress };
    }

    public Uri BaseAddress { get; }

    public HttpClient Client { get; }

    public ManualTimeProvider Time { get; }

    public IServiceProvider Services => _app.Services;

    public const string Secret = "test-secret-0123456789";

    public static async Task<TestHost> StartAsync(
        Dictionary<string, string?>? settings = null,
        Action<IServiceCollection>? services = null,
        bool manualClock = true,
        bool forwardedHeaders = false)
    {
        var builder = WebApplication.CreateSlimBuilder(new WebApplicationOptions { EnvironmentName = "Development" });
        builder.WebHost.UseKestrel().UseUrls("http://127.0.0.1:0");
        builder.Logging.ClearProviders();
        var config = new Dictionary<string, string?>
        {
            ["DirectLine:Secret"] = Secret,
            ["DirectLine:RateLimit:PermitsPerWindow"] = "10000",
        };
        foreach (var (k, v) in settings ?? []) config[k] = v;
        builder.Configuration.AddInMemoryCollection(config);

        var time = new ManualTimeProvider();
        if (manualClock) builder.Services.AddSingleton<TimeProvider>(time);
        builder.Services.AddSingleton<IBot, ScriptedBot>();
        builder.Services.AddCmlBotDirectLine(builder.Configuration);
        services?.Invoke(builder.Services);

        var app = builder.Build();
        // As the host does behind nginx: X-Forwarded-For from loopback names the client, so tests can be many clients.
        if (forwardedHeaders) app.UseForwardedHeaders(new ForwardedHeadersOptions { ForwardedHeaders = ForwardedHeaders.XForwardedFor });
        app.MapCmlBotDirectLine();
        app.MapCmlBotWebPage();
        await app.StartAsync();
        return new TestHost(app, time);
    }

    public async ValueTask DisposeAsync()
    {
        Client.Dispose();
        await _app.StopAsync();
        await _app.DisposeAsync();
    }
}
