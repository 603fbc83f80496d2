using CmlBot.Bot.State;
using CmlBot.Storage;
using Microsoft.Bot.Builder;
using Microsoft.Bot.Builder.Adapters;
using Microsoft.Bot.Schema;
using Newtonsoft.Json.Linq;

namespace CmlBot.Bot.Tests.State;

public sealed class ExpiringMemoryStorageTests
{
    private sealed class Clock : TimeProvider
    {
        public DateTimeOffset Now { get; set; } = new(2026, 11, 25, 9, 0, 0, TimeSpan.Zero);
        public override DateTimeOffset GetUtcNow() => Now;
    }

    private sealed class Note : IStoreItem
    {
        public string? Text { get; set; }
        public string? ETag { get; set; }
    }

    private static (ExpiringMemoryStorage Storage, Clock Clock) Create(int idleMinutes = 60)
    {
        var clock = new Clock();
        return (new ExpiringMemoryStorage(new MemoryStorageOptions { IdleExpiryMinutes = idleMinutes }, clock), clock);
    }

    [Fact]
    public async Task Items_read_back_as_MemoryStorage_reads_them_typed_and_with_an_ETag()
    {
        var (storage, _) = Create();
        var reference = new MemoryStorage();
        var state = new Dictionary<string, object> { ["ConversationData"] = new ConversationData { LastQuestion = "q", FollowUpIds = ["a", "b"], NextFollowUp = 1 } };
        foreach (var s in new IStorage[] { storage, reference })
            await s.WriteAsync(new Dictionary<string, object> { ["note"] = new Note { Text = "hello" }, ["state"] = state }, default);

        var ours = await storage.ReadAsync(["note", "state", "missing"]);
        var theirs = await reference.ReadAsync(["note", "state", "missing"], default);
        Assert.Equal(theirs.Keys.Order(), ours.Keys.Order());
        var note = Assert.IsType<Note>(ours["note"]);
        Assert.Equal("hello", note.Text);
        Assert.False(string.IsNullOrEmpty(note.ETag));
        Assert.Equal(theirs["state"].GetType(), ours["state"].GetType());
        var data = Assert.IsType<ConversationData>(((IDictionary<string, object>)ours["state"])["ConversationData"]);
        Assert.Equal(["a", "b"], data.FollowUpIds);
        Assert.Equal(JObject.FromObject(theirs["state"]).ToString(), JObject.FromObject(ours["state"]).ToString());

        await storage.DeleteAsync(["note"]);
        Assert.Empty(await storage.ReadAsync(["note"]));
    }

    [Fact]
    public async Task Items_with_the_same_small_JSON_share_one_array_and_each_reads_and_changes_as_its_own()
    {
        var (storage, _) = Create();
        UserProfile Profile(bool welcomed) => new() { Welcomed = welcomed };
        for (var i = 0; i < 3; i++)
            await storage.WriteAsync(new Dictionary<string, object> { [$"users/u{i}"] = new Dictionary<string, object> { ["UserProfile"] = Profile(true) } }, default);
        await storage.WriteAsync(new Dictionary<string, object> { ["conversations/c"] = new Dictionary<string, object> { ["ConversationData"] = new ConversationData { LastQuestion = new string('q', 200) } } }, default);

        Assert.Same(storage.StoredJson("users/u0"), storage.StoredJson("users/u1"));
        Assert.Same(storage.StoredJson("users/u0"), storage.StoredJson("users/u2"));
        Assert.InRange(storage.StoredJson("users/u0")!.Length, 1, ExpiringMemoryStorage.MaxSharedLength);
        Assert.True(storage.StoredJson("conversations/c")!.Length > ExpiringMemoryStorage.MaxSharedLength);

        // One user's change is that user's alone.
        await storage.WriteAsync(new Dictionary<string, object> { ["users/u1"] = new Dictionary<string, object> { ["UserProfile"] = Profile(false) } }, default);
        UserProfile Read(IDictionary<string, object> items, string key) => Assert.IsType<UserProfile>(((IDictionary<string, object>)items[key])["UserProfile"]);
        var read = await storage.ReadAsync(["users/u0", "users/u1", "users/u2"]);
        Assert.True(Read(read, "users/u0").Welcomed);
        Assert.False(Read(read, "users/u1").Welcomed);
        Assert.True(Read(read, "users/u2").Welcomed);
        Assert.NotSame(storage.StoredJson("users/u0"), storage.StoredJson("users/u1"));
    }

    [Fact]
    public void Every_conversations_state_types_are_stored_by_short_names_and_other_types_by_full_names()
    {
        // Kept for every conversation, so short; a type outside the list (a Note here) keeps its full name and reads back.
        var names = new ExpiringMemoryStorage.StateTypeNames();
        foreach (var type in new[] { typeof(Dictionary<string, object>), typeof(ConversationData), typeof(UserProfile), typeof(Note) })
        {
            names.BindToName(type, out var assembly, out var name);
            Assert.Equal(type, names.BindToType(assembly, name!));
            if (type == typeof(Note)) Assert.True(assembly!.StartsWith(typeof(Note).Assembly.GetName().Name!, StringComparison.Ordinal) && name == typeof(Note).FullName);
            else Assert.True(assembly is null && name!.Length == 1, $"{type}: {name}");
        }
    }

