using System.Net;
using CmlBot.DirectLine.Store;
using Microsoft.Extensions.DependencyInjection;

namespace CmlBot.DirectLine.Tests;

/// <summary>
/// One client cannot lock patients out: conversations, tokens and requests are budgeted per client address (behind
/// the proxy: X-Forwarded-For) and per conversation, and a hospital's NAT full of patients stays within them.
/// </summary>
public sealed class FairCapacityTests
{
    private const string Attacker = "203.0.113.7";
    private const string Hospital = "198.51.100.20";

    private static Dictionary<string, string?> Limits(params (string Key, string Value)[] settings) =>
        settings.ToDictionary(s => $"DirectLine:{s.Key}", s => (string?)s.Value);

    [Fact]
    public async Task A_new_patient_is_admitted_after_one_client_opened_many_conversations()
    {
        await using var host = await TestHost.StartAsync(
            Limits(("MaxConversations", "20"), ("MaxConversationsPerClient", "5"), ("RateLimit:TokenPermitsPerWindow", "1000")), forwardedHeaders: true);
        var attacker = new DirectLineClient(host.Client, Attacker);
        var opened = new List<(string Id, string Token)>();
        for (var i = 0; i < 40; i++)
        {
            var (token, started) = await attacker.StartFromPageAsync();
            Assert.Equal(HttpStatusCode.Created, started!.Status);
            opened.Add((token.Body!["conversationId"]!.GetValue<string>(), token.Body["token"]!.GetValue<string>()));
        }

        // The flood displaced only the attacker's own conversations: it holds its budget of 5. Which five depends on
        // when each conversation's welcome was written (a write counts as use), so only the count is checked.
        var store = (InMemoryDirectLineStore)host.Services.GetRequiredService<IDirectLineStore>();
        Assert.Equal(5, store.Count);
        var alive = 0;
        foreach (var (conversation, token) in opened)
            if ((await attacker.GetActivitiesAsync(conversation, token)).Status == HttpStatusCode.OK) alive++;
        Assert.Equal(5, alive);
        Assert.Equal(HttpStatusCode.OK, (await attacker.GetActivitiesAsync(opened[^1].Id, opened[^1].Token)).Status);

        var patient = new DirectLineClient(host.Client, Hospital);
        var (patientToken, patientStarted) = await patient.StartFromPageAsync();
        Assert.Equal(HttpStatusCode.Created, patientStarted!.Status);
        var id = patientToken.Body!["conversationId"]!.GetValue<string>();
        var bearer = patientToken.Body["token"]!.GetValue<string>();
        Assert.Equal(HttpStatusCode.OK, (await patient.PostMessageAsync(id, bearer, ScriptedBot.Question)).Status);
        Assert.Equal(HttpStatusCode.OK, (await patient.GetActivitiesAsync(id, bearer)).Status);
    }

    [Fact]
    public async Task Fifty_patients_behind_one_address_polling_once_a_second_are_not_limited()
    {
        // The shipped limits (the test host otherwise raises the per-client one).
        var defaults = new RateLimitOptions();
        await using var host = await TestHost.StartAsync(Limits(("RateLimit:PermitsPerWindow", defaults.PermitsPerWindow.ToString(System.Globalization.CultureInfo.InvariantCulture))),
            forwardedHeaders: true);
        var nat = new DirectLineClient(host.Client, Hospital);
        var patients = new List<(string Id, string Token)>();
        for (var i = 0; i < 50; i++)
        {
            var (token, started) = await nat.StartFromPageAsync();
            Assert.Equal(HttpStatusCode.OK, token.Status);
            Assert.Equal(HttpStatusCode.Created, started!.Status);
            patients.Add((token.Body!["conversationId"]!.GetValue<string>(), token.Body["token"]!.GetValue<string>()));
        }

        // A minute of polling (60 polls each) and two questions each, all inside one rate window: the worst case.
        var statuses = new List<HttpStatusCode>();
        foreach (var (id, token) in patients)
            statuses.Add((await nat.PostMessageAsync(id, token, ScriptedBot.Question)).Status);
        for (var second = 0; second < 60; second++)
        {
            var polls = await Task.WhenAll(patients.Select(p => nat.GetActivitiesAsync(p.Id, p.Token)));
            statuses.AddRange(polls.Select(r => r.Status));
            if (second == 30)
                foreach (var (id, token) in patients)
                    statuses.Add((await nat.PostMessageAsync(id, token, ScriptedBot.FollowUp)).Status);
        }
        Assert.Equal(50 * 62, statuses.Count);
        Assert.All(statuses, s => Assert.Equal(HttpStatusCode.OK, s));
    }

