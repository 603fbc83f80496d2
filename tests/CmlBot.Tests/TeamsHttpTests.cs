using System.Text.RegularExpressions;
using CmlBot.Bot.Answers;
using Microsoft.Extensions.DependencyInjection;
using Newtonsoft.Json.Linq;

namespace CmlBot.Tests;

/// <summary>Teams-shaped activities posted to /api/messages through the real host (deliveryMode expectReplies).</summary>
[Collection(HostCollection.Name)]
public sealed partial class TeamsHttpTests(HostFixture fixture)
{
    private const string BotId = "28:00000000-1111-2222-3333-444444444444";
    private const string TenantId = "72f988bf-0000-0000-0000-000000000001";
    private RunningHost Host => fixture.Host;

    private static JObject Teams(string type, string conversationType, string conversationId, string userId = "29:http-user")
    {
        var channelData = new JObject { ["tenant"] = new JObject { ["id"] = TenantId } };
        if (conversationType == "channel")
        {
            channelData["team"] = new JObject { ["id"] = "19:team@thread.tacv2", ["name"] = "Hematology" };
            channelData["channel"] = new JObject { ["id"] = "19:general@thread.tacv2", ["name"] = "General" };
        }
        return new JObject
        {
            ["type"] = type,
            ["id"] = Guid.NewGuid().ToString("N"),
            ["channelId"] = "msteams",
            ["serviceUrl"] = "http://127.0.0.1:9/",
            ["from"] = new JObject { ["id"] = userId, ["name"] = "Pat Example", ["aadObjectId"] = "00000000-0000-0000-0000-0000000000aa" },
            ["recipient"] = new JObject { ["id"] = BotId, ["name"] = "CmlBot" },
            ["conversation"] = new JObject
            {
                ["id"] = conversationId,
                ["conversationType"] = conversationType,
                ["tenantId"] = TenantId,
                ["isGroup"] = conversationType != "personal",
            },
            ["channelData"] = channelData,
            ["locale"] = "en-US",
        };
    }

    private static JObject Mention(string id, string name) => new()
    {
        ["type"] = "mention",
        ["text"] = $"<at>{name}</at>",
        ["mentioned"] = new JObject { ["id"] = id, ["name"] = name },
    };

    private static JObject Message(string conversationType, string conversationId, string text, params JObject[] mentions)
    {
        var message = Teams("message", conversationType, conversationId);
        message["text"] = text;
        message["textFormat"] = "plain";
        var entities = new JArray(mentions.Cast<object>().ToArray())
        {
            new JObject { ["type"] = "clientInfo", ["locale"] = "en-US", ["platform"] = "Web" },
        };
        message["entities"] = entities;
        return message;
    }

    [GeneratedRegex(@"\[(\d+)\]")]
    private static partial Regex MarkerRx();

    private static void AssertCitationEntity(JObject reply)
    {
        var entities = reply["entities"]!.Where(e => (string?)e["type"] == "https://schema.org/Message").ToList();
        var entity = Assert.Single(entities);
        Assert.Equal("Message", (string?)entity["@type"]);
        Assert.Equal("https://schema.org", (string?)entity["@context"]);
        Assert.Equal("", (string?)entity["@id"]);
        Assert.Null(entity["additionalType"]);
        var claims = (JArray)entity["citation"]!;
        Assert.InRange(claims.Count, 1, 20);
        var markers = MarkerRx().Matches((string?)reply["text"] ?? "").Select(m => int.Parse(m.Groups[1].Value, System.Globalization.CultureInfo.InvariantCulture)).ToHashSet();
        foreach (var claim in claims)
        {
            Assert.Equal("Claim", (string?)claim["@type"]);
            Assert.Contains((int)claim["position"]!, markers);
            Assert.InRange(((string)claim["appearance"]!["name"]!).Length, 1, 80);
            Assert.InRange(((string)claim["appearance"]!["abstract"]!).Length, 1, 160);
            Assert.StartsWith("https://", (string)claim["appearance"]!["url"]!, StringComparison.Ordinal);
        }
    }

    [Fact]
    public async Task A_channel_message_mentioning_the_bot_is_answered_without_the_mention_and_with_Teams_citations()
    {
        var question = fixture.CitedQuestion();
        var expected = fixture.Core.Ask(question);
        var message = Message("channel", "19:http-channel@thread.tacv2;messageid=1700000000001",
            $"<at>CmlBot</at> <at>Alice</at> {question}\n", Mention(BotId, "CmlBot"), Mention("29:alice", "Alice"));

        var replies = await Host.ExpectRepliesAsync(message);

        var answer = Assert.Single(replies); // no welcome on a message in a channel
        Assert.Contains("> " + expected.Quoted!.Text, (string?)answer["text"]);
        Assert.DoesNotContain("Alice", (string?)answer["text"], StringComparison.Ordinal);
        Assert.Equal(expected.References.Select(r => r.Number), RunningHost.Citations(answer));
        AssertCitationEntity(answer);
        Assert.True(answer.ToString(Newtonsoft.Json.Formatting.None).Length * 2 < 40_000, "over Teams' message size limit");
    }

