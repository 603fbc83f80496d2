using System.Net;
using System.Net.Sockets;

namespace CmlBot.Deployment.Tests.Infrastructure;

/// <summary>
/// HTTP from a chosen loopback address (127.0.x.y): nginx then sees, and forwards, a different client address per
/// simulated patient or machine, as it would on the internet.
/// </summary>
public static class LoopbackClientHandler
{
    public static SocketsHttpHandler From(IPAddress local) => new()
    {
        UseProxy = false,
        UseCookies = false,
        ConnectCallback = async (context, cancellationToken) =>
        {
            var socket = new Socket(AddressFamily.InterNetwork, SocketType.Stream, ProtocolType.Tcp) { NoDelay = true };
            try
            {
                socket.Bind(new IPEndPoint(local, 0));
                await socket.ConnectAsync(context.DnsEndPoint, cancellationToken);
                return new NetworkStream(socket, ownsSocket: true);
            }
            catch
            {
                socket.Dispose();
                throw;
            }
        },
    };
}
