using System.Diagnostics;
using System.Net;
using System.Net.Http.Headers;
using System.Text;
using CmlBot.Hosting;
using CmlBot.Cli;
using CmlBot.TestServers;
using Newtonsoft.Json.Linq;

namespace CmlBot.Tests;

/// <summary>
/// The real host with <c>Storage:Kind</c> = redis: two instances sharing one Redis, Redis lost and back while
/// running, and Redis missing at start (the real process). Timeouts only guard against hangs.
/// </summary>
[Collection(HostCollection.Name)]
public sealed class RedisHostTests(HostFixture fixture)
{
    private static readonly TimeSpan NoHang = TimeSpan.FromSeconds(30);
    private const string SharedSecret = "redis-host-tests-shared-secret";

    private static string[] RedisArgs(RedisServer redis, string prefix) =>
    [
        "--Storage:Kind=redis",
        $"--Storage:Redis:Configuration={redis.Configuration}",
        $"--Storage:Redis:KeyPrefix={prefix}",
        // A machine busy with the other test assemblies can hold an answer past the shipped 1 s; a Redis that is gone
        // still fails at once (the backlog policy fails fast), so only a hang would wait this long.
        "--Storage:Redis:OperationTimeoutMs=5000",
        $"--DirectLine:Secret={SharedSecret}",
        "--Retrieval:Mode=lexical",
    ];

    private static async Task<RunningHost> StartAsync(RedisServer redis, string prefix)
    {
        var host = await RunningHost.StartAsync(RedisArgs(redis, prefix));
        await host.CoreAsync();
        return host;
    }

    [Fact]
    public async Task Two_instances_on_one_redis_continue_each_others_conversations()
    {
        await using var redis = await RedisServer.StartAsync();
        await using var a = await StartAsync(redis, "two");
        await using var b = await StartAsync(redis, "two");
        var question = fixture.CitedQuestion();

        // /api/messages: the answer on A, "which study?" on B, a vote on B counted by A.
        var answer = (await a.ExpectRepliesAsync(RunningHost.Message(question, "shared-conversation")))[^1];
        var references = (await b.ExpectRepliesAsync(RunningHost.Message("which study?", "shared-conversation")))[^1];
        foreach (var n in RunningHost.Citations(answer)) Assert.Contains($"[{n}]", (string)references["text"]!, StringComparison.Ordinal);
        await b.ExpectRepliesAsync(RunningHost.Message("yes", "shared-conversation"));
        Assert.Equal(1, (int)JObject.Parse(await a.Client.GetStringAsync(Endpoints.Feedback))["total"]!);

        // Direct Line: the page's token from A, the conversation started on A, a message posted to B, read on A.
        var (conversationId, token) = await StartDirectLineAsync(a);
        using var posted = await PostDirectLineAsync(b, conversationId, token, question);
        Assert.Equal(HttpStatusCode.OK, posted.StatusCode);
        var activities = await GetDirectLineAsync(a, conversationId, token);
        var texts = activities.Select(x => (string?)x["text"] ?? "").ToList();
        Assert.Contains(texts, t => t.Contains("I answer questions", StringComparison.Ordinal)); // the welcome, queued on A
        Assert.Contains(question, texts);
        Assert.Contains(texts, t => t.Contains(fixture.Core.Ask(question).Quoted!.Text[..40], StringComparison.Ordinal));

        // Key names are ids, never what the user typed.
        var keys = string.Join("\n", (string[])(await redis.ExecuteAsync("KEYS", "*"))!);
        Assert.Contains("two:state:", keys, StringComparison.Ordinal);
        Assert.Contains("two:dl:conv:", keys, StringComparison.Ordinal);
        foreach (var word in question.Split(' ', StringSplitOptions.RemoveEmptyEntries).Where(w => w.Length >= 6))
            Assert.DoesNotContain(word.Trim('?', '.', ','), keys, StringComparison.OrdinalIgnoreCase);
    }

