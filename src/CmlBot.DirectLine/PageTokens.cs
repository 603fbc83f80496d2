using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text.Json.Serialization;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Options;

namespace CmlBot.DirectLine;

/// <summary>What the page needs to open Direct Line: a conversation token and where to send it.</summary>
public sealed record PageToken(
    [property: JsonPropertyName("token")] string Token,
    [property: JsonPropertyName("conversationId")] string ConversationId,
    [property: JsonPropertyName("domain")] string Domain,
    [property: JsonPropertyName("expires_in")] int ExpiresIn,
    // The id Web Chat must send as: the one the bot was told joined, so its welcome comes once.
    [property: JsonPropertyName("userId")] string UserId);

/// <summary>Issues the page's token on the server, so that no Direct Line secret ever reaches the browser.</summary>
public interface IPageTokenSource
{
    Task<PageToken> CreateAsync(HttpRequest request, CancellationToken cancellationToken);
}

/// <summary>Local mode: a token for a new conversation on this host's own Direct Line.</summary>
internal sealed class LocalPageTokenSource(DirectLineTokens tokens) : IPageTokenSource
{
    public Task<PageToken> CreateAsync(HttpRequest request, CancellationToken cancellationToken)
    {
        var issued = tokens.Issue(DirectLineTokens.NewConversationId());
        // Relative: the page resolves it against its own origin, which stays right behind a reverse proxy.
        return Task.FromResult(new PageToken(issued.Token, issued.ConversationId, $"{request.PathBase}{DirectLineEndpoints.Prefix}", issued.ExpiresIn,
            DirectLineAdapter.UserIdFor(issued.ConversationId)));
    }
}

/// <summary>Azure mode: exchanges the channel secret for a conversation token with Azure Bot Service.</summary>
internal sealed class AzurePageTokenSource(IHttpClientFactory httpClients, IOptions<DirectLineOptions> options) : IPageTokenSource
{
    public async Task<PageToken> CreateAsync(HttpRequest request, CancellationToken cancellationToken)
    {
        var azure = options.Value.Azure;
        var endpoint = azure.Endpoint.TrimEnd('/');
        // A user id bound into the token: Azure then introduces this user to the bot, and Web Chat sends as it.
        var userId = "dl_" + Guid.NewGuid().ToString("N");
        using var message = new HttpRequestMessage(HttpMethod.Post, $"{endpoint}/tokens/generate") { Content = JsonContent.Create(new { user = new { id = userId } }) };
        message.Headers.Authorization = new AuthenticationHeaderValue("Bearer", azure.Secret);
        using var client = httpClients.CreateClient(DirectLineServiceCollectionExtensions.AzureHttpClientName);
        using var response = await client.SendAsync(message, cancellationToken);
        if (!response.IsSuccessStatusCode)
            throw new AzureDirectLineException($"Azure Direct Line tokens/generate answered {(int)response.StatusCode}");
        var body = await response.Content.ReadFromJsonAsync<AzureToken>(cancellationToken)
                   ?? throw new AzureDirectLineException("Azure Direct Line tokens/generate answered an empty body");
        if (string.IsNullOrEmpty(body.Token)) throw new AzureDirectLineException("Azure Direct Line tokens/generate answered no token");
        return new PageToken(body.Token, body.ConversationId ?? "", endpoint, body.ExpiresIn, userId);
    }

    private sealed record AzureToken(
        [property: JsonPropertyName("conversationId")] string? ConversationId,
        [property: JsonPropertyName("token")] string? Token,
        [property: JsonPropertyName("expires_in")] int ExpiresIn);
}

public sealed class AzureDirectLineException : Exception
{
    public AzureDirectLineException() { }
    public AzureDirectLineException(string message) : base(message) { }
    public AzureDirectLineException(string message, Exception inner) : base(message, inner) { }
}
