using System.Text.RegularExpressions;
using CmlBot.Bot.Replies;
using CmlBot.Bot.Tests.Infrastructure;
using Microsoft.Bot.Builder;
using Microsoft.Bot.Builder.Adapters;
using Microsoft.Bot.Schema;
using Microsoft.Extensions.Configuration;
using Newtonsoft.Json.Linq;

namespace CmlBot.Bot.Tests;

/// <summary>
/// Teams-shaped activities (channelId msteams, conversationType, channelData with tenant/team/channel,
/// &lt;at&gt; mentions) through TestAdapter/TestFlow: mention stripping, the channel mention rule, welcome
/// rules per conversation type, state per conversation, the citation entity, size limits and cards.
/// </summary>
public sealed partial class TeamsTests(CoreFixture fixture) : BotTestBase(fixture)
{
    public const string BotId = "28:00000000-1111-2222-3333-444444444444";
    public const string TenantId = "72f988bf-0000-0000-0000-000000000001";

    public static ConversationReference Reference(string conversationType, string conversationId, string userId = "29:user-1") => new()
    {
        ChannelId = "msteams",
        ServiceUrl = "https://smba.trafficmanager.net/amer/",
        Bot = new ChannelAccount(BotId, "CmlBot"),
        User = new ChannelAccount(userId, "Pat Example") { AadObjectId = "00000000-0000-0000-0000-0000000000aa" },
        Conversation = new ConversationAccount(isGroup: conversationType != "personal", conversationType: conversationType, id: conversationId, tenantId: TenantId),
    };

    private TestConversation Teams(string conversationType, string conversationId, string userId = "29:user-1", BotHarness? harness = null) =>
        (harness ?? Harness).Conversation(Reference(conversationType, conversationId, userId));

    /// <summary>channelData as Teams sends it: the tenant always; team and channel in a team channel.</summary>
    public static JObject ChannelData(string conversationType) => conversationType == "channel"
        ? new JObject
        {
            ["tenant"] = new JObject { ["id"] = TenantId },
            ["team"] = new JObject { ["id"] = "19:team@thread.tacv2", ["name"] = "Hematology" },
            ["channel"] = new JObject { ["id"] = "19:general@thread.tacv2", ["name"] = "General" },
        }
        : new JObject { ["tenant"] = new JObject { ["id"] = TenantId } };

    public static Entity MentionEntity(string id, string name)
    {
        var entity = new Entity();
        entity.SetAs(new Mention { Mentioned = new ChannelAccount(id, name), Text = $"<at>{name}</at>" });
        return entity;
    }

    private static Activity Message(TestConversation conversation, string text, params (string Id, string Name)[] mentions)
    {
        var activity = conversation.Adapter.MakeActivity(text);
        activity.ChannelData = ChannelData(conversation.Adapter.Conversation.Conversation.ConversationType);
        activity.Entities = mentions.Select(m => MentionEntity(m.Id, m.Name)).ToList();
        activity.Entities.Add(new Entity("clientInfo") { Properties = new JObject { ["locale"] = "en-US", ["platform"] = "Web" } });
        return activity;
    }

    private static Activity MembersAdded(TestConversation conversation, params ChannelAccount[] members) => new(ActivityTypes.ConversationUpdate)
    {
        MembersAdded = members,
        ChannelData = ChannelData(conversation.Adapter.Conversation.Conversation.ConversationType),
    };

    private static Activity Installed(TestConversation conversation) => new(ActivityTypes.InstallationUpdate)
    {
        Action = "add",
        ChannelData = ChannelData(conversation.Adapter.Conversation.Conversation.ConversationType),
    };

    private static ChannelAccount Bot => new(BotId, "CmlBot");

    private static bool IsWelcome(IMessageActivity reply) => reply.Text?.Contains("Hello, I'm CmlBot", StringComparison.Ordinal) == true;

    // ---- mentions ----

