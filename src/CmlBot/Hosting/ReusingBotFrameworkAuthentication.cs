using System.Security.Claims;
using Microsoft.Bot.Builder.Skills;
using Microsoft.Bot.Connector;
using Microsoft.Bot.Connector.Authentication;
using Microsoft.Bot.Schema;

namespace CmlBot.Hosting;

/// <summary>
/// Bot Framework authentication that keeps the clients a turn talks back through: one connector client per bot app
/// id, service URL and audience, and one user-token client per app id, instead of new ones for every request.
/// </summary>
/// <remarks>
/// CloudAdapter builds both clients for every activity it receives and disposes them when the turn ends, even when
/// the turn never uses them (deliveryMode expectReplies sends the replies in the HTTP response). Each is a
/// Microsoft.Rest ServiceClient whose constructor compiles regular expressions to clean its user-agent entries, and
/// without an HttpClient factory each owns an HttpClient of its own: under load that was about a fifth of the host's
/// CPU, and every reply to a channel opened a new connection. Bot Framework's earlier BotFrameworkAdapter kept its
/// clients the same way. The clients are thread-safe REST clients; the turn gets a wrapper whose disposal does
/// nothing, and the clients are disposed with this object. At most <see cref="Capacity"/> are kept: the service
/// URL comes from the request, so beyond that a turn gets clients of its own, made and disposed as CloudAdapter does.
/// </remarks>
public sealed class ReusingBotFrameworkAuthentication(BotFrameworkAuthentication inner) : BotFrameworkAuthentication, IDisposable
{
    /// <summary>Clients of each kind kept at most.</summary>
    public const int Capacity = 256;

    private readonly KeptClients<IConnectorClient> _connectors = new(Capacity);
    // One per app id: the configured one, or none (anonymous); a forged claim never gets this far.
    private readonly KeptClients<UserTokenClient> _userTokens = new(Capacity);

    /// <summary>Connector clients kept now (for tests).</summary>
    public int KeptConnectors => _connectors.Count;

    public override async Task<AuthenticateRequestResult> AuthenticateRequestAsync(Activity activity, string authHeader, CancellationToken cancellationToken)
    {
        var result = await inner.AuthenticateRequestAsync(activity, authHeader, cancellationToken).ConfigureAwait(false);
        result.ConnectorFactory = new ReusingConnectorFactory(this, result.ConnectorFactory, AppId(result.ClaimsIdentity));
        return result;
    }

    public override Task<AuthenticateRequestResult> AuthenticateStreamingRequestAsync(string authHeader, string channelIdHeader, CancellationToken cancellationToken) =>
        inner.AuthenticateStreamingRequestAsync(authHeader, channelIdHeader, cancellationToken);

    public override ConnectorFactory CreateConnectorFactory(ClaimsIdentity claimsIdentity) =>
        new ReusingConnectorFactory(this, inner.CreateConnectorFactory(claimsIdentity), AppId(claimsIdentity));

    public override async Task<UserTokenClient> CreateUserTokenClientAsync(ClaimsIdentity claimsIdentity, CancellationToken cancellationToken)
    {
        var (client, isKept) = await _userTokens.GetAsync(AppId(claimsIdentity), token => inner.CreateUserTokenClientAsync(claimsIdentity, token), cancellationToken)
            .ConfigureAwait(false);
        return isKept ? new SharedUserTokenClient(client) : client;
    }

    public override BotFrameworkClient CreateBotFrameworkClient() => inner.CreateBotFrameworkClient();

    public override string GetOriginatingAudience() => inner.GetOriginatingAudience();

    public override Task<ClaimsIdentity> AuthenticateChannelRequestAsync(string authHeader, CancellationToken cancellationToken) =>
        inner.AuthenticateChannelRequestAsync(authHeader, cancellationToken);

    private async Task<IConnectorClient> ConnectorAsync(ConnectorFactory factory, string appId, string serviceUrl, string audience, CancellationToken cancellationToken)
    {
        var (client, isKept) = await _connectors.GetAsync(string.Join('\n', appId, serviceUrl, audience),
            token => factory.CreateAsync(serviceUrl, audience, token), cancellationToken).ConfigureAwait(false);
        return isKept ? new SharedConnectorClient(client) : client;
    }

    /// <summary>Who the bot is to the caller: the token's app id (v1 "appid", v2 "azp") and audience; empty when anonymous.</summary>
    private static string AppId(ClaimsIdentity? identity) => identity is null ? "" : string.Join(',', identity.Claims
        .Where(c => c.Type is AuthenticationConstants.AppIdClaim or AuthenticationConstants.AuthorizedParty or AuthenticationConstants.AudienceClaim)
        .Select(c => c.Type + "=" + c.Value));

    public void Dispose()
    {
        _connectors.Dispose();
        _userTokens.Dispose();
    }

    /// <summary>The request's own factory, asked only for clients not kept yet.</summary>
    private sealed class ReusingConnectorFactory(ReusingBotFrameworkAuthentication owner, ConnectorFactory inner, string appId) : ConnectorFactory
    {
        public override Task<IConnectorClient> CreateAsync(string serviceUrl, string audience, CancellationToken cancellationToken) =>
            owner.ConnectorAsync(inner, appId, serviceUrl ?? "", audience ?? "", cancellationToken);
    }
}