    [Fact]
    public void Every_stored_property_of_the_state_types_has_its_own_short_name()
    {
        // A property added to ConversationData without a short name would still be stored, under its full name;
        // this keeps the list complete and the names distinct.
        foreach (var (type, names) in ExpiringMemoryStorage.StatePropertyNames.Names)
        {
            // What Newtonsoft.Json writes of the type (private stored forms included), by member name.
            var contract = (Newtonsoft.Json.Serialization.JsonObjectContract)new Newtonsoft.Json.Serialization.DefaultContractResolver().ResolveContract(type);
            var stored = contract.Properties.Where(p => !p.Ignored && p.UnderlyingName != "EqualityContract").Select(p => p.UnderlyingName!);
            Assert.Equal(stored.Order(), names.Keys.Order());
            Assert.Equal(names.Count, names.Values.Distinct().Count());
        }
    }

    [Fact]
    public async Task A_conversations_state_round_trips_through_the_short_property_names()
    {
        var (storage, _) = Create();
        var data = new ConversationData
        {
            LastQuestion = "Is Tasigna an alternative?", Topic = "Tasigna", FollowUpIds = ["d:p1.s2", "d:ref3"], NextFollowUp = 1,
            LastReferences = [3, 10], LastDocumentId = "d", LastSection = "References", LastPassageId = "d:ref3",
            AwaitingFeedback = true, AnswerId = "abc", Alternatives = [new PendingChoice("d:p2.s1", "Imatinib…")], Welcomed = true,
        };
        await storage.WriteAsync(new Dictionary<string, object> { ["c"] = new Dictionary<string, object> { ["ConversationData"] = data } });
        var read = Assert.IsType<ConversationData>(Assert.IsType<Dictionary<string, object>>((await storage.ReadAsync(["c"]))["c"])["ConversationData"]);
        Assert.Equal(JObject.FromObject(data).ToString(), JObject.FromObject(read).ToString());
    }

    [Fact]
    public async Task A_users_state_round_trips_through_the_short_names()
    {
        var (storage, _) = Create();
        var state = new Dictionary<string, object> { ["UserProfile"] = new UserProfile { Welcomed = true }, ["other"] = new Note { Text = "x" } };
        await storage.WriteAsync(new Dictionary<string, object> { ["user"] = state });
        var read = Assert.IsType<Dictionary<string, object>>((await storage.ReadAsync(["user"]))["user"]);
        Assert.True(Assert.IsType<UserProfile>(read["UserProfile"]).Welcomed);
        Assert.Equal("x", Assert.IsType<Note>(read["other"]).Text);
    }

    [Fact]
    public async Task A_stale_ETag_is_a_conflict_and_the_wildcard_or_the_current_one_is_not()
    {
        var (storage, _) = Create();
        await storage.WriteAsync(new Dictionary<string, object> { ["a"] = new Note { Text = "first" } });
        var eTag = ((Note)(await storage.ReadAsync(["a"]))["a"]).ETag;

        await storage.WriteAsync(new Dictionary<string, object> { ["a"] = new Note { Text = "second", ETag = eTag } });
        var conflict = await Assert.ThrowsAsync<StateConflictException>(() =>
            storage.WriteAsync(new Dictionary<string, object> { ["a"] = new Note { Text = "stale", ETag = eTag } }));
        Assert.StartsWith("Etag conflict.", conflict.Message, StringComparison.Ordinal);
        Assert.Equal("second", ((Note)(await storage.ReadAsync(["a"]))["a"]).Text);

        await storage.WriteAsync(new Dictionary<string, object> { ["a"] = new Note { Text = "forced", ETag = "*" } });
        Assert.Equal("forced", ((Note)(await storage.ReadAsync(["a"]))["a"]).Text);
    }

    [Fact]
    public async Task Items_idle_past_the_expiry_are_forgotten_and_reading_keeps_an_item_alive()
    {
        var (storage, clock) = Create(idleMinutes: 30);
        await storage.WriteAsync(new Dictionary<string, object> { ["kept"] = new Note { Text = "k" }, ["idle"] = new Note { Text = "i" } });

        clock.Now += TimeSpan.FromMinutes(20);
        Assert.Single(await storage.ReadAsync(["kept"]));
        clock.Now += TimeSpan.FromMinutes(20); // "idle" untouched for 40 minutes, "kept" read 20 minutes ago

        Assert.Single(await storage.ReadAsync(["kept"]));
        Assert.Empty(await storage.ReadAsync(["idle"]));

        // Sweeps happen on writes, so memory is returned even for keys nobody asks for again.
        await storage.WriteAsync(new Dictionary<string, object> { ["other"] = new Note() });
        clock.Now += TimeSpan.FromMinutes(31);
        await storage.WriteAsync(new Dictionary<string, object> { ["fresh"] = new Note() });
        Assert.Equal(1, storage.Count);
    }

    [Fact]
    public async Task Conversation_state_survives_between_turns_through_the_bot_state_layer()
    {
        var (storage, _) = Create();
        var state = new ConversationState(storage);
        var accessor = state.CreateProperty<ConversationData>(nameof(ConversationData));
        var adapter = new TestAdapter();

        async Task<ConversationData> TurnAsync(Action<ConversationData> change)
        {
            var context = new TurnContext(adapter, new Activity(ActivityTypes.Message)
            {
                ChannelId = "test", Conversation = new ConversationAccount(id: "c1"), From = new ChannelAccount("u1"), Text = "x",
            });
            var data = await accessor.GetAsync(context, () => new ConversationData());
            change(data);
            await state.SaveChangesAsync(context);
            return data;
        }

        await TurnAsync(d => { d.LastQuestion = "What is imatinib?"; d.LastReferences = [3, 4]; });
        var second = await TurnAsync(_ => { });
        Assert.Equal("What is imatinib?", second.LastQuestion);
        Assert.Equal([3, 4], second.LastReferences);
    }
}
