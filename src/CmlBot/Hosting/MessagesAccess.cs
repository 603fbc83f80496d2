using System.Net;
using System.Text.RegularExpressions;
using Microsoft.Bot.Schema;

namespace CmlBot.Hosting;

/// <summary>
/// Who may call <c>POST /api/messages</c>, and what an activity sent there must carry. With an app id, Bot
/// Framework's token check (inside CloudAdapter) decides who may call. Without one the endpoint is anonymous, which is
/// meant for the Emulator and local tests, so it answers this machine only: the socket's peer must be loopback and,
/// when forwarded headers are on, so must the client the proxy names. Otherwise anyone who reached the host could make
/// it post to an address of their choosing and address any conversation.
/// </summary>
public sealed partial class MessagesAccess(bool anonymous, bool forwardedHeaders)
{
    /// <summary>The channel ids Bot Framework uses (msteams, webchat, directline, emulator…): no slash, no colon.</summary>
    [GeneratedRegex(@"^[A-Za-z0-9][A-Za-z0-9._-]{0,63}$", RegexOptions.None, matchTimeoutMilliseconds: 100)]
    private static partial Regex ChannelIdRx();

    /// <summary>True when no app id is configured: CloudAdapter then accepts requests without a token.</summary>
    public bool Anonymous { get; } = anonymous;

    public static MessagesAccess From(IConfiguration configuration) => new(
        string.IsNullOrWhiteSpace(configuration["MicrosoftAppId"]),
        configuration.GetSection(ForwardedHeadersSettings.Section).Get<ForwardedHeadersSettings>()?.Enabled ?? false);

    /// <summary>Null when the caller may go on; otherwise why not (said to the caller and logged without user text).</summary>
    public string? RefuseCaller(HttpContext http) => !Anonymous || IsLocalCaller(http) ? null : AnonymousOnlyLocally;

    /// <summary>
    /// The caller is on this machine: the socket's peer is loopback and, with forwarded headers on, the request came
    /// through the proxy naming a loopback client. Behind a proxy on this machine every peer is loopback, so what
    /// counts is the client the proxy names; a request without X-Forwarded-For names none and is not taken as local.
    /// </summary>
    public bool IsLocalCaller(HttpContext http)
    {
        var origin = http.Features.Get<ConnectionOrigin>();
        if (!IsLoopback(origin?.Peer ?? http.Connection.RemoteIpAddress)) return false;
        if (!forwardedHeaders) return true;
        return origin is { HadForwardedFor: true } && IsLoopback(http.Connection.RemoteIpAddress);
    }

    /// <summary>Null when the activity's channel id and serviceUrl are acceptable; otherwise the 400 message.</summary>
    /// <param name="activity">
    /// The activity as the adapter reads it (<c>HttpHelper.BotMessageSerializer</c>), never the raw JSON: that serializer
    /// matches property names without regard to case, so "channelId" and "ChannelId" in one body are one property to
    /// it, and a check of the raw JSON's "channelId" would pass a body whose "ChannelId" the bot then uses.
    /// </param>
    public string? RefuseActivity(Activity activity)
    {
        // State keys start with the channel id; the host's own Direct Line keeps its state under a prefix with a colon
        // (see ScopedStateKeys), which a channel id that passes this check cannot produce.
        if (activity.ChannelId is not { } channel || !ChannelIdRx().IsMatch(channel))
            return "channelId is missing or is not a channel id (letters, digits, '.', '_' or '-', at most 64).";
        if (activity.ServiceUrl is not { } url
            || !Uri.TryCreate(url, UriKind.Absolute, out var serviceUrl)
            || serviceUrl.Scheme is not ("http" or "https")
            || !string.IsNullOrEmpty(serviceUrl.UserInfo))
            return "serviceUrl is missing or is not an absolute http(s) URL.";
        if (Anonymous && !serviceUrl.IsLoopback)
            return "Without MicrosoftAppId, serviceUrl must be on this machine (localhost, 127.0.0.1 or [::1]).";
        return null;
    }

    public const string AnonymousOnlyLocally =
        "Without MicrosoftAppId and MicrosoftAppPassword, /api/messages answers requests from this machine only.";

    public static bool IsLoopback(IPAddress? address) =>
        address is not null && IPAddress.IsLoopback(address.IsIPv4MappedToIPv6 ? address.MapToIPv4() : address);
}
