using System.Buffers.Text;
using System.Globalization;
using CmlBot.DirectLine;
using CmlBot.DirectLine.Store;
using Microsoft.Extensions.Options;
using StackExchange.Redis;

namespace CmlBot.Storage.Redis;

/// <summary>
/// The local Direct Line's conversations and activity queues in Redis, so a conversation started on one instance
/// continues on any other. Per conversation: <c>{prefix}:dl:conv:{id}</c> (a hash holding the next sequence
/// number) and <c>{prefix}:dl:acts:{id}</c> (a sorted set of activities scored by sequence), both expiring
/// <c>DirectLine:IdleExpiryMinutes</c> after the conversation was last used; <c>{prefix}:dl:live</c> (a sorted set
/// of conversation ids scored by last use) holds the <c>MaxConversations</c> cap. Every step is one Lua script, and
/// times are Redis's own clock, so instances with skewed clocks still agree.
/// </summary>
public sealed class RedisDirectLineStore(RedisConnection redis, IOptions<DirectLineOptions> options) : IDirectLineStore
{
    // Each conversation's appends race only with the same conversation's other appends; a handful of rounds is plenty.
    private const int MaxAppendAttempts = 32;

    private const string Now = """
        local t = redis.call('TIME')
        local now = tonumber(t[1]) * 1000 + math.floor(tonumber(t[2]) / 1000)
        """;

    // Shared tail of every "use": refresh both keys' idle expiry and the conversation's place in the live set.
    private const string Touch = """
        redis.call('PEXPIRE', KEYS[1], ARGV[2])
        redis.call('PEXPIRE', KEYS[2], ARGV[2])
        redis.call('ZADD', KEYS[3], now, ARGV[1])
        redis.call('PEXPIRE', KEYS[3], ARGV[2])
        """;

    // KEYS: conv, acts, live. ARGV: id, idle ms, max conversations. Returns 0 created, 1 exists, 2 cap reached.
    private const string CreateScript = Now + "\n" + """
        if redis.call('EXISTS', KEYS[1]) == 1 then
        """ + "\n" + Touch + "\n" + """
          return 1
        end
        redis.call('ZREMRANGEBYSCORE', KEYS[3], '-inf', now - tonumber(ARGV[2]))
        if redis.call('ZCARD', KEYS[3]) >= tonumber(ARGV[3]) then
          return 2
        end
        redis.call('HSET', KEYS[1], 'next', 0)
        """ + "\n" + Touch + "\n" + """
        return 0
        """;

    // KEYS: conv, acts, live. ARGV: id, idle ms. Returns 1 live, 0 unknown.
    private const string TouchScript = Now + "\n" + """
        if redis.call('EXISTS', KEYS[1]) == 0 then
          redis.call('ZREM', KEYS[3], ARGV[1])
          return 0
        end
        """ + "\n" + Touch + "\n" + """
        return 1
        """;

    // KEYS: conv, acts, live. ARGV: id, idle ms, expected sequence, member, cap.
    // Returns {0, seq} appended; {1, next} the sequence was taken, render again with next; {-1} unknown.
    // The JSON holds its own sequence (the activity id), so it is rendered before the script runs and accepted
    // only if that sequence is still the next one: no reader can see n+1 before n, whichever instance appends.
    private const string AppendScript = Now + "\n" + """
        if redis.call('EXISTS', KEYS[1]) == 0 then
          redis.call('ZREM', KEYS[3], ARGV[1])
          return {-1}
        end
        local nextSeq = tonumber(redis.call('HGET', KEYS[1], 'next'))
        if nextSeq ~= tonumber(ARGV[3]) then
          return {1, nextSeq}
        end
        redis.call('ZADD', KEYS[2], nextSeq, ARGV[4])
        redis.call('HSET', KEYS[1], 'next', nextSeq + 1)
        local count = redis.call('ZCARD', KEYS[2])
        local cap = tonumber(ARGV[5])
        if count > cap then
          redis.call('ZREMRANGEBYRANK', KEYS[2], 0, count - cap - 1)
        end
        """ + "\n" + Touch + "\n" + """
        return {0, nextSeq}
        """;