    [Fact]
    public async Task Redis_lost_while_running_gives_503_at_once_and_service_resumes_when_it_returns()
    {
        await using var redis = await RedisServer.StartAsync();
        await using var host = await StartAsync(redis, "outage");
        var question = fixture.CitedQuestion();
        Assert.NotEmpty(RunningHost.Citations((await host.ExpectRepliesAsync(RunningHost.Message(question, "before")))[^1]));
        var (conversationId, token) = await StartDirectLineAsync(host);

        await redis.StopAsync();

        var message = RunningHost.Message(question, "during");
        message["deliveryMode"] = "expectReplies";
        using (var turn = await host.PostAsync(message.ToString()).WaitAsync(NoHang))
        {
            Assert.Equal(HttpStatusCode.ServiceUnavailable, turn.StatusCode);
            var apology = (string)JObject.Parse(await turn.Content.ReadAsStringAsync())["activities"]![0]!["text"]!;
            Assert.Contains("can't reach my memory", apology, StringComparison.Ordinal);
        }
        using (var health = await host.Client.GetAsync(Endpoints.Health).WaitAsync(NoHang))
        {
            Assert.Equal(HttpStatusCode.ServiceUnavailable, health.StatusCode);
            Assert.Equal("storage-unavailable", (string)JObject.Parse(await health.Content.ReadAsStringAsync())["status"]!);
        }
        using (var posted = await PostDirectLineAsync(host, conversationId, token, question).WaitAsync(NoHang))
        {
            Assert.Equal(HttpStatusCode.ServiceUnavailable, posted.StatusCode);
            Assert.Equal("ServiceUnavailable", (string)JObject.Parse(await posted.Content.ReadAsStringAsync())["error"]!["code"]!);
        }
        using (var feedback = await host.Client.GetAsync(Endpoints.Feedback).WaitAsync(NoHang))
            Assert.Equal(HttpStatusCode.ServiceUnavailable, feedback.StatusCode);

        await redis.RestartAsync();

        // The same process, no restart: /healthz turns ready by itself, then turns and Direct Line work.
        using var recovered = new CancellationTokenSource(TimeSpan.FromSeconds(60));
        while (true)
        {
            using var health = await host.Client.GetAsync(Endpoints.Health, recovered.Token);
            if (health.StatusCode == HttpStatusCode.OK) break;
            await Task.Delay(100, recovered.Token);
        }
        Assert.NotEmpty(RunningHost.Citations((await host.ExpectRepliesAsync(RunningHost.Message(question, "after")))[^1]));
        var (afterId, afterToken) = await StartDirectLineAsync(host);
        using var afterPost = await PostDirectLineAsync(host, afterId, afterToken, question);
        Assert.Equal(HttpStatusCode.OK, afterPost.StatusCode);
    }