    [Theory]
    [InlineData("groupChat")]
    [InlineData("channel")]
    public async Task The_bots_mention_is_removed_before_the_question_is_read(string conversationType)
    {
        var conversation = Teams(conversationType, $"19:{conversationType}-mention@thread.v2");
        var reply = Assert.Single(await conversation.SendAsync(Message(conversation, "<at>CmlBot</at> help", (BotId, "CmlBot"))));
        Assert.Contains("How to use CmlBot", reply.Text);
    }

    [Fact]
    public async Task Other_peoples_mentions_stay_out_of_the_question()
    {
        var question = Fixture.CitedQuestion();
        var expected = Fixture.Core.Ask(question);
        var conversation = Teams("channel", "19:others@thread.tacv2");
        var activity = Message(conversation, $"<at>CmlBot</at> <at>Alice Smith</at> {question}", (BotId, "CmlBot"), ("29:alice", "Alice Smith"));

        var reply = Assert.Single(await conversation.SendAsync(activity));

        Assert.Equal(expected.Quoted!.Id, PassageId(reply));
        Assert.DoesNotContain("Alice", reply.Text, StringComparison.Ordinal);
        Assert.Equal(expected.References.Select(r => r.Number), Cited(reply));
    }

    [Theory]
    [InlineData("<at>CmlBot</at> help", "help")]
    [InlineData("<at>CmlBot</at>help", "help")]
    [InlineData("<at>CmlBot</at>&nbsp;help\n", "help")]
    [InlineData("help <at>CmlBot</at>", "help")]
    [InlineData("<at>CmlBot</at> <at>Alice</at> what is a buffy coat infusion?", "what is a buffy coat infusion?")]
    [InlineData("<at>Alice</at> asked: <at>CmlBot</at> which study?", "asked: which study?")]
    public void TurnInput_strips_every_mention_and_leaves_the_activity_untouched(string text, string expected)
    {
        var activity = new Activity(ActivityTypes.Message)
        {
            Text = text,
            ChannelId = "msteams",
            Recipient = new ChannelAccount(BotId, "CmlBot"),
            Conversation = new ConversationAccount(conversationType: "channel", id: "19:x@thread.tacv2"),
            Entities = [MentionEntity(BotId, "CmlBot"), MentionEntity("29:alice", "Alice"), new Entity("clientInfo") { Properties = new JObject { ["locale"] = "en-US" } }],
        };
        var input = TurnInput.From(activity);
        Assert.Equal(expected, input.Text);
        Assert.True(input.MentionsBot);
        Assert.Equal("channel", input.ConversationType);
        // Unlike mention middleware that rewrites entities, nothing of the activity is lost.
        Assert.Equal(text, activity.Text);
        Assert.Equal(["mention", "mention", "clientInfo"], activity.Entities.Select(e => e.Type));
    }

    [Fact]
    public async Task The_turns_activity_keeps_its_non_mention_entities()
    {
        var conversation = Teams("groupChat", "19:entities@thread.v2");
        IList<Entity>? seen = null;
        conversation.Adapter.Use(new CaptureEntities(e => seen = e));
        await conversation.SendAsync(Message(conversation, "<at>CmlBot</at> help", (BotId, "CmlBot")));
        Assert.NotNull(seen);
        Assert.Contains(seen!, e => e.Type == "clientInfo");
        Assert.Contains(seen!, e => e.Type == "mention");
    }

    private sealed class CaptureEntities(Action<IList<Entity>> capture) : IMiddleware
    {
        public async Task OnTurnAsync(ITurnContext turnContext, NextDelegate next, CancellationToken cancellationToken = default)
        {
            await next(cancellationToken);
            capture([.. turnContext.Activity.Entities ?? []]);
        }
    }

