using System.Collections.Concurrent;
using System.Globalization;
using System.Text;
using CmlBot.Storage;
using Microsoft.Bot.Builder;
using Newtonsoft.Json;
using Newtonsoft.Json.Linq;
using Newtonsoft.Json.Serialization;

namespace CmlBot.Bot.State;

/// <summary>
/// The single-instance <see cref="IStorage"/>: Bot Builder's <see cref="MemoryStorage"/> semantics (same JSON, same
/// ETag rules), with two differences that matter for a public website. Items idle longer than the expiry are
/// forgotten, where MemoryStorage keeps every conversation until the process ends; and each item is kept as
/// compact UTF-8 JSON rather than a JObject tree, a fraction of the memory per conversation.
/// </summary>
public sealed class ExpiringMemoryStorage : IStorage
{
    // As MemoryStorage 4.23.1 (which uses TypeNameHandling.All), state reads back as the objects that were saved
    // (ConversationData, not a JObject), which BotState's accessors rely on. Auto, with the root written as an
    // object, names only the types a reader could not infer (the root, the values of BotState's dictionary),
    // not every list inside them: half the bytes per conversation. Only this process writes here.
    // The types every conversation stores go by one-letter names, and so do their properties: the full type names
    // were ~200 of the ~1,100 bytes a conversation kept (its state and its user's), the property names ~150 of the
    // rest, and every conversation is kept for the idle expiry. Only this process reads what it wrote, so the
    // names need not match the other stores'.
    private static readonly JsonSerializer Serializer = JsonSerializer.Create(new JsonSerializerSettings
    {
        TypeNameHandling = TypeNameHandling.Auto,
        NullValueHandling = NullValueHandling.Include,
        ReferenceLoopHandling = ReferenceLoopHandling.Error,
        SerializationBinder = new StateTypeNames(),
        ContractResolver = new StatePropertyNames(),
    });

    private readonly ConcurrentDictionary<string, Item> _items = new(StringComparer.Ordinal);
    // Small payloads that are the same for many items (see Shared).
    internal const int MaxSharedLength = 64;
    private const int MaxSharedPayloads = 256;
    private readonly ConcurrentDictionary<byte[], byte[]> _shared = new(new BytesComparer());
    // ETag check and replace are one step, as in MemoryStorage (which locks every operation).
    private readonly Lock _writeLock = new();
    private readonly TimeProvider _time;
    private readonly long _idleTicks;
    private long _eTag;
    private long _nextSweepTicks;

    public ExpiringMemoryStorage(MemoryStorageOptions options, TimeProvider time)
    {
        _time = time;
        _idleTicks = TimeSpan.FromMinutes(Math.Max(1, options.IdleExpiryMinutes)).Ticks;
        _nextSweepTicks = time.GetUtcNow().UtcTicks + SweepInterval;
    }

    /// <summary>The JSON an item is kept as (tests look at what is shared).</summary>
    internal byte[]? StoredJson(string key) => _items.TryGetValue(key, out var item) ? item.Json : null;

    /// <summary>How many items are held (expired ones go at the next sweep).</summary>
    public int Count => _items.Count;

    // A sweep walks every item: at most once per tenth of the expiry, so its cost is spread thin.
    private long SweepInterval => Math.Max(TimeSpan.TicksPerSecond, _idleTicks / 10);

    public Task<IDictionary<string, object>> ReadAsync(string[] keys, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(keys);
        var now = _time.GetUtcNow().UtcTicks;
        var result = new Dictionary<string, object>(keys.Length);
        foreach (var key in keys)
        {
            if (!_items.TryGetValue(key, out var item)) continue;
            if (item.IsIdle(now, _idleTicks))
            {
                _items.TryRemove(new KeyValuePair<string, Item>(key, item));
                continue;
            }
            item.Touch(now);
            if (item.Deserialize() is { } value) result[key] = value;
        }
        return Task.FromResult<IDictionary<string, object>>(result);
    }

