using System.Net;
using System.Net.Sockets;
using Microsoft.AspNetCore.Http;

namespace CmlBot.DirectLine;

/// <summary>
/// The client a request is counted against: its IPv4 address, or the /64 of its IPv6 address. One IPv6 subscriber
/// is given a whole /64 and can pick any address in it, so counting single IPv6 addresses would count nothing.
/// </summary>
public static class ClientAddress
{
    /// <summary>The request's client after forwarded headers (the host applies them first when behind a proxy).</summary>
    public static string Of(HttpContext context) => Bucket(context.Connection.RemoteIpAddress);

    public static string Bucket(IPAddress? address)
    {
        if (address is null) return "unknown";
        if (address.IsIPv4MappedToIPv6) return address.MapToIPv4().ToString();
        if (address.AddressFamily != AddressFamily.InterNetworkV6) return address.ToString();
        var bytes = address.GetAddressBytes();
        Array.Clear(bytes, 8, 8);
        return new IPAddress(bytes).ToString() + "/64";
    }
}