    [Fact]
    public async Task A_channel_message_without_a_mention_gets_no_reply()
    {
        var replies = await Host.ExpectRepliesAsync(Message("channel", "19:http-quiet@thread.tacv2", fixture.CitedQuestion()));
        Assert.Empty(replies);
    }

    [Fact]
    public async Task A_group_chat_message_mentioning_the_bot_gets_help()
    {
        var replies = await Host.ExpectRepliesAsync(Message("groupChat", "19:http-group@thread.v2", "<at>CmlBot</at> help", Mention(BotId, "CmlBot")));
        Assert.Contains("How to use CmlBot", (string?)Assert.Single(replies)["text"]);
    }

    [Fact]
    public async Task A_personal_chat_is_welcomed_once_then_answered()
    {
        var conversation = "a:http-personal-" + Guid.NewGuid().ToString("N");
        var install = Teams("conversationUpdate", "personal", conversation);
        install["membersAdded"] = new JArray(new JObject { ["id"] = BotId });
        Assert.Contains("Hello, I'm CmlBot", (string?)Assert.Single(await Host.ExpectRepliesAsync(install))["text"]);

        var replies = await Host.ExpectRepliesAsync(Message("personal", conversation, fixture.CitedQuestion()));
        AssertCitationEntity(Assert.Single(replies));
    }

    [Fact]
    public async Task A_team_is_welcomed_once_on_install_and_not_for_each_member_who_joins()
    {
        var conversation = "19:http-team-" + Guid.NewGuid().ToString("N") + "@thread.tacv2";
        var botAdded = Teams("conversationUpdate", "channel", conversation);
        botAdded["membersAdded"] = new JArray(new JObject { ["id"] = BotId });
        botAdded["channelData"]!["eventType"] = "teamMemberAdded";
        Assert.Single(await Host.ExpectRepliesAsync(botAdded));

        var installed = Teams("installationUpdate", "channel", conversation);
        installed["action"] = "add";
        Assert.Empty(await Host.ExpectRepliesAsync(installed));

        var memberAdded = Teams("conversationUpdate", "channel", conversation, "29:someone-else");
        memberAdded["membersAdded"] = new JArray(new JObject { ["id"] = "29:newcomer" });
        memberAdded["channelData"]!["eventType"] = "teamMemberAdded";
        Assert.Empty(await Host.ExpectRepliesAsync(memberAdded));
    }

    [Fact]
    public async Task Configured_card_answers_cut_reference_lists_and_card_submits_over_http()
    {
        var question = new[]
        {
            "Is Tasigna an alternative after imatinib resistance?",
            "Does a higher dose of imatinib help with resistance?",
            "What is relative failure on imatinib?",
            "Can interferon help after relapse from a stem cell transplant?",
        }.First(q => fixture.Core.Ask(q) is { Answered: true, IsAmbiguous: false, References.Count: >= 3 } a && a.Quoted!.Kind != Core.Retrieval.PassageKind.Reference);
        var expected = fixture.Core.Ask(question);
        await using var host = await RunningHost.StartAsync(
            ["--Teams:AnswerCards=true", "--Teams:MaxReferencesPerMessage=2"],
            s => s.AddSingleton<ICoreProvider>(new ReadyCoreProvider(fixture.Core)));
        const string conversation = "a:http-cards";

        var answer = (await host.ExpectRepliesAsync(Message("personal", conversation, question)))[^1];
        var attachment = Assert.Single((JArray)answer["attachments"]!);
        Assert.Equal("application/vnd.microsoft.card.adaptive", (string?)attachment["contentType"]);
        var card = (JObject)attachment["content"]!;
        Assert.Equal("AdaptiveCard", (string?)card["type"]);
        Assert.Equal("1.5", (string?)card["version"]);
        Assert.Contains(card.Descendants().OfType<JObject>(), o => (string?)o["type"] == "TextBlock" && (string?)o["text"] == expected.Quoted!.Text);
        Assert.Equal(["Helpful", "Not helpful"], card["actions"]!.Select(a => (string)a["title"]!));
        Assert.All(card["actions"]!, a => Assert.Equal("Action.Submit", (string?)a["type"]));
        Assert.Equal(expected.References.Take(2).Select(r => r.Number), RunningHost.Citations(answer));
        Assert.Contains("Show all references", answer["suggestedActions"]!["actions"]!.Select(a => (string)a["value"]!));

        var lists = await host.ExpectRepliesAsync(Message("personal", conversation, "Show all references"));
        Assert.Equal((expected.References.Count + 1) / 2, lists.Count);
        Assert.Equal(expected.References.Select(r => r.Number), lists.SelectMany(RunningHost.Citations));
        Assert.All(lists, l => Assert.True(l.ToString(Newtonsoft.Json.Formatting.None).Length * 2 < 40_000));

        var submit = Teams("message", "personal", conversation);
        submit["value"] = card["actions"]![0]!["data"]!.DeepClone();
        Assert.Contains("Thank you for the feedback", (string?)Assert.Single(await host.ExpectRepliesAsync(submit))["text"]);
    }
}
