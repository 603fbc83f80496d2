using System.Net;

namespace CmlBot.Hosting;

/// <summary>
/// The connection's own peer address and whether the request carried X-Forwarded-For, captured before the
/// forwarded-headers middleware replaces the peer with the client it names.
/// </summary>
public sealed record ConnectionOrigin(IPAddress? Peer, bool HadForwardedFor);
