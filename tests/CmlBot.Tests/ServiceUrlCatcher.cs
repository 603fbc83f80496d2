using System.Net;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Logging;

namespace CmlBot.Tests;

/// <summary>
/// A stand-in for an internal service on this machine: answers any POST as a Bot Framework channel would and counts
/// them, so a test can tell whether the host posted anything to the serviceUrl an activity named.
/// </summary>
public sealed class ServiceUrlCatcher : IAsyncDisposable
{
    private readonly WebApplication _app;
    private int _posts;

    private ServiceUrlCatcher(WebApplication app) => _app = app;

    public int Posts => Volatile.Read(ref _posts);
    public string Url { get; private set; } = "";

    public static async Task<ServiceUrlCatcher> StartAsync()
    {
        var builder = WebApplication.CreateSlimBuilder();
        builder.WebHost.UseUrls("http://127.0.0.1:0");
        builder.Logging.ClearProviders();
        var app = builder.Build();
        var catcher = new ServiceUrlCatcher(app);
        app.MapPost("/{**path}", () =>
        {
            Interlocked.Increment(ref catcher._posts);
            return Results.Json(new { id = "caught" });
        });
        await app.StartAsync();
        catcher.Url = app.Urls.Single() + "/";
        return catcher;
    }

    public async ValueTask DisposeAsync()
    {
        await _app.StopAsync();
        await _app.DisposeAsync();
    }
}

/// <summary>An address of this machine that is not loopback (a network interface's), or null when it has none.</summary>
public static class MachineAddress
{
    public static IPAddress? NonLoopbackIPv4() =>
        System.Net.NetworkInformation.NetworkInterface.GetAllNetworkInterfaces()
            .Where(n => n.OperationalStatus == System.Net.NetworkInformation.OperationalStatus.Up)
            .SelectMany(n => n.GetIPProperties().UnicastAddresses)
            .Select(u => u.Address)
            .FirstOrDefault(a => a.AddressFamily == System.Net.Sockets.AddressFamily.InterNetwork && !IPAddress.IsLoopback(a));
}
