using Microsoft.Bot.Builder;
using Newtonsoft.Json;
using Newtonsoft.Json.Linq;
using StackExchange.Redis;

namespace CmlBot.Storage.Redis;

/// <summary>
/// Bot Framework state (<see cref="ConversationState"/>, <see cref="UserState"/>) in Redis, shared by every
/// instance. Each item is a hash <c>{prefix}:state:{key}</c> with its ETag (<c>e</c>) and its JSON (<c>v</c>),
/// expiring <c>StateExpiryMinutes</c> after its last write.
/// </summary>
/// <remarks>
/// Behaves as Bot Builder 4.23.1's <see cref="MemoryStorage"/>: the same Newtonsoft settings (TypeNameHandling.All,
/// so state reads back as its own types), a missing key is left out of the read, a null value reads as absent,
/// changes are written in order and the first conflict stops the write. ETags are checked as MemoryStorage checks
/// an <see cref="IStoreItem"/>'s, and also for the <c>eTag</c> entry of a dictionary or JObject: that is what
/// BotState writes (its state is a dictionary, to which a read here adds the stored <c>eTag</c>), and what lets
/// two instances' turns of one conversation not overwrite each other. A stale ETag throws
/// <see cref="StateConflictException"/>, an <see cref="ArgumentException"/> worded as MemoryStorage's
/// (<c>"Etag conflict.\r\n\r\nOriginal: …\r\nCurrent: …"</c>). Differences, on purpose:
/// <list type="bullet">
/// <item>An <see cref="IStoreItem"/> with a null or empty ETag writes unconditionally like <c>"*"</c> (MemoryStorage
/// rejects it when the key exists).</item>
/// <item>A dictionary or JObject with no <c>eTag</c> entry at all is BotState's state for a key that was not there
/// when the turn read it: it is written only if the key is still absent. Two instances running the first turns of one
/// new conversation (or user) at once would otherwise both see no state and both welcome; now the second save
/// conflicts and that turn runs again on the first one's state.</item>
/// <item>After a write the caller's item carries its new ETag, so a second save in the same turn is not a conflict
/// with itself.</item>
/// </list>
/// </remarks>
public sealed class RedisStorage(RedisConnection redis) : IStorage
{
    private const string ETagField = "e";
    private const string ValueField = "v";
    private const string ETagProperty = "eTag";
    private const string CreateOnly = "-";

    // Compare-and-set in one step: no other write can land between the check and the write. ARGV[1] is the
    // expected ETag: '' for any, CreateOnly for none (ETags written here are hex, so it is never one of them).
    private const string WriteScript = """
        local current = redis.call('HGET', KEYS[1], 'e')
        if current and ARGV[1] ~= '' and current ~= ARGV[1] then
          return current
        end
        redis.call('HSET', KEYS[1], 'e', ARGV[2], 'v', ARGV[3])
        redis.call('PEXPIRE', KEYS[1], ARGV[4])
        return false
        """;

    private static readonly RedisValue[] Fields = [ETagField, ValueField];

    private readonly JsonSerializer _serializer = JsonSerializer.Create(new JsonSerializerSettings
    {
        TypeNameHandling = TypeNameHandling.All,
        ReferenceLoopHandling = ReferenceLoopHandling.Error,
        SerializationBinder = new StateTypeBinder(),
        // Text stays text: a question that looks like a date must not come back reformatted.
        DateParseHandling = DateParseHandling.None,
    });

    private readonly long _expiryMs = (long)TimeSpan.FromMinutes(Math.Max(1, redis.Options.StateExpiryMinutes)).TotalMilliseconds;

    public async Task<IDictionary<string, object>> ReadAsync(string[] keys, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(keys);
        var values = await redis.RunAsync(db => Task.WhenAll(keys.Select(k => db.HashGetAsync(StateKey(k), Fields))), cancellationToken);
        var items = new Dictionary<string, object>(keys.Length);
        for (var i = 0; i < keys.Length; i++)
        {
            var (etag, json) = (values[i][0], values[i][1]);
            if (json.IsNull) continue;
            var state = Parse(json.ToString());
            state[ETagProperty] = etag.ToString();
            items[keys[i]] = state.ToObject<object>(_serializer)!;
        }
        return items;
    }

    public async Task WriteAsync(IDictionary<string, object> changes, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(changes);
        foreach (var (key, value) in changes)
        {
            if (value is null)
            {
                await redis.RunAsync(db => db.KeyDeleteAsync(StateKey(key)), cancellationToken);
                continue;
            }
            var json = JObject.FromObject(value, _serializer);
            var stated = value is IStoreItem ? null : json.Property(ETagProperty, StringComparison.OrdinalIgnoreCase);
            var given = value is IStoreItem item ? item.ETag : stated?.Value.ToString();
            // The ETag lives beside the JSON, not in it; an IStoreItem's "ETag" and a dictionary's "eTag" both go.
            foreach (var p in json.Properties().Where(p => string.Equals(p.Name, ETagProperty, StringComparison.OrdinalIgnoreCase)).ToList()) p.Remove();
            var expected = value is JObject or IDictionary<string, object> && stated is null ? CreateOnly
                : string.IsNullOrEmpty(given) || given == "*" ? "" : given;
            var etag = Guid.NewGuid().ToString("N");
            var current = await redis.RunAsync(db => db.ScriptEvaluateAsync(WriteScript, [StateKey(key)],
                [expected, etag, json.ToString(Formatting.None), _expiryMs]), cancellationToken);
            if (!current.IsNull) throw StateConflictException.For(given, current.ToString());
            SetETag(value, etag);
        }
    }

    public async Task DeleteAsync(string[] keys, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(keys);
        if (keys.Length == 0) return;
        await redis.RunAsync(db => db.KeyDeleteAsync(keys.Select(StateKey).ToArray()), cancellationToken);
    }

    private RedisKey StateKey(string key) => redis.Key("state", key);

    private static JObject Parse(string json)
    {
        using var reader = new JsonTextReader(new StringReader(json)) { DateParseHandling = DateParseHandling.None };
        return JObject.Load(reader);
    }

    private static void SetETag(object value, string etag)
    {
        switch (value)
        {
            case IStoreItem item:
                item.ETag = etag;
                break;
            case JObject obj:
                obj[ETagProperty] = etag;
                break;
            case IDictionary<string, object> dictionary:
                dictionary[ETagProperty] = etag;
                break;
        }
    }
}
