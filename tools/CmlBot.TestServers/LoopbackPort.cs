using System.Net;
using System.Net.Sockets;

namespace CmlBot.TestServers;

/// <summary>Free TCP ports on 127.0.0.1, for servers a test or the load test starts.</summary>
public static class LoopbackPort
{
    /// <summary>A port free now on 127.0.0.1 (the server binds it a moment later; only loopback is ever used).</summary>
    public static int Free()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }
}
