using System.Net;
using System.Text.Json.Nodes;
using Microsoft.Bot.Builder;
using Microsoft.Extensions.DependencyInjection;

namespace CmlBot.DirectLine.Tests;

public sealed class DirectLineHttpTests
{
    private static JsonArray Activities(DirectLineClient.Response r) => r.Body!["activities"]!.AsArray();

    private static string Str(JsonNode? n) => n!.GetValue<string>();

    [Fact]
    public async Task Generate_with_the_secret_gives_a_token_for_a_new_conversation()
    {
        await using var host = await TestHost.StartAsync();
        var dl = new DirectLineClient(host.Client);
        var r = await dl.GenerateTokenAsync(TestHost.Secret);
        Assert.Equal(HttpStatusCode.OK, r.Status);
        Assert.False(string.IsNullOrEmpty(Str(r.Body!["conversationId"])));
        Assert.False(string.IsNullOrEmpty(Str(r.Body["token"])));
        Assert.Equal(1800, r.Body["expires_in"]!.GetValue<int>());
        var other = await dl.GenerateTokenAsync(TestHost.Secret);
        Assert.NotEqual(Str(r.Body["conversationId"]), Str(other.Body!["conversationId"]));
    }

    [Fact]
    public async Task Generate_needs_the_secret_not_a_token()
    {
        await using var host = await TestHost.StartAsync();
        var dl = new DirectLineClient(host.Client);
        var token = Str((await dl.GenerateTokenAsync(TestHost.Secret)).Body!["token"]);
        Assert.Equal(HttpStatusCode.Forbidden, (await dl.GenerateTokenAsync(token)).Status);
        Assert.Equal(HttpStatusCode.Forbidden, (await dl.GenerateTokenAsync("wrong-secret")).Status);
        Assert.Equal(HttpStatusCode.Forbidden, (await dl.GenerateTokenAsync(null!)).Status);
    }

    [Fact]
    public async Task Starting_a_conversation_answers_201_and_queues_the_bots_welcome()
    {
        await using var host = await TestHost.StartAsync();
        var dl = new DirectLineClient(host.Client);
        var token = Str((await dl.GenerateTokenAsync(TestHost.Secret)).Body!["token"]);
        var started = await dl.StartConversationAsync(token);
        Assert.Equal(HttpStatusCode.Created, started.Status);
        var conversationId = Str(started.Body!["conversationId"]);
        Assert.Equal(token, Str(started.Body["token"]));
        Assert.InRange(started.Body["expires_in"]!.GetValue<int>(), 1, 1800);

        var got = await dl.GetActivitiesAsync(conversationId, token);
        Assert.Equal(HttpStatusCode.OK, got.Status);
        var welcome = Assert.Single(Activities(got))!;
        Assert.Equal("message", Str(welcome["type"]));
        Assert.Equal(ScriptedBot.Welcome, Str(welcome["text"]));
        Assert.Equal($"{conversationId}|0000000", Str(welcome["id"]));
        Assert.Equal("cmlbot", Str(welcome["from"]!["id"]));
        Assert.Equal("bot", Str(welcome["from"]!["role"]));
        Assert.NotNull(welcome["timestamp"]);
        Assert.Equal(2, welcome["suggestedActions"]!["actions"]!.AsArray().Count);
        Assert.Equal("0", Str(got.Body!["watermark"]));

        // Starting again with the same token (DirectLineJS reconnecting) keeps the conversation.
        var again = await dl.StartConversationAsync(token);
        Assert.Equal(HttpStatusCode.OK, again.Status);
        Assert.Equal(conversationId, Str(again.Body!["conversationId"]));
        Assert.Single(Activities(await dl.GetActivitiesAsync(conversationId, token)));
    }

    [Fact]
    public async Task Starting_with_the_secret_creates_a_conversation_and_its_token()
    {
        await using var host = await TestHost.StartAsync();
        var dl = new DirectLineClient(host.Client);
        var started = await dl.StartConversationAsync(TestHost.Secret);
        Assert.Equal(HttpStatusCode.Created, started.Status);
        var token = Str(started.Body!["token"]);
        Assert.NotEqual(TestHost.Secret, token);
        Assert.Equal(HttpStatusCode.OK, (await dl.GetActivitiesAsync(Str(started.Body["conversationId"]), token)).Status);
    }