    [Fact]
    public async Task Chat_keeps_its_state_in_redis_when_Storage_Kind_says_so_and_a_later_session_continues()
    {
        await using var redis = await RedisServer.StartAsync();
        var configuration = CommandLine.Configuration(RepoRoot.Path, [.. RedisArgs(redis, "chat")]);
        var question = fixture.CitedQuestion();
        var expected = fixture.Core.Ask(question);

        async Task<string> SessionAsync(string lines)
        {
            using var input = new StringReader(lines + "/quit\n");
            using var output = new StringWriter();
            Assert.Equal(0, await ChatCommand.RunAsync(configuration, RepoRoot.Path, input, output, CancellationToken.None));
            return output.ToString();
        }

        var first = await SessionAsync($"{question}\n");
        Assert.Contains("Hello, I'm CmlBot", first, StringComparison.Ordinal);
        Assert.Contains(expected.Quoted!.Text, first, StringComparison.Ordinal);
        Assert.NotEqual(0L, (long)await redis.ExecuteAsync("DBSIZE"));

        // A new process's worth of bot (new container, new store objects), the same Redis: no second welcome, and
        // "which study?" refers to the answer the first process gave.
        var second = await SessionAsync("which study?\n");
        Assert.DoesNotContain("Hello, I'm CmlBot", second, StringComparison.Ordinal);
        foreach (var r in expected.References) Assert.Contains($"[{r.Number}] {r.Text}", second, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Chat_with_redis_unreachable_stops_with_the_hosts_exit_code()
    {
        var port = LoopbackPort.Free();
        var exit = await CommandLine.RunAsync(["chat", "--Storage:Kind=redis", $"--Storage:Redis:Configuration=127.0.0.1:{port}",
            "--Storage:Redis:ConnectTimeoutMs=500", $"--DirectLine:Secret={SharedSecret}"], RepoRoot.Path, CancellationToken.None);

        Assert.Equal(3, exit);
    }

    [Fact]
    public async Task Redis_unreachable_at_start_stops_the_real_process_with_one_line_naming_the_endpoint()
    {
        var port = LoopbackPort.Free();
        var start = new ProcessStartInfo(HostProcess.DotnetHost())
        {
            WorkingDirectory = RepoRoot.Path,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        foreach (var a in new[] { Path.Combine(AppContext.BaseDirectory, "CmlBot.dll"), "--urls=http://127.0.0.1:0", "--Storage:Kind=redis",
                     $"--Storage:Redis:Configuration=127.0.0.1:{port}", $"--DirectLine:Secret={SharedSecret}" })
            start.ArgumentList.Add(a);

        using var process = Process.Start(start)!;
        var stdout = process.StandardOutput.ReadToEndAsync();
        var stderr = process.StandardError.ReadToEndAsync();
        await process.WaitForExitAsync().WaitAsync(TimeSpan.FromMinutes(2));

        Assert.Equal(3, process.ExitCode);
        var line = Assert.Single((await stderr).Split('\n', StringSplitOptions.RemoveEmptyEntries));
        Assert.StartsWith($"Storage: cannot reach Redis at 127.0.0.1:{port} (", line, StringComparison.Ordinal);
        Assert.DoesNotContain("   at ", await stdout + await stderr, StringComparison.Ordinal);
    }

    private static async Task<(string ConversationId, string Token)> StartDirectLineAsync(RunningHost host)
    {
        using var page = await host.Client.PostAsync("/api/directline/token", null);
        var token = (string)JObject.Parse(await page.Content.ReadAsStringAsync())["token"]!;
        using var request = new HttpRequestMessage(HttpMethod.Post, "/v3/directline/conversations") { Content = new StringContent("", Encoding.UTF8, "application/json") };
        request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", token);
        using var started = await host.Client.SendAsync(request);
        Assert.Equal(HttpStatusCode.Created, started.StatusCode);
        return ((string)JObject.Parse(await started.Content.ReadAsStringAsync())["conversationId"]!, token);
    }

    private static Task<HttpResponseMessage> PostDirectLineAsync(RunningHost host, string conversationId, string token, string text)
    {
        var activity = new JObject { ["type"] = "message", ["from"] = new JObject { ["id"] = "user" }, ["text"] = text };
        var request = new HttpRequestMessage(HttpMethod.Post, $"/v3/directline/conversations/{conversationId}/activities")
        {
            Content = new StringContent(activity.ToString(), Encoding.UTF8, "application/json"),
        };
        request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", token);
        return host.Client.SendAsync(request);
    }

    private static async Task<IReadOnlyList<JObject>> GetDirectLineAsync(RunningHost host, string conversationId, string token)
    {
        using var request = new HttpRequestMessage(HttpMethod.Get, $"/v3/directline/conversations/{conversationId}/activities");
        request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", token);
        using var response = await host.Client.SendAsync(request);
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        return JObject.Parse(await response.Content.ReadAsStringAsync())["activities"]!.Cast<JObject>().ToList();
    }
}
