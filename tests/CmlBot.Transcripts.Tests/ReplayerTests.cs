using System.Xml.Linq;
using Newtonsoft.Json.Linq;

namespace CmlBot.Transcripts.Tests;

public sealed class ReplayerTests : IDisposable
{
    private readonly string _dir = Directory.CreateTempSubdirectory("cmlbot-replay-").FullName;
    private readonly StringWriter _out = new();

    private static JObject User(string text, int id) => JObject.Parse($$"""
        { "type": "message", "id": "u{{id}}", "channelId": "emulator", "text": {{JValue.CreateString(text).ToString(Newtonsoft.Json.Formatting.None)}},
          "from": { "id": "user-1", "name": "User", "role": "user" }, "recipient": { "id": "bot-1", "name": "Bot", "role": "bot" },
          "conversation": { "id": "c1|livechat" }, "serviceUrl": "http://localhost", "timestamp": "2020-10-09T14:56:19.342Z" }
        """);

    private static JObject Bot(string text, string[]? actions = null, int[]? citations = null)
    {
        var a = JObject.Parse("""
            { "type": "message", "id": "b", "channelId": "emulator", "from": { "id": "bot-1", "name": "Bot", "role": "bot" },
              "recipient": { "id": "user-1", "role": "user" }, "conversation": { "id": "c1|livechat" }, "timestamp": "2020-10-09T14:56:20.000Z" }
            """);
        a["text"] = text;
        if (actions is not null) a["suggestedActions"] = new JObject { ["actions"] = new JArray(actions.Select(t => new JObject { ["type"] = "imBack", ["title"] = t, ["value"] = t })) };
        if (citations is not null) a["entities"] = new JArray(new JObject { ["type"] = "https://schema.org/Message", ["citation"] = new JArray(citations.Select(n => new JObject { ["position"] = n })) });
        return a;
    }

    [Fact]
    public void Citations_are_read_from_claims_as_objects_or_as_their_JSON()
    {
        Microsoft.Bot.Schema.Activity Reply(params JToken[] claims) => new()
        {
            Type = "message",
            Entities = [new Microsoft.Bot.Schema.Entity("https://schema.org/Message") { Properties = new JObject { ["citation"] = new JArray(claims) } }],
        };
        Assert.Equal([12, 13], ReplyFacts.CitationsOf(Reply(new JObject { ["position"] = 12 }, new JObject { ["position"] = 13 })));
        Assert.Equal([12, 13], ReplyFacts.CitationsOf(Reply(new JRaw("{\"@type\":\"Claim\",\"position\":12}"), new JRaw("{\"position\":13}"))));
    }

    private string Write(string name, JToken content)
    {
        var path = Path.Combine(_dir, name);
        File.WriteAllText(path, content.ToString());
        return path;
    }

    private async Task<int> Run(params string[] paths) => await Run(null, false, paths);

    private async Task<int> Run(string? junit, bool update, params string[] paths) =>
        await new ReplayRunner(new TranscriptReplayer(ScriptedBot.Default), _out).RunAsync(paths, junit, update, CancellationToken.None);

    private string Output => _out.ToString();