    [Fact]
    public async Task Channel_messages_that_do_not_mention_the_bot_get_no_answer()
    {
        var conversation = Teams("channel", "19:quiet@thread.tacv2");
        Assert.Empty(await conversation.SendAsync(Message(conversation, Fixture.CitedQuestion())));
        Assert.Empty(await conversation.SendAsync(Message(conversation, "<at>Alice</at> what do you think?", ("29:alice", "Alice"))));
        Assert.Single(await conversation.SendAsync(Message(conversation, "<at>CmlBot</at> help", (BotId, "CmlBot"))));
    }

    [Fact]
    public async Task A_card_submit_in_a_channel_is_handled_without_a_mention()
    {
        var conversation = Teams("channel", "19:submit@thread.tacv2");
        await conversation.SendAsync(Message(conversation, "<at>CmlBot</at> " + Fixture.CitedQuestion(), (BotId, "CmlBot")));
        var submit = new Activity(ActivityTypes.Message) { Value = new JObject { ["feedback"] = "yes" }, ChannelData = ChannelData("channel") };
        var reply = Assert.Single(await conversation.SendAsync(submit));
        Assert.Contains("Thank you for the feedback", reply.Text);
        Assert.Equal(1, (await Harness.Feedback.CountsAsync(CancellationToken.None)).Helpful);
    }

    // ---- welcome rules and state per conversation ----

    [Fact]
    public async Task Personal_scope_welcomes_once_on_install_whether_installationUpdate_or_membersAdded()
    {
        var conversation = Teams("personal", "a:personal-install");
        var first = Assert.Single(await conversation.SendAsync(Installed(conversation)));
        Assert.True(IsWelcome(first));
        Assert.DoesNotContain("@CmlBot", first.Text, StringComparison.Ordinal); // one-to-one: no mention needed
        Assert.Empty(await conversation.SendAsync(MembersAdded(conversation, Bot)));
        Assert.DoesNotContain(await conversation.SendAsync(Message(conversation, "help")), IsWelcome);
    }

    [Fact]
    public async Task Personal_scope_welcomes_on_the_bot_being_added_and_answers_without_a_mention()
    {
        var conversation = Teams("personal", "a:personal-added");
        Assert.True(IsWelcome(Assert.Single(await conversation.SendAsync(MembersAdded(conversation, Bot)))));
        var reply = Assert.Single(await conversation.SendAsync(Message(conversation, Fixture.CitedQuestion())));
        Assert.NotEmpty(Cited(reply));
    }

    [Theory]
    [InlineData("groupChat")]
    [InlineData("channel")]
    public async Task A_group_is_welcomed_once_on_install_and_members_who_join_later_are_not(string conversationType)
    {
        var conversation = Teams(conversationType, $"19:{conversationType}-welcome@thread.v2");
        var welcome = Assert.Single(await conversation.SendAsync(MembersAdded(conversation, Bot)));
        Assert.True(IsWelcome(welcome));
        Assert.Contains("start a message with **@CmlBot**", welcome.Text, StringComparison.Ordinal);
        Assert.Empty(await conversation.SendAsync(Installed(conversation)));
        Assert.Empty(await conversation.SendAsync(MembersAdded(conversation, new ChannelAccount("29:newcomer", "New Member"))));
        Assert.Empty(await conversation.SendAsync(MembersAdded(conversation, new ChannelAccount("29:second", "Second"), new ChannelAccount("29:third", "Third"))));

        // A member's first message gets its answer, not a welcome of its own.
        var newcomer = Teams(conversationType, $"19:{conversationType}-welcome@thread.v2", "29:newcomer");
        var replies = await newcomer.SendAsync(Message(newcomer, "<at>CmlBot</at> help", (BotId, "CmlBot")));
        Assert.DoesNotContain(replies, IsWelcome);
        Assert.Contains("How to use CmlBot", Assert.Single(replies).Text);
    }

    [Fact]
    public async Task Start_over_in_a_group_does_not_bring_the_welcome_back()
    {
        var conversation = Teams("groupChat", "19:restart@thread.v2");
        await conversation.SendAsync(MembersAdded(conversation, Bot));
        await conversation.SendAsync(Message(conversation, "<at>CmlBot</at> start over", (BotId, "CmlBot")));
        Assert.Empty(await conversation.SendAsync(Installed(conversation)));
    }

