using System.Buffers.Text;
using System.Globalization;
using CmlBot.DirectLine;
using CmlBot.DirectLine.Store;
using Microsoft.Extensions.Options;
using StackExchange.Redis;

namespace CmlBot.Storage.Redis;

/// <summary>
/// The local Direct Line's conversations and activity queues in Redis, so a conversation started on one instance
/// continues on any other. Per conversation: <c>{prefix}:dl:conv:{id}</c> (a hash: next sequence number, bytes queued,
/// owning client, whether the user has written) and <c>{prefix}:dl:acts:{id}</c> (a sorted set of activities scored by
/// sequence), both expiring when the conversation does. <c>{prefix}:dl:live</c> and <c>{prefix}:dl:client:{client}</c>
/// (sorted sets of conversation ids scored by expiry time) hold the <c>MaxConversations</c> and
/// <c>MaxConversationsPerClient</c> caps; at a cap the id with the lowest score (nearest its expiry) is ended. Every
/// step is one Lua script, and times are Redis's own clock, so instances with skewed clocks still agree. No script
/// returns more than <c>MaxBytesPerGet</c> of activities, nor holds more than a conversation's byte budget.
/// The scripts build the keys of other conversations (the one a cap ends) from their ids: fine on one server or
/// a replicated pair; a cluster would need hash tags.
/// </summary>
public sealed class RedisDirectLineStore(RedisConnection redis, IOptions<DirectLineOptions> options) : IDirectLineStore
{
    // Each conversation's appends race only with the same conversation's other appends; a handful of rounds is plenty.
    private const int MaxAppendAttempts = 32;

    // Every script: KEYS conv, acts, live. ARGV[1] id, [2] idle ms, [3] unengaged ms, [4] key prefix ("{prefix}:dl:").
    private const string Prelude = """
        local t = redis.call('TIME')
        local now = tonumber(t[1]) * 1000 + math.floor(tonumber(t[2]) / 1000)
        local function ttl()
          if redis.call('HGET', KEYS[1], 'engaged') == '1' then return tonumber(ARGV[2]) end
          return tonumber(ARGV[3])
        end
        -- A use: both keys' expiry, and the conversation's expiry time in the live set and its client's set.
        local function touch()
          local ms = ttl()
          redis.call('PEXPIRE', KEYS[1], ms)
          redis.call('PEXPIRE', KEYS[2], ms)
          redis.call('ZADD', KEYS[3], now + ms, ARGV[1])
          redis.call('PEXPIRE', KEYS[3], ARGV[2])
          local client = redis.call('HGET', KEYS[1], 'client')
          if client then
            local key = ARGV[4] .. 'client:' .. client
            redis.call('ZADD', key, now + ms, ARGV[1])
            redis.call('PEXPIRE', key, ARGV[2])
          end
        end
        local function gone()
          if redis.call('EXISTS', KEYS[1]) == 1 then return false end
          redis.call('ZREM', KEYS[3], ARGV[1])
          return true
        end
        """;

    // ARGV[5] client, [6] max conversations, [7] max per client. Returns 0 created, 1 exists.
    private const string CreateScript = Prelude + """

        local function finish(id)
          local conv = ARGV[4] .. 'conv:' .. id
          local client = redis.call('HGET', conv, 'client')
          if client then redis.call('ZREM', ARGV[4] .. 'client:' .. client, id) end
          redis.call('ZREM', KEYS[3], id)
          redis.call('DEL', conv, ARGV[4] .. 'acts:' .. id)
        end
        if redis.call('EXISTS', KEYS[1]) == 1 then
          touch()
          return 1
        end
        local own = ARGV[4] .. 'client:' .. ARGV[5]
        redis.call('ZREMRANGEBYSCORE', KEYS[3], '-inf', now)
        redis.call('ZREMRANGEBYSCORE', own, '-inf', now)
        while redis.call('ZCARD', own) >= tonumber(ARGV[7]) do
          finish(redis.call('ZRANGE', own, 0, 0)[1])
        end
        while redis.call('ZCARD', KEYS[3]) >= tonumber(ARGV[6]) do
          finish(redis.call('ZRANGE', KEYS[3], 0, 0)[1])
        end
        redis.call('HSET', KEYS[1], 'next', 0, 'bytes', 0, 'client', ARGV[5], 'engaged', 0)
        touch()
        return 0
        """;