    [Fact]
    public async Task A_posted_message_returns_its_id_and_is_followed_by_the_bots_reply()
    {
        await using var host = await TestHost.StartAsync();
        var dl = new DirectLineClient(host.Client);
        var (conversationId, token) = await dl.StartAsync();
        var posted = await dl.PostMessageAsync(conversationId, token, ScriptedBot.Question, "client-1");
        Assert.Equal(HttpStatusCode.OK, posted.Status);
        var id = Str(posted.Body!["id"]);
        Assert.Equal($"{conversationId}|0000001", id);

        var got = await dl.GetActivitiesAsync(conversationId, token, "0");
        var activities = Activities(got);
        Assert.Equal(3, activities.Count); // the echo, typing, the answer
        var echo = activities[0]!;
        Assert.Equal(id, Str(echo["id"]));
        Assert.Equal("user", Str(echo["from"]!["role"]));
        // The client said "r_user"; the conversation's bound user is what the bot sees (and what the page sends as).
        Assert.Equal(DirectLineAdapter.UserIdFor(conversationId), Str(echo["from"]!["id"]));
        Assert.Equal("client-1", Str(echo["channelData"]!["clientActivityID"]));
        Assert.Equal("typing", Str(activities[1]!["type"]));
        var answer = activities[2]!;
        Assert.Contains(ScriptedBot.AnswerQuote, Str(answer["text"]), StringComparison.Ordinal);
        Assert.Equal(id, Str(answer["replyToId"]));
        Assert.Equal("https://schema.org/Message", Str(answer["entities"]![0]!["type"]));
        Assert.Equal("3", Str(got.Body!["watermark"]));
    }

    [Fact]
    public async Task The_watermark_pages_through_activities_and_stays_put_when_nothing_is_new()
    {
        await using var host = await TestHost.StartAsync(new() { ["DirectLine:MaxActivitiesPerGet"] = "2" });
        var dl = new DirectLineClient(host.Client);
        var (conversationId, token) = await dl.StartAsync();
        await dl.PostMessageAsync(conversationId, token, "one");
        await dl.PostMessageAsync(conversationId, token, "two");
        // 7 activities: welcome, then (echo, typing, reply) twice.

        var seen = new List<string>();
        string? watermark = null;
        for (var page = 0; page < 10; page++)
        {
            var got = await dl.GetActivitiesAsync(conversationId, token, watermark);
            var activities = Activities(got);
            Assert.True(activities.Count <= 2);
            if (activities.Count == 0)
            {
                Assert.Equal(watermark, Str(got.Body!["watermark"]));
                break;
            }
            seen.AddRange(activities.Select(a => Str(a!["id"])));
            watermark = Str(got.Body!["watermark"]);
        }
        Assert.Equal(Enumerable.Range(0, 7).Select(i => $"{conversationId}|{i:D7}"), seen);
        Assert.Equal("6", watermark);

        Assert.Equal(HttpStatusCode.BadRequest, (await dl.GetActivitiesAsync(conversationId, token, "abc")).Status);
    }

    [Fact]
    public async Task A_refreshed_token_keeps_the_conversation_and_works()
    {
        await using var host = await TestHost.StartAsync(new() { ["DirectLine:IdleExpiryMinutes"] = "120" });
        var dl = new DirectLineClient(host.Client);
        var (conversationId, token) = await dl.StartAsync();
        await dl.PostMessageAsync(conversationId, token, ScriptedBot.Question); // a conversation in use: the longer idle expiry
        host.Time.Advance(TimeSpan.FromMinutes(20));
        var refreshed = await dl.RefreshTokenAsync(token);
        Assert.Equal(HttpStatusCode.OK, refreshed.Status);
        var newToken = Str(refreshed.Body!["token"]);
        Assert.NotEqual(token, newToken);
        Assert.Equal(conversationId, Str(refreshed.Body["conversationId"]));
        Assert.Equal(1800, refreshed.Body["expires_in"]!.GetValue<int>());

        // Past the old token's lifetime, the refreshed one still works and the old one does not.
        host.Time.Advance(TimeSpan.FromMinutes(15));
        Assert.Equal(HttpStatusCode.OK, (await dl.PostMessageAsync(conversationId, newToken, "hello")).Status);
        Assert.Equal(HttpStatusCode.Forbidden, (await dl.GetActivitiesAsync(conversationId, token)).Status);
        Assert.Equal(HttpStatusCode.Forbidden, (await dl.RefreshTokenAsync(TestHost.Secret)).Status);
    }