    [Fact]
    public async Task State_is_kept_per_conversation()
    {
        var question = Fixture.CitedQuestion();
        var channel = Teams("channel", "19:state-a@thread.tacv2;messageid=1");
        var chat = Teams("groupChat", "19:state-b@thread.v2");
        var personal = Teams("personal", "a:state-c");
        await channel.SendAsync(Message(channel, "<at>CmlBot</at> " + question, (BotId, "CmlBot")));

        Assert.Contains("no answer yet", Assert.Single(await chat.SendAsync(Message(chat, "<at>CmlBot</at> which study?", (BotId, "CmlBot")))).Text);
        Assert.Contains("no answer yet", (await personal.SendAsync(Message(personal, "which study?")))[^1].Text);
        var sources = Assert.Single(await channel.SendAsync(Message(channel, "<at>CmlBot</at> which study?", (BotId, "CmlBot"))));
        Assert.Equal(Fixture.Core.Ask(question).References.Select(r => r.Number), Cited(sources));
    }

    // ---- citations ----

    [GeneratedRegex(@"\[(\d+)\]")]
    private static partial Regex MarkerRx();

    /// <summary>Teams' citation shape, checked field by field, for any reply.</summary>
    internal static void AssertCitationEntity(IMessageActivity reply, int maxClaims = 20)
    {
        var entity = Assert.Single(Citations.Entities(reply));
        Assert.Equal("https://schema.org/Message", entity.Type);
        var p = entity.Properties;
        Assert.Equal("Message", (string?)p["@type"]);
        Assert.Equal("https://schema.org", (string?)p["@context"]);
        Assert.Equal("", (string?)p["@id"]);
        Assert.Null(p["additionalType"]); // quotations: no "AI generated" label
        Assert.IsType<JArray>(p["citation"]);
        var claims = Citations.Claims(entity);
        Assert.InRange(claims.Count, 0, Math.Min(20, maxClaims));
        var markers = MarkerRx().Matches(reply.Text ?? CardText(reply)).Select(m => int.Parse(m.Groups[1].Value, System.Globalization.CultureInfo.InvariantCulture)).ToHashSet();
        foreach (var claim in claims)
        {
            Assert.Equal("Claim", (string?)claim["@type"]);
            var position = (int)claim["position"]!;
            Assert.Contains(position, markers); // the "[n]" the claim belongs to is in the text
            var appearance = claim["appearance"]!;
            Assert.Equal("DigitalDocument", (string?)appearance["@type"]);
            Assert.InRange(((string?)appearance["name"])!.Length, 1, 80);
            Assert.InRange(((string?)appearance["abstract"])!.Length, 1, 160);
            var url = (string?)appearance["url"];
            Assert.True(url!.StartsWith(Citations.PubMedSearch, StringComparison.Ordinal) || url.StartsWith("https://www.cancer.gov/", StringComparison.Ordinal), url);
            Assert.True(Uri.TryCreate(url, UriKind.Absolute, out var parsed) && parsed.Scheme == Uri.UriSchemeHttps, url);
        }
        Assert.Equal(claims.Select(c => (int)c["position"]!).Distinct().Count(), claims.Count);
    }

    private static string CardText(IMessageActivity reply) =>
        string.Join("\n", reply.Attachments?.Select(a => JObject.FromObject(a.Content).ToString()) ?? []);