    // Returns 1 live, 0 unknown.
    private const string TouchScript = Prelude + """

        if gone() then return 0 end
        touch()
        return 1
        """;

    // ARGV[5] expected sequence, [6] member, [7] max activities, [8] max bytes, [9] '1' if the user's own.
    // Returns {0, seq} appended; {1, next} the sequence was taken, render again with next; {-1} unknown.
    // The JSON holds its own sequence (the activity id), so it is rendered before the script runs and accepted
    // only if that sequence is still the next one: no reader can see n+1 before n, whichever instance appends.
    private const string AppendScript = Prelude + """

        if gone() then return {-1} end
        local nextSeq = tonumber(redis.call('HGET', KEYS[1], 'next'))
        if nextSeq ~= tonumber(ARGV[5]) then
          return {1, nextSeq}
        end
        redis.call('ZADD', KEYS[2], nextSeq, ARGV[6])
        redis.call('HSET', KEYS[1], 'next', nextSeq + 1)
        if ARGV[9] == '1' then redis.call('HSET', KEYS[1], 'engaged', 1) end
        local bytes = redis.call('HINCRBY', KEYS[1], 'bytes', #ARGV[6])
        local count = redis.call('ZCARD', KEYS[2])
        while count > 1 and (count > tonumber(ARGV[7]) or bytes > tonumber(ARGV[8])) do
          local first = redis.call('ZPOPMIN', KEYS[2])
          bytes = redis.call('HINCRBY', KEYS[1], 'bytes', -#first[1])
          count = count - 1
        end
        touch()
        return {0, nextSeq}
        """;

    // ARGV[5] watermark ('' = from the start), [6] max activities, [7] max bytes. Nil if unknown.
    private const string GetScript = Prelude + """

        if gone() then return false end
        touch()
        local min = '-inf'
        if ARGV[5] ~= '' then
          -- The client has everything up to its watermark: drop it, as the in-memory store does.
          local acked = redis.call('ZRANGEBYSCORE', KEYS[2], '-inf', ARGV[5])
          if #acked > 0 then
            local freed = 0
            for _, m in ipairs(acked) do freed = freed + #m end
            redis.call('ZREMRANGEBYSCORE', KEYS[2], '-inf', ARGV[5])
            redis.call('HINCRBY', KEYS[1], 'bytes', -freed)
          end
          min = '(' .. ARGV[5]
        end
        local waiting = redis.call('ZRANGEBYSCORE', KEYS[2], min, '+inf', 'LIMIT', 0, tonumber(ARGV[6]))
        local page, bytes = {}, 0
        for i, m in ipairs(waiting) do
          if i > 1 and bytes + #m > tonumber(ARGV[7]) then break end
          bytes = bytes + #m
          page[i] = m
        end
        return page
        """;

    // KEYS: live. ARGV: now is Redis's. The conversations' own keys have expired already; this forgets their ids.
    private const string RemoveIdleScript = """
        local t = redis.call('TIME')
        local now = tonumber(t[1]) * 1000 + math.floor(tonumber(t[2]) / 1000)
        return redis.call('ZREMRANGEBYSCORE', KEYS[1], '-inf', now)
        """;

    private readonly DirectLineOptions _options = options.Value;

    private long IdleMs => (long)TimeSpan.FromMinutes(Math.Max(1, _options.IdleExpiryMinutes)).TotalMilliseconds;

    private long UnengagedMs => (long)TimeSpan.FromMinutes(Math.Clamp(_options.UnengagedExpiryMinutes, 1, Math.Max(1, _options.IdleExpiryMinutes))).TotalMilliseconds;

    public async Task<CreateConversationResult> CreateConversationAsync(string conversationId, string client, CancellationToken cancellationToken)
    {
        var result = await redis.RunAsync(db => db.ScriptEvaluateAsync(CreateScript, Keys(conversationId),
            [.. Arguments(conversationId), client, Math.Max(1, _options.MaxConversations), Math.Max(1, _options.MaxConversationsPerClient)]), cancellationToken);
        return (int)result == 1 ? CreateConversationResult.AlreadyExists : CreateConversationResult.Created;
    }