    [Fact]
    public async Task An_expired_token_is_refused_with_403_everywhere()
    {
        await using var host = await TestHost.StartAsync(new() { ["DirectLine:IdleExpiryMinutes"] = "120" });
        var dl = new DirectLineClient(host.Client);
        var (conversationId, token) = await dl.StartAsync();
        host.Time.Advance(TimeSpan.FromSeconds(1801));
        var get = await dl.GetActivitiesAsync(conversationId, token);
        Assert.Equal(HttpStatusCode.Forbidden, get.Status);
        Assert.Equal("TokenExpired", get.ErrorCode);
        Assert.Equal(HttpStatusCode.Forbidden, (await dl.PostMessageAsync(conversationId, token, "hi")).Status);
        Assert.Equal(HttpStatusCode.Forbidden, (await dl.RefreshTokenAsync(token)).Status);
        Assert.Equal(HttpStatusCode.Forbidden, (await dl.StartConversationAsync(token)).Status);
    }

    [Fact]
    public async Task A_token_for_another_conversation_or_a_forged_one_is_refused_with_403()
    {
        await using var host = await TestHost.StartAsync();
        var dl = new DirectLineClient(host.Client);
        var (conversationA, tokenA) = await dl.StartAsync();
        var (conversationB, _) = await dl.StartAsync();

        var wrong = await dl.GetActivitiesAsync(conversationB, tokenA);
        Assert.Equal(HttpStatusCode.Forbidden, wrong.Status);
        Assert.Equal("Forbidden", wrong.ErrorCode);
        Assert.Equal(HttpStatusCode.Forbidden, (await dl.PostMessageAsync(conversationB, tokenA, "hi")).Status);

        var forged = tokenA[..^2] + (tokenA[^2] == 'A' ? "BB" : "AA");
        Assert.Equal(HttpStatusCode.Forbidden, (await dl.GetActivitiesAsync(conversationA, forged)).Status);
        Assert.Equal(HttpStatusCode.Forbidden, (await dl.GetActivitiesAsync(conversationA, "garbage")).Status);
        Assert.Equal(HttpStatusCode.Forbidden, (await dl.GetActivitiesAsync(conversationA, null!)).Status);
    }

    [Fact]
    public async Task An_unknown_or_idle_expired_conversation_is_404()
    {
        await using var host = await TestHost.StartAsync(new() { ["DirectLine:TokenLifetimeSeconds"] = "36000" });
        var dl = new DirectLineClient(host.Client);

        // A valid token whose conversation never started.
        var generated = await dl.GenerateTokenAsync(TestHost.Secret);
        var neverStarted = Str(generated.Body!["conversationId"]);
        var token = Str(generated.Body["token"]);
        var get = await dl.GetActivitiesAsync(neverStarted, token);
        Assert.Equal(HttpStatusCode.NotFound, get.Status);
        Assert.NotNull(get.ErrorCode);
        Assert.Equal(HttpStatusCode.NotFound, (await dl.PostMessageAsync(neverStarted, token, "hi")).Status);
        Assert.Equal(HttpStatusCode.NotFound, (await dl.GetActivitiesAsync("nope", TestHost.Secret)).Status);

        var (idle, idleToken) = await dl.StartAsync();
        await dl.PostMessageAsync(idle, idleToken, ScriptedBot.Question); // in use: the longer idle expiry
        host.Time.Advance(TimeSpan.FromMinutes(29));
        Assert.Equal(HttpStatusCode.OK, (await dl.GetActivitiesAsync(idle, idleToken)).Status);
        host.Time.Advance(TimeSpan.FromMinutes(31));
        Assert.Equal(HttpStatusCode.NotFound, (await dl.GetActivitiesAsync(idle, idleToken)).Status);
    }