    [Fact]
    public async Task Every_cited_answer_carries_one_Message_entity_of_Teams_shape()
    {
        var conversation = Teams("personal", "a:citations");
        await conversation.SendAsync(MembersAdded(conversation, Bot));
        foreach (var question in CoreFixture.Candidates)
        {
            var expected = Fixture.Core.Ask(question);
            var reply = Assert.Single(await conversation.SendAsync(Message(conversation, question)));
            Assert.InRange(Citations.Entities(reply).Count, 0, 1);
            if (!expected.Answered || expected.IsAmbiguous) continue;
            AssertCitationEntity(reply);
            Assert.Equal(expected.References.Select(r => r.Number), Cited(reply));
            var lists = await conversation.SendAsync(Message(conversation, "which study?"));
            if (expected.References.Count == 0) continue;
            foreach (var list in lists) AssertCitationEntity(list);
            Assert.Equal(expected.References.Select(r => r.Number), lists.SelectMany(Cited));
        }
        AssertCitationEntity(Assert.Single(await conversation.SendAsync(Message(conversation, "show reference 12"))));
    }

    [Fact]
    public void A_claim_names_the_short_reference_abstracts_the_title_and_links_to_PubMed()
    {
        var reference = Fixture.Core.References([2]).Single();
        var reply = MessageFactory.Text("[2] " + reference.Text);
        Citations.Attach(reply, [reference], null, "https://www.cancer.gov/types/leukemia/hp/cml-treatment-pdq");
        Citations.Attach(reply, [reference], null, "https://www.cancer.gov/types/leukemia/hp/cml-treatment-pdq"); // still one entity
        AssertCitationEntity(reply);
        var appearance = Citations.Claims(Citations.Entities(reply)[0])[0]["appearance"]!;
        Assert.Equal(Citations.Shorten(reference.ShortName, 80), (string?)appearance["name"]);
        Assert.StartsWith(Citations.Shorten(reference.Title!, 160).TrimEnd('…'), (string?)appearance["abstract"], StringComparison.Ordinal);
        Assert.Equal(Citations.PubMedSearch + Uri.EscapeDataString(reference.Title!.TrimEnd('.')), (string?)appearance["url"]);

        var untitled = reference with { Title = null };
        Assert.Equal("https://www.cancer.gov/x", Citations.Url(untitled, "https://www.cancer.gov/x"));
    }

    [Fact]
    public void Replies_citing_the_same_references_get_equal_claims_of_their_own()
    {
        // Claims are written once per reference and each reply gets tokens of its own: a reply must never share (or change) another's.
        var factory = new ReplyFactory(new BotOptions());
        var answer = Fixture.Core.Ask(ManyReferencesQuestion(5));
        var first = factory.Answer(answer, new Replies.AnswerView([], false, 0));
        var second = factory.Answer(answer, new Replies.AnswerView([], false, 0));
        var claims = (JArray)Citations.Entities(first)[0].Properties["citation"]!;
        var again = (JArray)Citations.Entities(second)[0].Properties["citation"]!;
        Assert.True(JToken.DeepEquals(claims, again));
        Assert.All(claims, c => Assert.DoesNotContain(again, other => ReferenceEquals(c, other)));
        Assert.Equal(answer.References.Take(claims.Count).Select(r => r.Number), Citations.Claims(Citations.Entities(first)[0]).Select(c => (int)c["position"]!));

        var changed = Citations.ClaimObject(claims[0]);
        changed["appearance"]!["name"] = "changed";
        claims[0] = changed;
        var third = factory.Answer(answer, new Replies.AnswerView([], false, 0));
        Assert.NotEqual("changed", (string?)Citations.Claims(Citations.Entities(second)[0])[0]["appearance"]!["name"]);
        Assert.NotEqual("changed", (string?)Citations.Claims(Citations.Entities(third)[0])[0]["appearance"]!["name"]);
        var fresh = Citations.Claim(answer.References[0], new BotOptions().SummaryUrl);
        Assert.True(JToken.DeepEquals(fresh, Citations.Claims(Citations.Entities(third)[0])[0]));
    }

