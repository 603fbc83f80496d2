using Microsoft.Bot.Connector;
using Microsoft.Rest;
using Newtonsoft.Json;

namespace CmlBot.Hosting;

/// <summary>
/// A kept connector client as one turn sees it (<see cref="ReusingBotFrameworkAuthentication"/>): everything goes to
/// the shared client, except disposal, which the turn does at its end and the owner does at shutdown.
/// </summary>
public sealed class SharedConnectorClient(IConnectorClient shared) : IConnectorClient
{
    public Uri BaseUri
    {
        get => shared.BaseUri;
        // Other turns use the same client: pointing it elsewhere would send their replies there too.
        set => throw new NotSupportedException("A shared connector client's base URI cannot change.");
    }

    public JsonSerializerSettings SerializationSettings => shared.SerializationSettings;

    public JsonSerializerSettings DeserializationSettings => shared.DeserializationSettings;

    public ServiceClientCredentials Credentials => shared.Credentials;

    public IAttachments Attachments => shared.Attachments;

    public IConversations Conversations => shared.Conversations;

    public void Dispose()
    {
    }
}