    [Fact]
    public async Task A_matching_transcript_passes()
    {
        var path = Write("ok.transcript", new JArray(User("hi", 1), new JObject(Bot("Hello there.", ["Tell me more", "Help"])) { ["type"] = "message" },
            User("two", 2), Bot("First."), Bot("Second."), User("cite", 3), Bot("Quoted text.[12,13]", citations: [12, 13])));
        Assert.Equal(0, await Run(path));
        Assert.Contains("PASS", Output, StringComparison.Ordinal);
        Assert.Contains("1 case(s): 1 passed, 0 failed", Output, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_transcript_recorded_with_expect_replies_replays()
    {
        var user = User("two", 1);
        user["deliveryMode"] = "expectReplies";
        var path = Write("expect.transcript", new JArray(user, Bot("First."), Bot("Second.")));
        Assert.Equal(0, await Run(path));
    }

    [Fact]
    public async Task Ids_timestamps_whitespace_and_typing_are_ignored()
    {
        var typing = Bot("");
        typing["type"] = "typing";
        var path = Write("ws.transcript", new JObject { ["transcript"] = new JArray(User("two", 1), typing, Bot("  First. "), Bot("Second.\n")) });
        Assert.Equal(0, await Run(path));
    }

    [Fact]
    public async Task A_changed_reply_is_reported_with_turn_user_text_and_a_diff()
    {
        var path = Write("changed.transcript", new JArray(User("hi", 1), Bot("Hi there.", ["Tell me more", "Help"])));
        Assert.Equal(1, await Run(path));
        Assert.Contains("FAIL", Output, StringComparison.Ordinal);
        Assert.Contains("turn 1, the user sent \"hi\"", Output, StringComparison.Ordinal);
        Assert.Contains("reply 1: text differs", Output, StringComparison.Ordinal);
        Assert.Contains("- Hi there.", Output, StringComparison.Ordinal);
        Assert.Contains("+ Hello there.", Output, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Changed_suggested_actions_and_citations_are_reported()
    {
        var path = Write("facts.transcript", new JArray(User("hi", 1), Bot("Hello there.", ["Help"]), User("cite", 2), Bot("Quoted text.[12,13]", citations: [12])));
        Assert.Equal(1, await Run(path));
        Assert.Contains("suggested actions differ", Output, StringComparison.Ordinal);
        Assert.Contains("cited references differ", Output, StringComparison.Ordinal);
        Assert.Contains("[12,13]", Output, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_missing_reply_is_reported()
    {
        var path = Write("missing.transcript", new JArray(User("hi", 1), Bot("Hello there.", ["Tell me more", "Help"]), Bot("And another thing.")));
        Assert.Equal(1, await Run(path));
        Assert.Contains("reply 2: missing reply", Output, StringComparison.Ordinal);
    }

    [Fact]
    public async Task An_extra_reply_is_reported()
    {
        var path = Write("extra.transcript", new JArray(User("two", 1), Bot("First.")));
        Assert.Equal(1, await Run(path));
        Assert.Contains("reply 2: extra reply", Output, StringComparison.Ordinal);
        Assert.Contains("Second.", Output, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_reordered_reply_is_reported_as_such()
    {
        var path = Write("reordered.transcript", new JArray(User("two", 1), Bot("Second."), Bot("First.")));
        Assert.Equal(1, await Run(path));
        Assert.Contains("replies in a different order", Output, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("[ { \"type\": \"message\", ", 1)]
    [InlineData("{ \"nothing\": 1 }", 1)]
    [InlineData("[ 1, 2 ]", 1)]
    [InlineData("[\n  { \"type\": \"message\", \"from\": { \"role\": \"user\" }, \"text\": \"hi\" },\n  { \"type\": 5 }\n]", 3)]
    public async Task A_malformed_file_exits_2_naming_the_file_and_position(string content, int line)
    {
        var path = Path.Combine(_dir, "bad.transcript");
        await File.WriteAllTextAsync(path, content);
        Assert.Equal(2, await Run(path));
        Assert.Contains($"ERROR {path}:{line}:", Output, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Unreadable_files_outrank_failures_and_others_still_run()
    {
        var bad = Path.Combine(_dir, "bad.transcript");
        await File.WriteAllTextAsync(bad, "not json");
        var ok = Write("ok.transcript", new JArray(User("two", 1), Bot("First."), Bot("Second.")));
        Assert.Equal(2, await Run(_dir));
        Assert.Contains($"PASS {ok}", Output, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Junit_xml_lists_each_case()
    {
        Write("a.transcript", new JArray(User("two", 1), Bot("First."), Bot("Second.")));
        Write("b.transcript", new JArray(User("hi", 1), Bot("Nope.")));
        var junit = Path.Combine(_dir, "out", "junit.xml");
        Assert.Equal(1, await Run(junit, false, _dir));
        var doc = XDocument.Load(junit);
        var suite = doc.Root!.Element("testsuite")!;
        Assert.Equal("2", suite.Attribute("tests")!.Value);
        Assert.Equal("1", suite.Attribute("failures")!.Value);
        Assert.Single(doc.Descendants("failure"));
    }

    [Fact]
    public async Task Update_rewrites_the_bot_turns_and_then_the_transcript_passes()
    {
        var path = Write("update.transcript", new JArray(User("hi", 1), Bot("Old text."), User("two", 2), Bot("First.")));
        Assert.Equal(0, await Run(null, true, path));
        Assert.Contains("updated", Output, StringComparison.Ordinal);
        var again = new StringWriter();
        Assert.Equal(0, await new ReplayRunner(new TranscriptReplayer(ScriptedBot.Default), again).RunAsync([path], null, false, CancellationToken.None));
        var json = JArray.Parse(await File.ReadAllTextAsync(path));
        Assert.Equal("u1", json[0]["id"]!.Value<string>()); // the user's activities are kept as recorded
        Assert.Equal(5, json.Count);
    }

    [Fact]
    public async Task Update_counts_turns_as_the_replay_does_when_bot_activities_carry_no_role()
    {
        // The bot is known only as the recipient of the user's activities, as in some Emulator files.
        static JObject RoleLess(JObject bot) { bot["from"] = new JObject { ["id"] = "bot-1", ["name"] = "Bot" }; return bot; }
        var path = Write("roleless.transcript", new JArray(User("hi", 1), RoleLess(Bot("Old.")), User("two", 2), RoleLess(Bot("First."))));
        Assert.Equal(0, await Run(null, true, path));
        var again = new StringWriter();
        Assert.Equal(0, await new ReplayRunner(new TranscriptReplayer(ScriptedBot.Default), again).RunAsync([path], null, false, CancellationToken.None));
    }

    [Fact]
    public async Task A_chat_file_checks_contains_regex_citations_and_actions()
    {
        var path = Path.Combine(_dir, "case.chat");
        await File.WriteAllTextAsync(path, """
            # joins, then asks
            [ConversationUpdate=MembersAdded=User]
            bot: Welcome!
            user: hi
            bot contains: hello THERE
              actions: Tell me more | Help
            user: cite
            bot matches: ^Quoted text\.\[\d+,\d+\]$
              cites: 12-13
            user: two
            bot any
            bot ...
            user: card
            bot any
              attachments: application/vnd.microsoft.card.adaptive
            """);
        Assert.Equal(0, await Run(path));
    }

    [Fact]
    public async Task A_failing_chat_file_is_reported_and_never_rewritten()
    {
        var path = Path.Combine(_dir, "fail.chat");
        await File.WriteAllTextAsync(path, "user: cite\nbot contains: Quoted\n  cites: 14\n");
        var before = await File.ReadAllTextAsync(path);
        Assert.Equal(0, await Run(null, true, path));
        Assert.Contains("cited references differ", Output, StringComparison.Ordinal);
        Assert.Contains("not updated", Output, StringComparison.Ordinal);
        Assert.Equal(before, await File.ReadAllTextAsync(path));
    }

    [Theory]
    [InlineData("bot: too early", 1)]
    [InlineData("user: hi\n  cites: 1", 2)]
    [InlineData("user: hi\nbot matches: ([unclosed", 2)]
    [InlineData("user: hi\nbot contains: x\n  cites: nine", 3)]
    [InlineData("user: hi\nwhat is this line", 2)]
    public async Task A_malformed_chat_file_names_its_line(string content, int line)
    {
        var path = Path.Combine(_dir, "bad.chat");
        await File.WriteAllTextAsync(path, content);
        Assert.Equal(2, await Run(path));
        Assert.Contains($"{path}:{line}:", Output, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Each_case_gets_a_fresh_bot()
    {
        var made = 0;
        var replayer = new TranscriptReplayer(() => { made++; return ScriptedBot.Default(); });
        Write("a.transcript", new JArray(User("two", 1), Bot("First."), Bot("Second.")));
        Write("b.transcript", new JArray(User("two", 1), Bot("First."), Bot("Second.")));
        Assert.Equal(0, await new ReplayRunner(replayer, _out).RunAsync([_dir], null, false, CancellationToken.None));
        Assert.Equal(2, made);
    }

    public void Dispose()
    {
        _out.Dispose();
        Directory.Delete(_dir, recursive: true);
    }
}