    [Fact]
    public void A_reply_with_claims_as_JSON_is_written_exactly_as_with_claims_as_objects()
    {
        // The wire format does not depend on the form a claim is held in.
        var factory = new ReplyFactory(new BotOptions());
        var answer = Fixture.Core.Ask(ManyReferencesQuestion(5));
        var reply = factory.Answer(answer, new Replies.AnswerView([], false, 0));
        var entity = Citations.Entities(reply)[0];
        Assert.All((JArray)entity.Properties["citation"]!, c => Assert.IsType<JRaw>(c));
        var asJson = Newtonsoft.Json.JsonConvert.SerializeObject(reply);

        var asObjects = (JArray)entity.Properties["citation"]!;
        for (var i = 0; i < asObjects.Count; i++) asObjects[i] = Citations.ClaimObject(asObjects[i]);
        Assert.All(asObjects, c => Assert.IsType<JObject>(c));
        Assert.Equal(Newtonsoft.Json.JsonConvert.SerializeObject(reply), asJson);
        Assert.Equal(answer.References.Take(asObjects.Count).Select(r => r.Number), Cited(reply));
    }

    [Fact]
    public void More_than_twenty_citations_never_go_into_one_message()
    {
        var reference = Fixture.Core.References([2]).Single();
        var many = Enumerable.Range(1, 21).Select(n => reference with { Number = n }).ToList();
        Assert.Throws<ArgumentException>(() => Citations.Attach(MessageFactory.Text("x"), many, null));
    }

    [Theory]
    [InlineData("Short", 80, "Short")]
    [InlineData("one two three four five six", 12, "one two…")]
    public void Shorten_cuts_at_a_word_with_an_ellipsis(string text, int max, string expected)
    {
        Assert.Equal(expected, Citations.Shorten(text, max));
        Assert.True(Citations.Shorten(text, max).Length <= max);
    }

    [Fact]
    public async Task Reference_markers_are_never_adjacent_so_Web_Chat_reads_each_one()
    {
        var conversation = Teams("personal", "a:markers");
        await conversation.SendAsync(MembersAdded(conversation, Bot));
        foreach (var question in CoreFixture.Candidates.Append("which study?"))
            foreach (var reply in await conversation.SendAsync(Message(conversation, question)))
            {
                Assert.DoesNotMatch(@"\]\[", reply.Text ?? "");
                Assert.DoesNotMatch(@"(?m)^\[\d+\]:", reply.Text ?? ""); // no Markdown link definitions
            }
    }

    // ---- size limits and "show all references" ----

    private BotHarness Configured(params (string Key, string Value)[] settings)
    {
        var configuration = new ConfigurationBuilder()
            .AddConfiguration(Fixture.Configuration)
            .AddInMemoryCollection(settings.Select(s => new KeyValuePair<string, string?>(s.Key, s.Value)))
            .Build();
        return new BotHarness(configuration, Fixture.Core);
    }

    private string ManyReferencesQuestion(int atLeast) =>
        CoreFixture.Candidates.First(q => Fixture.Core.Ask(q) is { Answered: true, IsAmbiguous: false } a && a.References.Count >= atLeast && a.Quoted!.Kind != Core.Retrieval.PassageKind.Reference);

    [Fact]
    public async Task A_long_reference_list_is_cut_and_show_all_references_brings_the_rest()
    {
        using var harness = Configured(("Teams:MaxReferencesPerMessage", "3"));
        var question = ManyReferencesQuestion(5);
        var expected = Fixture.Core.Ask(question).References.Select(r => r.Number).ToList();
        var conversation = Teams("personal", "a:cut", harness: harness);
        await conversation.SendAsync(MembersAdded(conversation, Bot));

        var answer = Assert.Single(await conversation.SendAsync(Message(conversation, question)));
        Assert.Equal(expected.Take(3), Cited(answer));
        Assert.Contains($"This passage cites {expected.Count} references; 3 are listed here", answer.Text);
        Assert.Contains(ReplyFactory.ShowAllReferences, Actions(answer));
        AssertCitationEntity(answer, 3);

        var lists = await conversation.SendAsync(Message(conversation, ReplyFactory.ShowAllReferences));
        Assert.Equal((expected.Count + 2) / 3, lists.Count);
        Assert.Equal(expected, lists.SelectMany(Cited));
        Assert.All(lists, l => AssertCitationEntity(l, 3));
        Assert.Contains("continued", lists[^1].Text);
    }

