using CmlBot.DirectLine;
using StackExchange.Redis;

namespace CmlBot.Storage.Redis;

/// <summary>
/// Direct Line's fixed windows, counted in Redis so that every instance draws on one allowance:
/// <c>{prefix}:rate:{budget}:{key}:{window}</c> (key: a client address or a conversation), INCR, expiring just after its window. The window number comes from
/// Redis's clock, so instances agree on where a window starts.
/// </summary>
public sealed class RedisClientRateCounter(RedisConnection redis) : IClientRateCounter
{
    // KEYS: {prefix}:rate:{budget}:{key}. ARGV: window seconds. Returns {count in this window, seconds until it ends}.
    // The window's key is built here from Redis's TIME (fine on one server; a cluster would need a hash tag).
    private const string CountScript = """
        local t = tonumber(redis.call('TIME')[1])
        local seconds = tonumber(ARGV[1])
        local window = math.floor(t / seconds)
        local key = KEYS[1] .. ':' .. window
        local count = redis.call('INCR', key)
        if count == 1 then
          redis.call('EXPIRE', key, seconds + 1)
        end
        return {count, (window + 1) * seconds - t}
        """;

    public async ValueTask<RateDecision> TryAcquireAsync(string key, RateBudget budget, CancellationToken cancellationToken)
    {
        var window = (long)budget.Window.TotalSeconds;
        var result = (RedisResult[])(await redis.RunAsync(db => db.ScriptEvaluateAsync(CountScript, [redis.Key("rate", $"{budget.Name}:{key}")], [window]), cancellationToken))!;
        var count = (long)result[0];
        return count <= budget.Limit
            ? new RateDecision(true, TimeSpan.Zero)
            : new RateDecision(false, TimeSpan.FromSeconds(Math.Max(1, (long)result[1])));
    }
}
