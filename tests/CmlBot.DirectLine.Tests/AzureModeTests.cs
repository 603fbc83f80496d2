using System.Net;
using System.Text;
using System.Text.Json.Nodes;
using Microsoft.Extensions.DependencyInjection;

namespace CmlBot.DirectLine.Tests;

public sealed class AzureModeTests
{
    private const string AzureSecret = "azure-channel-secret-xyz";

    private static Dictionary<string, string?> AzureSettings() => new()
    {
        ["DirectLine:Mode"] = "azure",
        ["DirectLine:Azure:Endpoint"] = "https://directline.example.test/v3/directline",
        ["DirectLine:Azure:Secret"] = AzureSecret,
    };

    [Fact]
    public async Task The_page_gets_an_Azure_conversation_token_and_never_the_secret()
    {
        var azure = new FakeAzure(HttpStatusCode.OK, "{\"conversationId\":\"abc123\",\"token\":\"azure-token\",\"expires_in\":3600}");
        await using var host = await TestHost.StartAsync(AzureSettings(), s => s.AddHttpClient(DirectLineServiceCollectionExtensions.AzureHttpClientName)
            .ConfigurePrimaryHttpMessageHandler(() => azure));

        using var response = await host.Client.PostAsync("api/directline/token", null);
        var text = await response.Content.ReadAsStringAsync();
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.DoesNotContain(AzureSecret, text, StringComparison.Ordinal);
        var body = JsonNode.Parse(text)!;
        Assert.Equal("azure-token", body["token"]!.GetValue<string>());
        Assert.Equal("abc123", body["conversationId"]!.GetValue<string>());
        Assert.Equal("https://directline.example.test/v3/directline", body["domain"]!.GetValue<string>());

        var sent = Assert.Single(azure.Requests);
        Assert.Equal(HttpMethod.Post, sent.Method);
        Assert.Equal("https://directline.example.test/v3/directline/tokens/generate", sent.RequestUri!.ToString());
        Assert.Equal($"Bearer {AzureSecret}", sent.Headers.Authorization!.ToString());
        // The user id is bound into Azure's token, and the page sends as the same user.
        var userId = JsonNode.Parse(Assert.Single(azure.Bodies))!["user"]!["id"]!.GetValue<string>();
        Assert.StartsWith("dl_", userId, StringComparison.Ordinal);
        Assert.Equal(userId, body["userId"]!.GetValue<string>());

        // The local Direct Line is not served in azure mode.
        using var local = await host.Client.PostAsync("v3/directline/conversations", null);
        Assert.Equal(HttpStatusCode.NotFound, local.StatusCode);

        // The page may contact Azure's Direct Line, and nothing else.
        using var page = await host.Client.GetAsync("");
        Assert.Contains("connect-src 'self' https://directline.example.test", page.Headers.GetValues("Content-Security-Policy").Single(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task An_Azure_failure_is_a_502_for_the_page()
    {
        var azure = new FakeAzure(HttpStatusCode.Forbidden, "{\"error\":{\"code\":\"BadArgument\",\"message\":\"secret\"}}");
        await using var host = await TestHost.StartAsync(AzureSettings(), s => s.AddHttpClient(DirectLineServiceCollectionExtensions.AzureHttpClientName)
            .ConfigurePrimaryHttpMessageHandler(() => azure));
        using var response = await host.Client.PostAsync("api/directline/token", null);
        Assert.Equal(HttpStatusCode.BadGateway, response.StatusCode);
        Assert.DoesNotContain(AzureSecret, await response.Content.ReadAsStringAsync(), StringComparison.Ordinal);
    }

    private sealed class FakeAzure(HttpStatusCode status, string body) : HttpMessageHandler
    {
        public List<HttpRequestMessage> Requests { get; } = [];
        public List<string> Bodies { get; } = [];

        protected override async Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
        {
            Requests.Add(request);
            Bodies.Add(request.Content is null ? "" : await request.Content.ReadAsStringAsync(cancellationToken));
            return new HttpResponseMessage(status) { Content = new StringContent(body, Encoding.UTF8, "application/json") };
        }
    }
}