    [Fact]
    public async Task Every_message_stays_under_the_configured_size_limit()
    {
        var question = ManyReferencesQuestion(5);
        var full = Fixture.Core.Ask(question);
        // A limit the full answer does not fit in: the answer drops references (never words of the quote).
        var uncut = new ReplyFactory(new BotOptions()).Answer(full, new Replies.AnswerView([], false, 0));
        var limit = MessageSize.Utf16Bytes(uncut) - 400;
        using var harness = Configured(("Teams:MaxMessageBytes", limit.ToString(System.Globalization.CultureInfo.InvariantCulture)));
        var conversation = Teams("personal", "a:size", harness: harness);
        var replies = new List<IMessageActivity>();
        replies.AddRange(await conversation.SendAsync(MembersAdded(conversation, Bot)));
        var answer = (await conversation.SendAsync(Message(conversation, question)))[^1];
        replies.Add(answer);
        replies.AddRange(await conversation.SendAsync(Message(conversation, "show all references")));

        Assert.All(replies, r => Assert.True(MessageSize.Utf16Bytes(r) < limit, $"{MessageSize.Utf16Bytes(r)} ≥ {limit}"));
        Assert.Contains("> " + full.Quoted!.Text, answer.Text);
        Assert.True(Cited(answer).Count < full.References.Count);
        Assert.Equal(full.References.Select(r => r.Number), replies.Skip(2).SelectMany(Cited));
    }

    [Fact]
    public void The_size_bound_is_never_below_the_exact_size_and_near_enough_to_spare_the_count()
    {
        var plain = new ReplyFactory(new BotOptions());
        var cards = new ReplyFactory(new BotOptions(), new TeamsOptions { AnswerCards = true });
        var replies = new List<IMessageActivity>();
        foreach (var passage in Fixture.Core.Passages.Take(40))
        {
            var answer = Fixture.Core.Ask(passage.Text);
            if (!answer.Answered) continue;
            replies.Add(plain.Answer(answer, new Replies.AnswerView(["a note with \"quotes\""], true, 2, (2, 3))));
            replies.Add(cards.Answer(answer, new Replies.AnswerView([], false, 0)));
        }
        replies.AddRange(plain.ReferenceLists(Fixture.Core.References(Enumerable.Range(1, 17))));
        replies.Add(plain.NoAnswer(Fixture.Core.Ask("what does it cost?"), []));
        replies.Add(MessageFactory.Text("\"quoted\" \\ \n\t\u0001 \u00e9 😀 <b>&amp;</b> \u2028 ≥"));
        Assert.True(replies.Count > 20);

        var bound = new MessageSizeBound();
        foreach (var reply in replies)
        {
            var exact = MessageSize.Utf16Bytes(reply);
            var estimate = bound.Characters(reply, 0) * 2;
            Assert.True(estimate >= exact, $"bound {estimate} below the exact {exact}");
            Assert.True(estimate <= exact * 2 + 2000, $"bound {estimate} far above the exact {exact}");
            // Whatever the bound, the answer is the exact one.
            foreach (var limit in new long[] { 10, exact - 1, exact, exact + 1, estimate, estimate + 1 })
                Assert.Equal(exact < limit, bound.FitsUnder(reply, (int)limit));
        }
    }

    [Fact]
    public void A_replys_size_is_its_whole_serialised_payload_in_UTF_16()
    {
        // Counted as it is written, it must equal the length of the JSON itself, escapes and non-ASCII text included.
        var answer = new ReplyFactory(new BotOptions()).Answer(Fixture.Core.Ask(ManyReferencesQuestion(5)), new Replies.AnswerView([], false, 0));
        answer.Text += " \u00e9 \"quoted\" é ≥ 😀\n";
        var json = Newtonsoft.Json.JsonConvert.SerializeObject(answer, new Newtonsoft.Json.JsonSerializerSettings { NullValueHandling = Newtonsoft.Json.NullValueHandling.Ignore });
        Assert.Equal(json.Length * 2, MessageSize.Utf16Bytes(answer));
        Assert.True(json.Length > 1000);
    }

