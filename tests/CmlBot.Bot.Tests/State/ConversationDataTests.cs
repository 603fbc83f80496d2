using CmlBot.Bot.State;
using CmlBot.Storage;
using Newtonsoft.Json;
using Newtonsoft.Json.Linq;

namespace CmlBot.Bot.Tests.State;

/// <summary>
/// The conversation's state leaves out of its JSON what holds nothing and the topic while it is the last question;
/// every serializer a store uses must read back what was written, and JSON written before that (every property
/// present) must read back the same.
/// </summary>
public sealed class ConversationDataTests
{
    // Bot Builder's hash (JsonConvert's defaults), the Redis store's settings (as MemoryStorage's), and the in-process store.
    public static TheoryData<string> Serializers => ["default", "typed"];

    private static JsonSerializerSettings Settings(string kind) => kind == "typed"
        ? new JsonSerializerSettings { TypeNameHandling = TypeNameHandling.All }
        : new JsonSerializerSettings();

    private static ConversationData RoundTrip(ConversationData data, string kind)
    {
        var settings = Settings(kind);
        return JsonConvert.DeserializeObject<ConversationData>(JsonConvert.SerializeObject(data, settings), settings)!;
    }

    /// <summary>Every property, as the state's public shape gives it (the comparison the tests make).</summary>
    private static string Shape(ConversationData data) => JsonConvert.SerializeObject(new
    {
        data.LastQuestion, data.Topic, data.FollowUpIds, data.NextFollowUp, data.LastReferences, data.LastDocumentId, data.LastSection,
        data.LastPassageId, data.AwaitingFeedback, data.AnswerId, data.Alternatives, data.Welcomed,
    });

    private static ConversationData Answered(string? question, string? topic) => new()
    {
        LastQuestion = question, Topic = topic, FollowUpIds = ["d:p1.s2", "d:ref3"], NextFollowUp = 1, LastReferences = [3, 10],
        LastDocumentId = "d", LastSection = "Relapsing", LastPassageId = "d:p1.s1", AwaitingFeedback = true, AnswerId = "abc",
    };

    [Theory]
    [InlineData("default", "q", "q")]
    [InlineData("default", "q", "t")]
    [InlineData("default", "q", null)]
    [InlineData("default", null, "t")]
    [InlineData("default", null, null)]
    [InlineData("typed", "q", "q")]
    [InlineData("typed", "q", "t")]
    [InlineData("typed", "q", null)]
    [InlineData("typed", null, "t")]
    [InlineData("typed", null, null)]
    public void The_question_and_topic_read_back_whichever_is_set(string kind, string? question, string? topic)
    {
        var data = Answered(question, topic);
        var read = RoundTrip(data, kind);
        Assert.Equal(question, read.LastQuestion);
        Assert.Equal(topic, read.Topic);
        Assert.Equal(Shape(data), Shape(read));
    }

    [Fact]
    public void A_new_conversation_writes_nothing_and_reads_back_empty()
    {
        Assert.Equal("{}", JsonConvert.SerializeObject(new ConversationData()));
        var read = JsonConvert.DeserializeObject<ConversationData>("{}")!;
        Assert.Equal(Shape(new ConversationData()), Shape(read));
        Assert.Empty(read.FollowUpIds);
        Assert.Empty(read.Alternatives);
    }

    [Fact]
    public void The_topic_is_left_out_only_while_it_is_the_last_question()
    {
        Assert.DoesNotContain("Topic", JsonConvert.SerializeObject(Answered("q", "q")), StringComparison.Ordinal);
        Assert.Contains("\"Topic\":\"t\"", JsonConvert.SerializeObject(Answered("q", "t")), StringComparison.Ordinal);
        // Forgotten answer, kept topic; and a topic forgotten while a question is kept: both written.
        Assert.Contains("\"Topic\":\"t\"", JsonConvert.SerializeObject(Answered(null, "t")), StringComparison.Ordinal);
        Assert.Contains("\"Topic\":null", JsonConvert.SerializeObject(Answered("q", null)), StringComparison.Ordinal);
    }

    [Theory]
    [MemberData(nameof(Serializers))]
    public void Json_with_every_property_written_reads_back_the_same(string kind)
    {
        // As the state was written before empty values and a repeated topic were left out.
        const string old = """
            {"LastQuestion":"q","Topic":"q","FollowUpIds":["d:p1.s2"],"NextFollowUp":0,"LastReferences":[],"LastDocumentId":null,
             "LastSection":null,"LastPassageId":null,"AwaitingFeedback":false,"AnswerId":null,"Alternatives":[],"Welcomed":false}
            """;
        var read = JsonConvert.DeserializeObject<ConversationData>(old, Settings(kind))!;
        Assert.Equal(Shape(new ConversationData { LastQuestion = "q", Topic = "q", FollowUpIds = ["d:p1.s2"] }), Shape(read));

        const string oldNoTopic = """{"LastQuestion":"q","Topic":null,"FollowUpIds":[],"LastReferences":[],"Alternatives":[]}""";
        Assert.Null(JsonConvert.DeserializeObject<ConversationData>(oldNoTopic, Settings(kind))!.Topic);
    }

    [Theory]
    [MemberData(nameof(Serializers))]
    public void Follow_up_ids_are_stored_without_their_documents_prefix_and_read_back_whole(string kind)
    {
        var data = Answered("q", "q");
        data.FollowUpIds = ["d:p1.s2", "d:ref3", "other:p4.s1", "d"];
        var json = JsonConvert.SerializeObject(data, Settings(kind));
        Assert.Contains("\":p1.s2\"", json, StringComparison.Ordinal);
        Assert.DoesNotContain("d:p1.s2", json, StringComparison.Ordinal);
        Assert.Contains("other:p4.s1", json, StringComparison.Ordinal); // another document's passage keeps its prefix
        Assert.Equal(data.FollowUpIds, RoundTrip(data, kind).FollowUpIds);

        // With no document (a "did you mean" keeps only candidates), ids are stored whole.
        var ambiguous = new ConversationData { LastQuestion = "q", FollowUpIds = ["d:p1.s2"] };
        Assert.Contains("d:p1.s2", JsonConvert.SerializeObject(ambiguous, Settings(kind)), StringComparison.Ordinal);
        Assert.Equal(ambiguous.FollowUpIds, RoundTrip(ambiguous, kind).FollowUpIds);

        // Whole ids, as written before, read back as they are.
        var old = JsonConvert.DeserializeObject<ConversationData>("""{"LastDocumentId":"d","FollowUpIds":["d:p1.s2","d:ref3"]}""", Settings(kind))!;
        Assert.Equal(["d:p1.s2", "d:ref3"], old.FollowUpIds);
    }

    [Theory]
    [InlineData("q", "q")]
    [InlineData("q", "t")]
    [InlineData(null, "t")]
    [InlineData("q", null)]
    public async Task The_in_process_store_reads_back_what_it_wrote(string? question, string? topic)
    {
        var storage = new ExpiringMemoryStorage(new MemoryStorageOptions(), TimeProvider.System);
        var data = Answered(question, topic);
        data.Alternatives = [new PendingChoice("d:p2.s1", "Imatinib…")];
        await storage.WriteAsync(new Dictionary<string, object> { ["c"] = new Dictionary<string, object> { ["ConversationData"] = data } });
        var read = Assert.IsType<ConversationData>(Assert.IsType<Dictionary<string, object>>((await storage.ReadAsync(["c"]))["c"])["ConversationData"]);
        Assert.Equal(Shape(data), Shape(read));
        Assert.Equal(JObject.FromObject(data).ToString(), JObject.FromObject(read).ToString());
    }
}
