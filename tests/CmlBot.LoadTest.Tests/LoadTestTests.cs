using System.Text.Json;
namespace CmlBot.LoadTest.Tests;

/// <summary>
/// The load test's behaviour on a short run against the real host (a child process): every reply is checked and
/// right, nothing errs, no reply crosses conversations, and the report holds every figure. Never wall-clock limits.
/// </summary>
public sealed class LoadTestTests
{
    // A warm-up before the first window: on a busy machine a cold host's first turns (compiling the code they run) can
    // outlast a window, which would then measure no turn at all.
    private static readonly LoadTestOptions Short = new()
    {
        Conversations = 4,
        Turns = 3,
        DurationSeconds = 2,
        WarmupSeconds = 2,
        Mode = "lexical",
        EchoCeiling = true,
        Rounds = 2,
    };

    [Fact]
    public async Task A_short_run_over_both_transports_checks_every_reply_and_reports_every_figure()
    {
        using var cancel = new CancellationTokenSource(TimeSpan.FromMinutes(5));
        var report = await LoadTestCommand.MeasureAsync(Short, RepoRoot.Path, TextWriter.Null, cancel.Token);

        Assert.Equal(4, report.Runs.Count); // cmlbot and echo, each over /api/messages and Direct Line
        foreach (var run in report.Runs)
        {
            Assert.True(run.CheckedReplies > 0, $"{run.Bot}/{run.Transport} checked no reply");
            Assert.Equal(0, run.Errors);
            Assert.Equal(0, run.ForeignReplies);
            Assert.Equal(0, run.WrongReferences);
            Assert.Equal(0, run.MissingReplies);
            Assert.Equal(0, run.WrongEchoes);
            Assert.True(run.Turns > 0 && run.TurnsPerSecond > 0);
            Assert.True(run.P50Ms > 0 && run.P50Ms <= run.P95Ms && run.P95Ms <= run.P99Ms && run.P99Ms <= run.MaxMs);
        }
        Assert.Equal(["directline", "messages"], report.Runs.Select(r => r.Transport).Distinct().Order());
        Assert.Equal(["directline", "messages"], report.EchoRatio.Keys.Order());
        // The two bots took turns: a ratio for each round, and CPU counted in the host and in the generator.
        Assert.Equal(2, report.Rounds);
        Assert.All(report.RoundRatios.Values, each => Assert.Equal(2, each.Count));
        Assert.Equal(report.EchoRatio.Keys.Order(), report.RoundRatios.Keys.Order());
        Assert.All(report.Runs, r => Assert.True(r.HostCpuMsPerTurn > 0 && r.GeneratorCpuMsPerTurn > 0, $"{r.Bot}/{r.Transport} CPU"));
        Assert.All(report.Runs, r => Assert.Equal(Short.DurationSeconds, r.Seconds, 6)); // the rounds add up to the measured time
        Assert.All(report.Hosts, h => Assert.True(h.PeakRssMb > 0));
        Assert.True(report.ColdStart.HostAnswerChecked);
        Assert.True(report.ColdStart.AskAnswerChecked);
        Assert.True(report.ColdStart.AskMs > 0 && report.ColdStart.HostReadyMs > 0 && report.ColdStart.HostFirstAnswerMs >= report.ColdStart.HostReadyMs);
        Assert.Contains("--DirectLine:RateLimit:PermitsPerWindow=2147483647", report.HostOverrides);
        Assert.True(report.Passed);

        using var json = JsonDocument.Parse(report.ToJson());
        foreach (var field in new[] { "runs", "hosts", "echoRatio", "coldStart", "passed", "mode", "conversations" })
            Assert.True(json.RootElement.TryGetProperty(field, out _), field);
        var run0 = json.RootElement.GetProperty("runs")[0];
        foreach (var field in new[] { "turnsPerSecond", "p50Ms", "p95Ms", "p99Ms", "errors", "checkedReplies", "foreignReplies", "wrongReferences" })
            Assert.True(run0.TryGetProperty(field, out _), field);
        Assert.Contains("every reply checked: OK", report.ToTable(), StringComparison.Ordinal);
    }

    [Fact]
    public void The_checker_rejects_a_reply_from_another_conversation_and_wrong_references()
    {
        var checker = new LoadTestChecker(echo: false);
        var conversation = new LoadTestConversation(0, "c-0", "u-0");
        var turn = LoadTestScript.Turn(0, 0);
        LoadTestReply Reply(string conversationId, IReadOnlyList<int> citations) =>
            new("message", conversationId, "sent", "u-0", "…", citations, citations);

        Assert.Equal(LoadTestVerdict.Ok, checker.Check(conversation, turn, new("sent", [Reply("c-0", turn.Question.References)])));
        Assert.Equal(LoadTestVerdict.ForeignReply, checker.Check(conversation, turn, new("sent", [Reply("c-1", turn.Question.References)])));
        Assert.Equal(LoadTestVerdict.WrongReferences, checker.Check(conversation, turn, new("sent", [Reply("c-0", [99])])));
        Assert.Equal(LoadTestVerdict.MissingReply, checker.Check(conversation, turn, new("sent", [])));
    }

