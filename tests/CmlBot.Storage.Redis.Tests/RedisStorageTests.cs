using Microsoft.Bot.Builder;
using Microsoft.Bot.Builder.Adapters;
using Microsoft.Bot.Schema;
using Newtonsoft.Json;
using Newtonsoft.Json.Linq;

namespace CmlBot.Storage.Redis.Tests;

public sealed class Note : IStoreItem
{
    public string? ETag { get; set; }
    public string Text { get; set; } = "";
    public List<int> Numbers { get; set; } = [];
}

public sealed class Profile
{
    public string Name { get; set; } = "";
    public Dictionary<string, int> Counts { get; set; } = [];
}

/// <summary>RedisStorage behaves as Bot Builder's MemoryStorage, plus ETags on BotState's dictionaries, expiry and a shared store.</summary>
public sealed class RedisStorageTests(RedisFixture fixture) : IClassFixture<RedisFixture>
{
    [Fact]
    public async Task State_reads_back_as_the_types_that_were_written()
    {
        using var redis = fixture.Connect();
        var storage = new RedisStorage(redis);
        var profile = new Profile { Name = "2026-01-02T03:04:05Z", Counts = { ["a"] = 1 } };
        await storage.WriteAsync(new Dictionary<string, object>
        {
            ["dict"] = new Dictionary<string, object> { ["profile"] = profile, ["list"] = new List<string> { "x", "y" } },
            ["note"] = new Note { ETag = "*", Text = "hello", Numbers = [1, 2] },
        });

        var read = await storage.ReadAsync(["dict", "note", "missing"]);

        Assert.Equal(["dict", "note"], read.Keys.Order());
        var dict = Assert.IsType<Dictionary<string, object>>(read["dict"]);
        var back = Assert.IsType<Profile>(dict["profile"]);
        // A string that looks like a date stays the same string.
        Assert.Equal("2026-01-02T03:04:05Z", back.Name);
        Assert.Equal(1, back.Counts["a"]);
        Assert.Equal(["x", "y"], Assert.IsType<List<string>>(dict["list"]));
        Assert.False(string.IsNullOrEmpty(dict["eTag"] as string));
        var note = Assert.IsType<Note>(read["note"]);
        Assert.Equal("hello", note.Text);
        Assert.Equal([1, 2], note.Numbers);
        Assert.False(string.IsNullOrEmpty(note.ETag));
        Assert.NotEqual("*", note.ETag);
    }

    [Fact]
    public async Task A_stale_etag_throws_memory_storages_conflict_and_leaves_the_stored_item()
    {
        using var redis = fixture.Connect();
        var storage = new RedisStorage(redis);
        await storage.WriteAsync(new Dictionary<string, object> { ["k"] = new Note { Text = "first" } });
        var first = (Note)(await storage.ReadAsync(["k"]))["k"];
        var stale = first.ETag;

        first.Text = "second";
        await storage.WriteAsync(new Dictionary<string, object> { ["k"] = first });
        Assert.NotEqual(stale, first.ETag); // the caller's item carries the new ETag

        var conflict = await Assert.ThrowsAsync<StateConflictException>(() =>
            storage.WriteAsync(new Dictionary<string, object> { ["k"] = new Note { ETag = stale, Text = "lost update" } }));
        Assert.IsAssignableFrom<ArgumentException>(conflict);
        Assert.StartsWith("Etag conflict.", conflict.Message, StringComparison.Ordinal);
        Assert.True(StateConflictException.IsConflict(conflict));
        Assert.Equal("second", ((Note)(await storage.ReadAsync(["k"]))["k"]).Text);

        // The same for a JObject's and a dictionary's "eTag", which is how BotState carries it.
        await Assert.ThrowsAsync<StateConflictException>(() =>
            storage.WriteAsync(new Dictionary<string, object> { ["k"] = new JObject { ["eTag"] = stale, ["Text"] = "x" } }));
        await Assert.ThrowsAsync<StateConflictException>(() =>
            storage.WriteAsync(new Dictionary<string, object> { ["k"] = new Dictionary<string, object> { ["eTag"] = stale! } }));
    }

    [Theory]
    [InlineData("*")]
    [InlineData(null)]
    [InlineData("")]
    public async Task A_star_or_missing_etag_writes_unconditionally(string? etag)
    {
        using var redis = fixture.Connect();
        var storage = new RedisStorage(redis);
        await storage.WriteAsync(new Dictionary<string, object> { ["k"] = new Note { Text = "first" } });
        await storage.WriteAsync(new Dictionary<string, object> { ["k"] = new Note { Text = "again" } });

        await storage.WriteAsync(new Dictionary<string, object> { ["k"] = new Note { ETag = etag, Text = "forced" } });

        Assert.Equal("forced", ((Note)(await storage.ReadAsync(["k"]))["k"]).Text);
    }