    [Fact]
    public async Task An_oversize_message_or_body_is_refused_with_413()
    {
        await using var host = await TestHost.StartAsync(new() { ["DirectLine:MaxMessageLength"] = "100", ["DirectLine:MaxBodyBytes"] = "4096" });
        var dl = new DirectLineClient(host.Client);
        var (conversationId, token) = await dl.StartAsync();

        Assert.Equal(HttpStatusCode.OK, (await dl.PostMessageAsync(conversationId, token, new string('a', 100))).Status);
        var tooLong = await dl.PostMessageAsync(conversationId, token, new string('a', 101));
        Assert.Equal(HttpStatusCode.RequestEntityTooLarge, tooLong.Status);
        Assert.Equal("MessageSizeTooBig", tooLong.ErrorCode);

        var bigBody = new JsonObject { ["type"] = "message", ["text"] = "hi", ["value"] = new string('x', 5000) }.ToJsonString();
        Assert.Equal(HttpStatusCode.RequestEntityTooLarge, (await dl.PostActivityAsync(conversationId, token, bigBody)).Status);

        // Neither reached the conversation: welcome, then one accepted message (echo, typing, reply).
        Assert.Equal(4, Activities(await dl.GetActivitiesAsync(conversationId, token)).Count);
    }

    [Fact]
    public async Task A_malformed_or_unsupported_activity_is_400()
    {
        await using var host = await TestHost.StartAsync();
        var dl = new DirectLineClient(host.Client);
        var (conversationId, token) = await dl.StartAsync();
        Assert.Equal(HttpStatusCode.BadRequest, (await dl.PostActivityAsync(conversationId, token, "{not json")).Status);
        Assert.Equal(HttpStatusCode.BadRequest, (await dl.PostActivityAsync(conversationId, token, "{\"type\":\"conversationUpdate\"}")).Status);
        Assert.Equal(HttpStatusCode.BadRequest, (await dl.PostActivityAsync(conversationId, token, "{\"type\":\"message\"} trailing")).Status);
        Assert.Equal(HttpStatusCode.BadRequest, (await dl.PostActivityAsync(conversationId, token, "")).Status);
        Assert.Equal(HttpStatusCode.BadRequest, (await dl.PostActivityAsync(conversationId, token, "[1,2]")).Status);
    }

    [Fact]
    public async Task Text_outside_ASCII_comes_back_as_it_was_sent()
    {
        await using var host = await TestHost.StartAsync();
        var dl = new DirectLineClient(host.Client);
        var (conversationId, token) = await dl.StartAsync();
        const string text = "Glivec® ou imatinib — rechute après greffe? 白血病 😷 \"quoted\" \\ back";
        Assert.Equal(HttpStatusCode.OK, (await dl.PostMessageAsync(conversationId, token, text)).Status);

        var echo = Activities(await dl.GetActivitiesAsync(conversationId, token, "0"))[0]!;
        Assert.Equal(text, Str(echo["text"]));
    }

    [Fact]
    public async Task Too_many_requests_from_one_client_get_429_with_Retry_After()
    {
        await using var host = await TestHost.StartAsync(new() { ["DirectLine:RateLimit:PermitsPerWindow"] = "3", ["DirectLine:RateLimit:WindowSeconds"] = "60" });
        var dl = new DirectLineClient(host.Client);
        for (var i = 0; i < 3; i++) Assert.Equal(HttpStatusCode.OK, (await dl.GenerateTokenAsync(TestHost.Secret)).Status);
        var limited = await dl.GenerateTokenAsync(TestHost.Secret);
        Assert.Equal(HttpStatusCode.TooManyRequests, limited.Status);
        Assert.Equal("TooManyRequests", limited.ErrorCode);
        var retryAfter = int.Parse(Assert.Single(limited.Headers.GetValues("Retry-After")), System.Globalization.CultureInfo.InvariantCulture);
        Assert.InRange(retryAfter, 1, 60);
        // The page's token endpoint shares the limit.
        using var page = await host.Client.PostAsync("api/directline/token", null);
        Assert.Equal(HttpStatusCode.TooManyRequests, page.StatusCode);
    }

    [Fact]
    public async Task The_pages_token_names_the_user_the_bot_is_told_joined()
    {
        await using var host = await TestHost.StartAsync();
        using var response = await host.Client.PostAsync("api/directline/token", null);
        var body = JsonNode.Parse(await response.Content.ReadAsStringAsync())!;
        var conversationId = body["conversationId"]!.GetValue<string>();
        // Web Chat refuses a "dl_" user id from its props, so the bound id must not look like one.
        Assert.Equal(DirectLineAdapter.UserIdFor(conversationId), body["userId"]!.GetValue<string>());
        Assert.DoesNotMatch("^dl_", body["userId"]!.GetValue<string>());
    }