    public Task WriteAsync(IDictionary<string, object> changes, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(changes);
        var now = _time.GetUtcNow().UtcTicks;
        foreach (var (key, value) in changes)
        {
            if (value is null)
            {
                _items.TryRemove(key, out _);
                continue;
            }
            var given = value switch
            {
                IStoreItem storeItem => new GivenETag(storeItem.ETag),
                JObject json when json.ContainsKey("ETag") => new GivenETag(json.Value<string>("ETag")),
                _ => null, // BotState's own dictionaries: unchecked, as in MemoryStorage
            };
            if (given is null)
            {
                _items[key] = Item.From(Shared(Item.Serialize(value)), now);
                continue;
            }
            var state = JObject.FromObject(value, Serializer);
            // FromObject has no declared type to differ from: name the item's own type, so it reads back as itself.
            if (value is not JToken && !state.ContainsKey("$type"))
                state.AddFirst(new JProperty("$type", $"{value.GetType().FullName}, {value.GetType().Assembly.GetName().Name}"));
            lock (_writeLock)
            {
                var current = _items.TryGetValue(key, out var old) && !old.IsIdle(now, _idleTicks) ? old.ETag : null;
                if (current is not null && given.Value != "*" && given.Value != current)
                    throw StateConflictException.For(given.Value, current);
                var eTag = (_eTag++).ToString(CultureInfo.InvariantCulture);
                state["ETag"] = eTag;
                _items[key] = Item.From(Shared(Item.Serialize(state)), now, eTag);
            }
        }
        SweepIfDue(now);
        return Task.CompletedTask;
    }

    public Task DeleteAsync(string[] keys, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(keys);
        foreach (var key in keys) _items.TryRemove(key, out _);
        return Task.CompletedTask;
    }

    /// <summary>
    /// One array for every item with the same small JSON: every welcomed user's profile is the same ~50 bytes, and an
    /// array per user would cost its header and those bytes again. Items are never changed in place, so they can share
    /// it. The table keeps at most <see cref="MaxSharedPayloads"/> payloads and starts afresh when full.
    /// </summary>
    private byte[] Shared(byte[] json)
    {
        if (json.Length > MaxSharedLength) return json;
        if (_shared.TryGetValue(json, out var shared)) return shared;
        if (_shared.Count >= MaxSharedPayloads) _shared.Clear();
        return _shared.GetOrAdd(json, json);
    }

    private sealed class BytesComparer : IEqualityComparer<byte[]>
    {
        public bool Equals(byte[]? x, byte[]? y) => x.AsSpan().SequenceEqual(y);

        public int GetHashCode(byte[] obj)
        {
            var hash = new HashCode();
            hash.AddBytes(obj);
            return hash.ToHashCode();
        }
    }

    /// <summary>Forgets every item idle longer than the expiry; returns how many.</summary>
    private int RemoveIdle()
    {
        var now = _time.GetUtcNow().UtcTicks;
        var removed = 0;
        foreach (var pair in _items)
            if (pair.Value.IsIdle(now, _idleTicks) && _items.TryRemove(pair)) removed++;
        return removed;
    }

    private void SweepIfDue(long now)
    {
        var due = Interlocked.Read(ref _nextSweepTicks);
        if (now < due || Interlocked.CompareExchange(ref _nextSweepTicks, now + SweepInterval, due) != due) return;
        RemoveIdle();
    }

    private static readonly UTF8Encoding Utf8 = new(encoderShouldEmitUTF8Identifier: false);

    private sealed record GivenETag(string? Value);

    /// <summary>Short names for the state types of every conversation; any other type keeps its full name.</summary>
    internal sealed class StateTypeNames : ISerializationBinder
    {
        private static readonly DefaultSerializationBinder Full = new();
        private static readonly Dictionary<string, Type> TypesByName = new(StringComparer.Ordinal)
        {
            ["d"] = typeof(Dictionary<string, object>), // BotState's own dictionary
            ["c"] = typeof(ConversationData),
            ["u"] = typeof(UserProfile),
        };
        private static readonly Dictionary<Type, string> NamesByType = TypesByName.ToDictionary(p => p.Value, p => p.Key);

        // A full name always carries its assembly, so a short name (no assembly) can never be mistaken for one.
        public Type BindToType(string? assemblyName, string typeName) =>
            assemblyName is null && TypesByName.TryGetValue(typeName, out var type) ? type : Full.BindToType(assemblyName, typeName);