    [Fact]
    public async Task State_without_an_etag_is_a_new_conversations_and_is_written_only_while_the_key_is_absent()
    {
        using var redis = fixture.Connect();
        var storage = new RedisStorage(redis);
        var first = new Dictionary<string, object> { ["profile"] = new Profile { Name = "first turn on A" } };
        await storage.WriteAsync(new Dictionary<string, object> { ["k"] = first });

        // Another instance's turn also read nothing, and saves second: it must not overwrite the first.
        var second = new Dictionary<string, object> { ["profile"] = new Profile { Name = "first turn on B" } };
        await Assert.ThrowsAsync<StateConflictException>(() => storage.WriteAsync(new Dictionary<string, object> { ["k"] = second }));
        await Assert.ThrowsAsync<StateConflictException>(() => storage.WriteAsync(new Dictionary<string, object> { ["k"] = new JObject { ["Text"] = "x" } }));

        var stored = (Dictionary<string, object>)(await storage.ReadAsync(["k"]))["k"];
        Assert.Equal("first turn on A", ((Profile)stored["profile"]).Name);
        // The first writer's own next save carries the ETag it was given, so it goes through.
        ((Profile)first["profile"]).Name = "A's next save";
        await storage.WriteAsync(new Dictionary<string, object> { ["k"] = first });
        // An explicit "*" still writes whatever is there.
        await storage.WriteAsync(new Dictionary<string, object> { ["k"] = new Dictionary<string, object> { ["eTag"] = "*", ["profile"] = new Profile { Name = "forced" } } });
        Assert.Equal("forced", ((Profile)((Dictionary<string, object>)(await storage.ReadAsync(["k"]))["k"])["profile"]).Name);
    }

    [Fact]
    public async Task Delete_and_a_null_value_both_leave_the_key_absent()
    {
        using var redis = fixture.Connect();
        var storage = new RedisStorage(redis);
        await storage.WriteAsync(new Dictionary<string, object> { ["a"] = new Note(), ["b"] = new Note(), ["c"] = new Note() });

        await storage.DeleteAsync(["a", "never-written"]);
        await storage.WriteAsync(new Dictionary<string, object> { ["b"] = null! });

        Assert.Equal(["c"], (await storage.ReadAsync(["a", "b", "c"])).Keys);
    }

    [Fact]
    public async Task Every_write_sets_the_state_expiry_under_the_namespaced_key()
    {
        using var redis = fixture.Connect(stateExpiryMinutes: 60);
        var storage = new RedisStorage(redis);
        await storage.WriteAsync(new Dictionary<string, object> { ["emulator/conversations/c1"] = new Note() });

        var ttl = await redis.Database.KeyTimeToLiveAsync($"{redis.Options.KeyPrefix}:state:emulator/conversations/c1");

        Assert.NotNull(ttl);
        Assert.InRange(ttl.Value, TimeSpan.FromMinutes(59), TimeSpan.FromMinutes(60));
    }

    [Fact]
    public async Task Types_from_outside_the_state_model_are_refused_on_read()
    {
        using var redis = fixture.Connect();
        var key = $"{redis.Options.KeyPrefix}:state:planted";
        await redis.Database.HashSetAsync(key, [new("e", "1"), new("v", """{"$type":"System.IO.FileInfo, System.IO.FileSystem","fileName":"/tmp/x"}""")]);

        await Assert.ThrowsAsync<JsonSerializationException>(() => new RedisStorage(redis).ReadAsync(["planted"]));
    }

    [Fact]
    public async Task Two_hosts_conversation_states_share_one_redis_and_the_second_of_two_overlapping_turns_conflicts()
    {
        var prefix = "t" + Guid.NewGuid().ToString("N")[..12];
        using var redisA = fixture.Connect(prefix);
        using var redisB = fixture.Connect(prefix);
        var stateA = new ConversationState(new RedisStorage(redisA));
        var stateB = new ConversationState(new RedisStorage(redisB));
        var profileA = stateA.CreateProperty<Profile>("profile");
        var profileB = stateB.CreateProperty<Profile>("profile");
        var adapter = new TestAdapter(TestAdapter.CreateConversation("shared-conversation"));
        Activity Message(string text) => new(ActivityTypes.Message)
        {
            Text = text,
            ChannelId = "test",
            Conversation = new ConversationAccount(id: "shared-conversation"),
            From = new ChannelAccount("user"),
            Recipient = new ChannelAccount("bot"),
        };

        using (var turn = new TurnContext(adapter, Message("one")))
        {
            (await profileA.GetAsync(turn, () => new Profile(), CancellationToken.None)).Name = "written on A";
            await stateA.SaveChangesAsync(turn);
        }

        // Host B sees A's state; then both run a turn on it at once.
        using var turnA = new TurnContext(adapter, Message("two"));
        using var turnB = new TurnContext(adapter, Message("three"));
        var onB = await profileB.GetAsync(turnB, () => new Profile(), CancellationToken.None);
        Assert.Equal("written on A", onB.Name);
        (await profileA.GetAsync(turnA, () => new Profile(), CancellationToken.None)).Name = "A's second turn";
        onB.Name = "B's overlapping turn";

        await stateA.SaveChangesAsync(turnA);
        await Assert.ThrowsAsync<StateConflictException>(() => stateB.SaveChangesAsync(turnB));

        // B reloads and applies its turn on top of A's: nothing is lost silently.
        await stateB.LoadAsync(turnB, force: true);
        var fresh = await profileB.GetAsync(turnB, () => new Profile(), CancellationToken.None);
        Assert.Equal("A's second turn", fresh.Name);
        fresh.Counts["b"] = 1;
        await stateB.SaveChangesAsync(turnB);
        // A second save in the same turn is not a conflict with the first.
        fresh.Counts["b"] = 2;
        await stateB.SaveChangesAsync(turnB);
    }
}