    public async Task<bool> TouchConversationAsync(string conversationId, CancellationToken cancellationToken)
    {
        var result = await redis.RunAsync(db => db.ScriptEvaluateAsync(TouchScript, Keys(conversationId), Arguments(conversationId)), cancellationToken);
        return (int)result == 1;
    }

    public async Task<long?> AppendActivityAsync(string conversationId, Func<long, byte[]> render, bool fromUser, CancellationToken cancellationToken)
    {
        var keys = Keys(conversationId);
        var next = await redis.RunAsync(db => db.HashGetAsync(keys[0], "next"), cancellationToken);
        if (next.IsNull) return null;
        var sequence = (long)next;
        var cap = Math.Max(1, _options.MaxActivitiesPerConversation);
        var byteCap = Math.Max(1, _options.MaxBytesPerConversation);
        for (var attempt = 0; attempt < MaxAppendAttempts; attempt++)
        {
            var member = Member(sequence, render(sequence));
            var result = (RedisResult[])(await redis.RunAsync(db => db.ScriptEvaluateAsync(AppendScript, keys,
                [.. Arguments(conversationId), sequence, member, cap, byteCap, fromUser ? "1" : "0"]), cancellationToken))!;
            switch ((int)result[0])
            {
                case -1:
                    return null;
                case 0:
                    return sequence;
                default:
                    sequence = (long)result[1];
                    break;
            }
        }
        throw new InvalidOperationException($"Could not append to a Direct Line conversation after {MaxAppendAttempts} attempts: too many concurrent appends.");
    }

    public async Task<ActivityPage?> GetActivitiesAsync(string conversationId, long? watermark, int max, CancellationToken cancellationToken)
    {
        var result = await redis.RunAsync(db => db.ScriptEvaluateAsync(GetScript, Keys(conversationId),
            [.. Arguments(conversationId), watermark?.ToString(CultureInfo.InvariantCulture) ?? "", Math.Max(1, max), Math.Max(1, _options.MaxBytesPerGet)]), cancellationToken);
        if (result.IsNull) return null;
        var members = (RedisValue[])result!;
        var page = new List<StoredActivity>(members.Length);
        foreach (var member in members) page.Add(Parse((byte[])member!));
        // No new activities: hand the client's watermark back so it keeps its place (as the in-memory store does).
        return new ActivityPage(page, page.Count > 0 ? page[^1].Sequence : watermark);
    }

    public async Task<int> RemoveIdleAsync(CancellationToken cancellationToken)
    {
        var result = await redis.RunAsync(db => db.ScriptEvaluateAsync(RemoveIdleScript, [redis.Key("dl", "live")]), cancellationToken);
        return (int)result;
    }

    // A sorted set's members are unique, so each holds its sequence as well as its JSON: "{sequence}|{json}", in UTF-8.
    private static byte[] Member(long sequence, byte[] json)
    {
        Span<byte> digits = stackalloc byte[20];
        Utf8Formatter.TryFormat(sequence, digits, out var written);
        var member = new byte[written + 1 + json.Length];
        digits[..written].CopyTo(member);
        member[written] = (byte)'|';
        json.CopyTo(member.AsSpan(written + 1));
        return member;
    }

    private static StoredActivity Parse(byte[] member)
    {
        var bar = member.AsSpan().IndexOf((byte)'|');
        if (bar < 0 || !Utf8Parser.TryParse(member.AsSpan(0, bar), out long sequence, out var used) || used != bar)
            throw new InvalidDataException("A Direct Line activity in Redis is not \"{sequence}|{json}\".");
        return new StoredActivity(sequence, member.AsMemory(bar + 1));
    }

    private RedisValue[] Arguments(string conversationId) => [conversationId, IdleMs, UnengagedMs, (string)redis.Key("dl", "")!];

    private RedisKey[] Keys(string conversationId) =>
        [redis.Key("dl", "conv:" + conversationId), redis.Key("dl", "acts:" + conversationId), redis.Key("dl", "live")];
}