    [Fact]
    public async Task At_the_cap_a_new_conversation_ends_the_longest_idle_one_instead_of_being_refused()
    {
        await using var host = await TestHost.StartAsync(new() { ["DirectLine:MaxConversations"] = "2" });
        var dl = new DirectLineClient(host.Client);
        var (talking, talkingToken) = await dl.StartAsync();
        var (silent, silentToken) = await dl.StartAsync();
        await dl.PostMessageAsync(talking, talkingToken, ScriptedBot.Question);

        // The silent one expires first, so it makes room: the newcomer is never told to come back later.
        Assert.Equal(HttpStatusCode.Created, (await dl.StartConversationAsync(TestHost.Secret)).Status);
        Assert.Equal(HttpStatusCode.NotFound, (await dl.GetActivitiesAsync(silent, silentToken)).Status);
        Assert.Equal(HttpStatusCode.OK, (await dl.GetActivitiesAsync(talking, talkingToken)).Status);
    }

    [Fact]
    public async Task Only_the_newest_activities_are_kept_per_conversation()
    {
        await using var host = await TestHost.StartAsync(new() { ["DirectLine:MaxActivitiesPerConversation"] = "4" });
        var dl = new DirectLineClient(host.Client);
        var (conversationId, token) = await dl.StartAsync();
        await dl.PostMessageAsync(conversationId, token, "one");
        await dl.PostMessageAsync(conversationId, token, "two");
        var ids = Activities(await dl.GetActivitiesAsync(conversationId, token)).Select(a => Str(a!["id"])).ToList();
        Assert.Equal(Enumerable.Range(3, 4).Select(i => $"{conversationId}|{i:D7}"), ids);
    }

    [Fact]
    public async Task A_failing_bot_gives_502_unless_an_OnTurnError_handler_is_registered()
    {
        await using (var host = await TestHost.StartAsync())
        {
            var dl = new DirectLineClient(host.Client);
            var (conversationId, token) = await dl.StartAsync();
            var failed = await dl.PostMessageAsync(conversationId, token, ScriptedBot.Boom);
            Assert.Equal(HttpStatusCode.BadGateway, failed.Status);
            Assert.Equal("BotError", failed.ErrorCode);
        }

        await using (var host = await TestHost.StartAsync(services: s => s.AddSingleton<Func<ITurnContext, Exception, Task>>(
                         (context, _) => context.SendActivityAsync("Sorry, something went wrong."))))
        {
            var dl = new DirectLineClient(host.Client);
            var (conversationId, token) = await dl.StartAsync();
            Assert.Equal(HttpStatusCode.OK, (await dl.PostMessageAsync(conversationId, token, ScriptedBot.Boom)).Status);
            var last = Activities(await dl.GetActivitiesAsync(conversationId, token)).Last()!;
            Assert.Equal("Sorry, something went wrong.", Str(last["text"]));
        }
    }

    [Fact]
    public async Task Middleware_registered_in_DI_runs_on_every_turn()
    {
        var middleware = new CountingMiddleware();
        await using var host = await TestHost.StartAsync(services: s => s.AddSingleton<IMiddleware>(middleware));
        var dl = new DirectLineClient(host.Client);
        var (conversationId, token) = await dl.StartAsync();
        await dl.PostMessageAsync(conversationId, token, "hi");
        Assert.Equal(["conversationUpdate", "message"], middleware.Seen);
    }

    [Fact]
    public async Task The_pages_token_endpoint_issues_a_local_token_the_page_can_use()
    {
        await using var host = await TestHost.StartAsync();
        using var response = await host.Client.PostAsync("api/directline/token", null);
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var body = JsonNode.Parse(await response.Content.ReadAsStringAsync())!;
        Assert.Equal("/v3/directline", Str(body["domain"]));
        var started = await new DirectLineClient(host.Client).StartConversationAsync(Str(body["token"]));
        Assert.Equal(HttpStatusCode.Created, started.Status);
        Assert.Equal(Str(body["conversationId"]), Str(started.Body!["conversationId"]));
    }