        public void BindToName(Type serializedType, out string? assemblyName, out string? typeName)
        {
            if (NamesByType.TryGetValue(serializedType, out var name))
            {
                assemblyName = null;
                typeName = name;
                return;
            }
            Full.BindToName(serializedType, out assemblyName, out typeName);
        }
    }

    /// <summary>One- or two-letter names for the properties of the state types every conversation keeps.</summary>
    internal sealed class StatePropertyNames : DefaultContractResolver
    {
        internal static readonly IReadOnlyDictionary<Type, IReadOnlyDictionary<string, string>> Names = new Dictionary<Type, IReadOnlyDictionary<string, string>>
        {
            [typeof(ConversationData)] = new Dictionary<string, string>(StringComparer.Ordinal)
            {
                [nameof(ConversationData.LastQuestion)] = "q",
                [nameof(ConversationData.Topic)] = "t",
                ["StoredFollowUpIds"] = "f", // FollowUpIds as stored (see ConversationData)
                [nameof(ConversationData.NextFollowUp)] = "n",
                [nameof(ConversationData.LastReferences)] = "r",
                [nameof(ConversationData.LastDocumentId)] = "d",
                [nameof(ConversationData.LastSection)] = "s",
                [nameof(ConversationData.LastPassageId)] = "p",
                [nameof(ConversationData.AwaitingFeedback)] = "a",
                [nameof(ConversationData.AnswerId)] = "i",
                [nameof(ConversationData.Alternatives)] = "l",
                [nameof(ConversationData.RatedPassageIds)] = "v",
                [nameof(ConversationData.Welcomed)] = "w",
            },
            [typeof(PendingChoice)] = new Dictionary<string, string>(StringComparer.Ordinal)
            {
                [nameof(PendingChoice.Id)] = "i",
                [nameof(PendingChoice.Label)] = "l",
            },
            [typeof(UserProfile)] = new Dictionary<string, string>(StringComparer.Ordinal)
            {
                [nameof(UserProfile.Welcomed)] = "w",
            },
        };

        protected override JsonProperty CreateProperty(System.Reflection.MemberInfo member, MemberSerialization memberSerialization)
        {
            var property = base.CreateProperty(member, memberSerialization);
            if (member.DeclaringType is { } type && Names.TryGetValue(type, out var names) && names.TryGetValue(member.Name, out var name))
                property.PropertyName = name;
            return property;
        }
    }

    /// <summary>Newtonsoft.Json's readers and writers borrow their character buffers here.</summary>
    private sealed class PooledChars : IArrayPool<char>
    {
        public static readonly PooledChars Instance = new();

        public char[] Rent(int minimumLength) => System.Buffers.ArrayPool<char>.Shared.Rent(minimumLength);

        public void Return(char[]? array)
        {
            if (array is not null) System.Buffers.ArrayPool<char>.Shared.Return(array);
        }
    }

    private sealed class Item(byte[] json, string? eTag, long now)
    {
        private long _lastUsedTicks = now;

        public string? ETag { get; } = eTag;

        public byte[] Json => json;

        public static Item From(byte[] json, long now, string? eTag = null) => new(json, eTag, now);

        // Through strings and borrowed buffers: a conversation's JSON is a few hundred characters, and a stream reader
        // or writer over a memory stream allocated several kilobytes of buffers to write or read it, twice a turn each.
        public static byte[] Serialize(object value)
        {
            var text = new StringWriter(new StringBuilder(512), CultureInfo.InvariantCulture);
            using (var writer = new JsonTextWriter(text) { ArrayPool = PooledChars.Instance })
                Serializer.Serialize(writer, value, typeof(object));
            return Utf8.GetBytes(text.ToString());
        }

        public object? Deserialize()
        {
            using var reader = new JsonTextReader(new StringReader(Utf8.GetString(json))) { ArrayPool = PooledChars.Instance };
            return Serializer.Deserialize<object>(reader);
        }

        public void Touch(long now) => Interlocked.Exchange(ref _lastUsedTicks, now);

        public bool IsIdle(long now, long idleTicks) => now - Interlocked.Read(ref _lastUsedTicks) > idleTicks;
    }
}