    [Fact]
    public async Task With_the_defaults_no_reply_comes_near_Teams_limit()
    {
        var conversation = Teams("personal", "a:defaults");
        var replies = new List<IMessageActivity>();
        replies.AddRange(await conversation.SendAsync(MembersAdded(conversation, Bot)));
        foreach (var question in CoreFixture.Candidates)
        {
            replies.AddRange(await conversation.SendAsync(Message(conversation, question)));
            replies.AddRange(await conversation.SendAsync(Message(conversation, "which study?")));
            replies.AddRange(await conversation.SendAsync(Message(conversation, "tell me more")));
        }
        Assert.All(replies, r => Assert.True(MessageSize.Utf16Bytes(r) < new TeamsOptions().MaxMessageBytes));
        Assert.All(replies, r => Assert.True(MessageSize.Utf16Bytes(r) < 100 * 1024));
    }

    // ---- Adaptive Card answers ----

    internal static void AssertAnswerCard(IMessageActivity reply, Core.Answers.Answer expected)
    {
        var attachment = Assert.Single(reply.Attachments);
        Assert.Equal("application/vnd.microsoft.card.adaptive", attachment.ContentType);
        var card = JObject.FromObject(attachment.Content);
        Assert.Equal("AdaptiveCard", (string?)card["type"]);
        Assert.True(Version.Parse((string)card["version"]!) <= new Version(1, 5));
        var texts = card.Descendants().OfType<JObject>().Where(o => (string?)o["type"] == "TextBlock").Select(o => (string)o["text"]!).ToList();
        Assert.Contains(expected.Quoted!.Text, texts); // verbatim
        foreach (var r in expected.References) Assert.Contains($"[{r.Number}] {r.Text}", texts);
        var actions = Assert.IsType<JArray>(card["actions"]);
        Assert.Equal(["Action.Submit", "Action.Submit"], actions.Select(a => (string)a["type"]!));
        Assert.Equal([ReplyFactory.Helpful, ReplyFactory.NotHelpful], actions.Select(a => (string)a["title"]!));
        Assert.Equal(["yes", "no"], actions.Select(a => (string)a["data"]!["feedback"]!));
    }

    [Fact]
    public async Task Configured_card_answers_hold_the_passage_the_references_and_feedback_submits()
    {
        using var harness = Configured(("Teams:AnswerCards", "true"), ("Teams:CardVersion", "1.6"));
        var question = Fixture.CitedQuestion();
        var expected = Fixture.Core.Ask(question);
        var conversation = Teams("personal", "a:card", harness: harness);
        await conversation.SendAsync(MembersAdded(conversation, Bot));

        var answer = Assert.Single(await conversation.SendAsync(Message(conversation, question)));
        AssertAnswerCard(answer, expected);
        Assert.Equal("1.5", (string?)JObject.FromObject(answer.Attachments[0].Content)["version"]); // 1.6 asked for, 1.5 written
        AssertCitationEntity(answer);
        Assert.Equal(expected.References.Select(r => r.Number), Cited(answer));
        Assert.DoesNotContain(ReplyFactory.Yes, Actions(answer)); // the card's buttons replace them

        // "Not helpful" on the card counts like typing "no".
        var data = (JObject)JObject.FromObject(answer.Attachments[0].Content)["actions"]![1]!["data"]!;
        var thanks = Assert.Single(await conversation.SendAsync(new Activity(ActivityTypes.Message) { Value = data }));
        Assert.Contains("Thank you for the feedback", thanks.Text);
        var counts = await harness.Feedback.CountsAsync(CancellationToken.None);
        Assert.Equal((1, 0, 1), (counts.Total, counts.Helpful, counts.NotHelpful));
    }
}