    [Fact]
    public async Task CORS_is_closed_by_default_and_open_only_to_configured_origins()
    {
        await using (var host = await TestHost.StartAsync())
        {
            using var preflight = Preflight("https://elsewhere.example");
            using var response = await host.Client.SendAsync(preflight);
            Assert.False(response.Headers.Contains("Access-Control-Allow-Origin"));
        }
        await using (var host = await TestHost.StartAsync(new() { ["DirectLine:AllowedOrigins:0"] = "https://allowed.example" }))
        {
            using var allowed = await host.Client.SendAsync(Preflight("https://allowed.example"));
            Assert.Equal("https://allowed.example", Assert.Single(allowed.Headers.GetValues("Access-Control-Allow-Origin")));
            using var other = await host.Client.SendAsync(Preflight("https://elsewhere.example"));
            Assert.False(other.Headers.Contains("Access-Control-Allow-Origin"));
        }

        static HttpRequestMessage Preflight(string origin)
        {
            var m = new HttpRequestMessage(HttpMethod.Options, "v3/directline/conversations");
            m.Headers.Add("Origin", origin);
            m.Headers.Add("Access-Control-Request-Method", "POST");
            m.Headers.Add("Access-Control-Request-Headers", "authorization,content-type");
            return m;
        }
    }

    [Fact]
    public async Task Turns_in_one_conversation_run_one_at_a_time()
    {
        var bot = new SlowBot();
        await using var host = await TestHost.StartAsync(services: s => s.AddSingleton<IBot>(bot));
        var dl = new DirectLineClient(host.Client);
        var (conversationId, token) = await dl.StartAsync();
        var posts = Enumerable.Range(0, 4).Select(i => dl.PostMessageAsync(conversationId, token, $"m{i}")).ToList();
        foreach (var r in await Task.WhenAll(posts)) Assert.Equal(HttpStatusCode.OK, r.Status);
        Assert.Equal(1, bot.MaxConcurrent);
        Assert.Equal(4, bot.Turns);
    }

    [Fact]
    public async Task Getting_a_conversation_returns_it_for_its_own_token()
    {
        await using var host = await TestHost.StartAsync();
        var dl = new DirectLineClient(host.Client);
        var (conversationId, token) = await dl.StartAsync();
        var got = await dl.SendAsync(HttpMethod.Get, $"v3/directline/conversations/{conversationId}?watermark=0", token);
        Assert.Equal(HttpStatusCode.OK, got.Status);
        Assert.Equal(conversationId, Str(got.Body!["conversationId"]));
        var (other, _) = await dl.StartAsync();
        Assert.Equal(HttpStatusCode.Forbidden, (await dl.SendAsync(HttpMethod.Get, $"v3/directline/conversations/{other}", token)).Status);
    }

    [Fact]
    public async Task The_store_sweeps_idle_conversations()
    {
        await using var host = await TestHost.StartAsync();
        var dl = new DirectLineClient(host.Client);
        await dl.StartAsync();
        await dl.StartAsync();
        var store = host.Services.GetRequiredService<CmlBot.DirectLine.Store.IDirectLineStore>();
        Assert.Equal(0, await store.RemoveIdleAsync(CancellationToken.None));
        host.Time.Advance(TimeSpan.FromMinutes(31));
        Assert.Equal(2, await store.RemoveIdleAsync(CancellationToken.None));
    }

    private sealed class SlowBot : IBot
    {
        private int _running;
        private int _max;
        private int _turns;

        public int MaxConcurrent => Volatile.Read(ref _max);

        public int Turns => Volatile.Read(ref _turns);

        public async Task OnTurnAsync(ITurnContext turnContext, CancellationToken cancellationToken = default)
        {
            if (turnContext.Activity.Type != "message") return;
            var now = Interlocked.Increment(ref _running);
            int seen;
            while ((seen = Volatile.Read(ref _max)) < now && Interlocked.CompareExchange(ref _max, now, seen) != seen) { }
            await Task.Delay(50, cancellationToken);
            Interlocked.Decrement(ref _running);
            Interlocked.Increment(ref _turns);
        }
    }

    private sealed class CountingMiddleware : IMiddleware
    {
        public List<string> Seen { get; } = [];

        public Task OnTurnAsync(ITurnContext turnContext, NextDelegate next, CancellationToken cancellationToken)
        {
            lock (Seen) Seen.Add(turnContext.Activity.Type);
            return next(cancellationToken);
        }
    }
}