    [Fact]
    public void A_reply_is_read_with_or_without_its_text_and_its_citations_either_way()
    {
        using var json = System.Text.Json.JsonDocument.Parse("""
            {"type":"message","conversation":{"id":"c-0"},"replyToId":"sent","recipient":{"id":"u-0"},"text":"From the summary: …",
             "entities":[{"type":"https://schema.org/Message","citation":[{"@type":"Claim","position":12},{"@type":"Claim","position":13}]}],
             "channelData":{"citations":[12,13]}}
            """);
        var full = LoadTestReply.From(json.RootElement);
        var lean = LoadTestReply.From(json.RootElement, readText: false);
        Assert.Equal("From the summary: …", full.Text);
        Assert.Null(lean.Text);
        Assert.Equal(full with { Text = null, EntityCitations = null, ChannelDataCitations = null }, lean with { EntityCitations = null, ChannelDataCitations = null });
        Assert.Equal([12, 13], lean.EntityCitations);
        Assert.Equal([12, 13], lean.ChannelDataCitations);
        Assert.Equal([12, 13], lean.Citations);
    }

    [Fact]
    public void Options_parse_and_bad_arguments_are_refused()
    {
        var options = LoadTestOptions.Parse(["--conversations", "8", "--turns", "4", "--mode", "hybrid", "--transport", "directline", "--echo-ceiling", "--json"], ["--Logging:LogLevel:Default=Warning"], out var error);
        Assert.Null(error);
        Assert.Equal((8, 4, "hybrid", true, true), (options!.Conversations, options.Turns, options.Mode, options.EchoCeiling, options.Json));
        Assert.Equal([LoadTestTransport.DirectLine], options.Transports);
        Assert.Equal(["--Logging:LogLevel:Default=Warning"], options.HostOverrides);
        Assert.Null(LoadTestOptions.Parse(["--mode", "fuzzy"], [], out error));
        Assert.NotNull(error);
        Assert.Null(LoadTestOptions.Parse(["--conversations", "0"], [], out _));
        Assert.Equal(3, LoadTestOptions.Parse(["--echo-ceiling", "--rounds", "3"], [], out _)!.Rounds);
        Assert.Equal(4, LoadTestOptions.Parse([], [], out _)!.Rounds);
        Assert.Null(LoadTestOptions.Parse(["--rounds", "0"], [], out error));
        Assert.Equal("--rounds must be positive", error);
    }

    [Fact]
    public void Storage_options_parse_into_the_hosts_environment()
    {
        Assert.Equal(("memory", null), (LoadTestOptions.Parse([], [], out _)!.Storage, LoadTestOptions.Parse([], [], out _)!.Redis));
        var options = LoadTestOptions.Parse(["--storage", "redis", "--redis", "127.0.0.1:6390"], [], out var error);
        Assert.Null(error);
        Assert.Equal(("redis", "127.0.0.1:6390"), (options!.Storage, options.Redis));
        Assert.Equal("redis", LoadTestOptions.Parse(["--storage", "redis"], [], out _)!.Storage); // starts its own redis-server
        Assert.Null(LoadTestOptions.Parse(["--redis", "127.0.0.1:6390"], [], out error));
        Assert.Equal("--redis needs --storage redis", error);
        Assert.Null(LoadTestOptions.Parse(["--storage", "disk"], [], out error));
        Assert.NotNull(error);

        Assert.Equal(new Dictionary<string, string>
        {
            ["Storage__Kind"] = "redis",
            ["Storage__Redis__Configuration"] = "127.0.0.1:6390",
            ["Storage__Redis__KeyPrefix"] = "cmlbot-loadtest-1",
            ["DirectLine__Secret"] = "secret",
        }, LoadTestStorage.HostEnvironment("redis", "127.0.0.1:6390", "cmlbot-loadtest-1", "secret"));
        Assert.Equal(new Dictionary<string, string> { ["Storage__Kind"] = "memory" }, LoadTestStorage.HostEnvironment("memory", null, "p", "s"));
        Assert.NotEqual(LoadTestStorage.NewKeyPrefix("loadtest"), LoadTestStorage.NewKeyPrefix("loadtest"));
    }

    [Fact]
    public async Task The_echo_host_is_this_tool_serving_echo_with_the_environment_it_is_given()
    {
        Assert.True(OperatingSystem.IsLinux(), "this test reads /proc, which only Linux has");
        var environment = new Dictionary<string, string> { ["Storage__Kind"] = "memory", ["CMLBOT_LOADTEST_PROBE"] = "passed" };
        await using var host = LoadTestHosts.Start(LoadTestHosts.DefaultHostDll, RepoRoot.Path, "lexical", echo: true, [], environment);

        var variables = (await File.ReadAllTextAsync($"/proc/{host.ProcessId}/environ")).Split('\0');
        Assert.Contains("Storage__Kind=memory", variables);
        Assert.Contains("CMLBOT_LOADTEST_PROBE=passed", variables);
        var arguments = (await File.ReadAllTextAsync($"/proc/{host.ProcessId}/cmdline")).Split('\0');
        Assert.Contains(LoadTestHosts.ToolDll, arguments);
        Assert.Contains(LoadTestHosts.ServeEcho, arguments);
    }
}
