using System.Net;
using Microsoft.AspNetCore.HttpOverrides;

namespace CmlBot.Hosting;

/// <summary>The "Hosting:ForwardedHeaders" section: whether, and from whom, to accept X-Forwarded-For/-Proto.</summary>
public sealed class ForwardedHeadersSettings
{
    public const string Section = "Hosting:ForwardedHeaders";

    /// <summary>Off by default: a host reached directly must not let a client choose its own address.</summary>
    public bool Enabled { get; set; }

    /// <summary>Proxies whose X-Forwarded-* headers count (nginx on the same machine: loopback).</summary>
    public List<string> KnownProxies { get; set; } = [];

    /// <summary>Networks (CIDR, e.g. 10.0.0.0/8) whose proxies count, for a proxy on another machine.</summary>
    public List<string> KnownNetworks { get; set; } = [];

    /// <summary>How many proxy hops to unwind: 1 when nginx is the only proxy in front.</summary>
    public int ForwardLimit { get; set; } = 1;
}

/// <summary>
/// Behind a reverse proxy every request comes from the proxy's address, so Direct Line's per-client rate limit
/// would put every patient in one bucket. With <see cref="ForwardedHeadersSettings.Enabled"/>, the client address
/// and scheme are taken from the headers the proxy sets, but only from the proxies listed: anyone else's headers
/// are ignored, so a client cannot pick its own rate-limit bucket.
/// </summary>
public static class ProxyForwarding
{
    public static ForwardedHeadersOptions? Options(IConfiguration configuration)
    {
        var settings = configuration.GetSection(ForwardedHeadersSettings.Section).Get<ForwardedHeadersSettings>() ?? new ForwardedHeadersSettings();
        if (!settings.Enabled) return null;
        var options = new ForwardedHeadersOptions
        {
            ForwardedHeaders = ForwardedHeaders.XForwardedFor | ForwardedHeaders.XForwardedProto,
            ForwardLimit = Math.Max(1, settings.ForwardLimit),
        };
        // ASP.NET Core trusts loopback by default; the configured lists replace that default, so what is trusted
        // is exactly what appsettings.json says.
        options.KnownProxies.Clear();
        options.KnownIPNetworks.Clear();
        foreach (var proxy in settings.KnownProxies) options.KnownProxies.Add(IPAddress.Parse(proxy));
        foreach (var network in settings.KnownNetworks) options.KnownIPNetworks.Add(System.Net.IPNetwork.Parse(network));
        if (options.KnownProxies.Count == 0 && options.KnownIPNetworks.Count == 0)
            throw new InvalidOperationException($"{ForwardedHeadersSettings.Section}:Enabled is true but no KnownProxies or KnownNetworks are set.");
        return options;
    }

    /// <summary>First in the pipeline, so the rate limiter and the logs see the client, not the proxy.</summary>
    public static WebApplication UseProxyForwarding(this WebApplication app)
    {
        // The socket's own peer, kept before the middleware below replaces it: anonymous /api/messages needs both.
        app.Use((http, next) =>
        {
            http.Features.Set(new ConnectionOrigin(http.Connection.RemoteIpAddress, http.Request.Headers.ContainsKey("X-Forwarded-For")));
            return next(http);
        });
        if (Options(app.Configuration) is { } options) app.UseForwardedHeaders(options);
        return app;
    }
}