    // KEYS: conv, acts, live. ARGV: id, idle ms, watermark ('' = from the start), max. Nil if unknown.
    private const string GetScript = Now + "\n" + """
        if redis.call('EXISTS', KEYS[1]) == 0 then
          redis.call('ZREM', KEYS[3], ARGV[1])
          return false
        end
        """ + "\n" + Touch + "\n" + """
        local min = '-inf'
        if ARGV[3] ~= '' then
          -- The client has everything up to its watermark: drop it, as the in-memory store does.
          redis.call('ZREMRANGEBYSCORE', KEYS[2], '-inf', ARGV[3])
          min = '(' .. ARGV[3]
        end
        return redis.call('ZRANGEBYSCORE', KEYS[2], min, '+inf', 'LIMIT', 0, tonumber(ARGV[4]))
        """;

    // KEYS: live. ARGV: idle ms. The conversations' own keys have expired already; this forgets their ids.
    private const string RemoveIdleScript = Now + "\n" + """
        return redis.call('ZREMRANGEBYSCORE', KEYS[1], '-inf', now - tonumber(ARGV[1]))
        """;

    private readonly DirectLineOptions _options = options.Value;

    private long IdleMs => (long)TimeSpan.FromMinutes(Math.Max(1, _options.IdleExpiryMinutes)).TotalMilliseconds;

    public async Task<CreateConversationResult> CreateConversationAsync(string conversationId, CancellationToken cancellationToken)
    {
        var result = await redis.RunAsync(db => db.ScriptEvaluateAsync(CreateScript, Keys(conversationId),
            [conversationId, IdleMs, Math.Max(1, _options.MaxConversations)]), cancellationToken);
        return (int)result switch
        {
            0 => CreateConversationResult.Created,
            1 => CreateConversationResult.AlreadyExists,
            _ => CreateConversationResult.LimitReached,
        };
    }

    public async Task<bool> TouchConversationAsync(string conversationId, CancellationToken cancellationToken)
    {
        var result = await redis.RunAsync(db => db.ScriptEvaluateAsync(TouchScript, Keys(conversationId), [conversationId, IdleMs]), cancellationToken);
        return (int)result == 1;
    }

    public async Task<long?> AppendActivityAsync(string conversationId, Func<long, byte[]> render, CancellationToken cancellationToken)
    {
        var keys = Keys(conversationId);
        var next = await redis.RunAsync(db => db.HashGetAsync(keys[0], "next"), cancellationToken);
        if (next.IsNull) return null;
        var sequence = (long)next;
        var cap = Math.Max(1, _options.MaxActivitiesPerConversation);
        for (var attempt = 0; attempt < MaxAppendAttempts; attempt++)
        {
            var member = Member(sequence, render(sequence));
            var result = (RedisResult[])(await redis.RunAsync(db => db.ScriptEvaluateAsync(AppendScript, keys,
                [conversationId, IdleMs, sequence, member, cap]), cancellationToken))!;
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
            [conversationId, IdleMs, watermark?.ToString(CultureInfo.InvariantCulture) ?? "", Math.Max(1, max)]), cancellationToken);
        if (result.IsNull) return null;
        var members = (RedisValue[])result!;
        var page = new List<StoredActivity>(members.Length);
        foreach (var member in members) page.Add(Parse((byte[])member!));
        // No new activities: hand the client's watermark back so it keeps its place (as the in-memory store does).
        return new ActivityPage(page, page.Count > 0 ? page[^1].Sequence : watermark);
    }

    public async Task<int> RemoveIdleAsync(CancellationToken cancellationToken)
    {
        var result = await redis.RunAsync(db => db.ScriptEvaluateAsync(RemoveIdleScript, [redis.Key("dl", "live")], [IdleMs]), cancellationToken);
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

    private RedisKey[] Keys(string conversationId) =>
        [redis.Key("dl", "conv:" + conversationId), redis.Key("dl", "acts:" + conversationId), redis.Key("dl", "live")];
}