    [Fact]
    public async Task One_conversation_polling_too_fast_is_limited_without_limiting_its_neighbours()
    {
        await using var host = await TestHost.StartAsync(Limits(("RateLimit:PermitsPerConversation", "5")), forwardedHeaders: true);
        var nat = new DirectLineClient(host.Client, Hospital);
        var (busy, busyToken) = await nat.StartAsync();
        var (neighbour, neighbourToken) = await nat.StartAsync();
        for (var i = 0; i < 4; i++) Assert.Equal(HttpStatusCode.OK, (await nat.GetActivitiesAsync(busy, busyToken)).Status);

        var limited = await nat.GetActivitiesAsync(busy, busyToken);
        Assert.Equal(HttpStatusCode.TooManyRequests, limited.Status);
        Assert.NotNull(limited.Headers.RetryAfter);
        Assert.Equal(HttpStatusCode.OK, (await nat.GetActivitiesAsync(neighbour, neighbourToken)).Status);
    }

    [Fact]
    public async Task Minting_tokens_has_its_own_small_budget_per_client()
    {
        await using var host = await TestHost.StartAsync(Limits(("RateLimit:TokenPermitsPerWindow", "3")), forwardedHeaders: true);
        var attacker = new DirectLineClient(host.Client, Attacker);
        for (var i = 0; i < 3; i++) Assert.Equal(HttpStatusCode.Created, (await attacker.StartFromPageAsync()).Started!.Status);
        var (refused, _) = await attacker.StartFromPageAsync();
        Assert.Equal(HttpStatusCode.TooManyRequests, refused.Status);
        Assert.NotNull(refused.Headers.RetryAfter);

        Assert.Equal(HttpStatusCode.Created, (await new DirectLineClient(host.Client, Hospital).StartFromPageAsync()).Started!.Status);
    }

    [Fact]
    public async Task IPv6_clients_are_counted_by_their_64()
    {
        await using var host = await TestHost.StartAsync(Limits(("RateLimit:TokenPermitsPerWindow", "2")), forwardedHeaders: true);
        Assert.Equal(HttpStatusCode.OK, (await new DirectLineClient(host.Client, "2001:db8:1:2::1").StartFromPageAsync()).Token.Status);
        Assert.Equal(HttpStatusCode.OK, (await new DirectLineClient(host.Client, "2001:db8:1:2:aaaa:bbbb:cccc:dddd").StartFromPageAsync()).Token.Status);
        // A third address in the same /64 is the same subscriber.
        Assert.Equal(HttpStatusCode.TooManyRequests, (await new DirectLineClient(host.Client, "2001:db8:1:2::ffff").StartFromPageAsync()).Token.Status);
        Assert.Equal(HttpStatusCode.OK, (await new DirectLineClient(host.Client, "2001:db8:1:3::1").StartFromPageAsync()).Token.Status);

        Assert.Equal("2001:db8:1:2::/64", ClientAddress.Bucket(IPAddress.Parse("2001:db8:1:2:aaaa:bbbb:cccc:dddd")));
        Assert.Equal("192.0.2.1", ClientAddress.Bucket(IPAddress.Parse("::ffff:192.0.2.1")));
        Assert.Equal("192.0.2.1", ClientAddress.Bucket(IPAddress.Parse("192.0.2.1")));
    }

    [Fact]
    public async Task A_conversation_nobody_wrote_in_ends_after_the_short_expiry()
    {
        await using var host = await TestHost.StartAsync();
        var dl = new DirectLineClient(host.Client);
        var (silent, silentToken) = await dl.StartAsync();
        var (talking, talkingToken) = await dl.StartAsync();
        await dl.PostMessageAsync(talking, talkingToken, ScriptedBot.Question);

        host.Time.Advance(TimeSpan.FromMinutes(new DirectLineOptions().UnengagedExpiryMinutes + 1));
        Assert.Equal(HttpStatusCode.NotFound, (await dl.GetActivitiesAsync(silent, silentToken)).Status);
        Assert.Equal(HttpStatusCode.OK, (await dl.GetActivitiesAsync(talking, talkingToken)).Status);
    }
}
