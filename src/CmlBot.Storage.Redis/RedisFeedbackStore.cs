using System.Globalization;
using CmlBot.Bot.Feedback;
using Newtonsoft.Json;
using StackExchange.Redis;

namespace CmlBot.Storage.Redis;

/// <summary>
/// "Was this helpful?" votes in Redis. The counts live in the hash <c>{prefix}:feedback:counts</c> (total, helpful,
/// and per passage), kept without expiry and updated in one script, so they are exact across instances and cost one
/// read however many votes there are. No question text and no identity: a vote is its passage id, its vote and the
/// answer's random id, which is held in <c>{prefix}:feedback:answer:{id}</c> for as long as conversation state is kept
/// (<see cref="RedisStorageOptions.StateExpiryMinutes"/>), so that a vote delivered twice counts once. With
/// <see cref="FeedbackOptions.KeepQuestions"/> the question goes into the sorted set
/// <c>{prefix}:feedback:questions</c> (scored by time), from which questions older than the expiry are dropped.
/// </summary>
public sealed class RedisFeedbackStore(RedisConnection redis, FeedbackOptions? options = null, TimeProvider? time = null) : IFeedbackStore
{
    private const string Total = "total";
    private const string HelpfulTotal = "helpful";
    private const string PassagePrefix = "passage:";
    private const string HelpfulSuffix = ":helpful";
    private const string NotHelpfulSuffix = ":not";

    private readonly FeedbackOptions _options = options ?? new FeedbackOptions();
    private readonly TimeProvider _time = time ?? TimeProvider.System;

    // KEYS: counts, answer id key ('' = no id), questions. ARGV: passage id, 1 if helpful, answer id TTL (ms),
    // question JSON ('' = not kept), now (ms), question expiry (ms).
    // Returns 0 when the answer's vote is already recorded: a retried or re-run vote counts once.
    private const string AddScript = """
        if KEYS[2] ~= '' and not redis.call('SET', KEYS[2], '1', 'NX', 'PX', ARGV[3]) then
          return 0
        end
        redis.call('HINCRBY', KEYS[1], 'total', 1)
        if ARGV[2] == '1' then
          redis.call('HINCRBY', KEYS[1], 'helpful', 1)
          redis.call('HINCRBY', KEYS[1], 'passage:' .. ARGV[1] .. ':helpful', 1)
        else
          redis.call('HINCRBY', KEYS[1], 'passage:' .. ARGV[1] .. ':not', 1)
        end
        if ARGV[4] ~= '' then
          redis.call('ZADD', KEYS[3], ARGV[5], ARGV[4])
          redis.call('ZREMRANGEBYSCORE', KEYS[3], '-inf', '(' .. (tonumber(ARGV[5]) - tonumber(ARGV[6])))
          redis.call('PEXPIRE', KEYS[3], ARGV[6])
        end
        return 1
        """;

    public async Task<bool> AddAsync(FeedbackEntry entry, CancellationToken cancellationToken)
    {
        var now = _time.GetUtcNow().ToUnixTimeMilliseconds();
        var question = _options.KeepQuestions && entry.Question is { } q
            ? JsonConvert.SerializeObject(new { question = q, passageId = entry.PassageId, helpful = entry.Helpful, answerId = entry.AnswerId, at = now })
            : "";
        var answerTtl = (long)TimeSpan.FromMinutes(Math.Max(1, redis.Options.StateExpiryMinutes)).TotalMilliseconds;
        RedisKey answerKey = entry.AnswerId is { Length: > 0 } id ? redis.Key("feedback", "answer:" + id) : "";
        var added = await redis.RunAsync(db => db.ScriptEvaluateAsync(AddScript,
            [redis.Key("feedback", "counts"), answerKey, redis.Key("feedback", "questions")],
            [entry.PassageId, entry.Helpful ? "1" : "0", answerTtl, question, now, (long)_options.QuestionExpiry.TotalMilliseconds]), cancellationToken);
        return (int)added == 1;
    }

    public async Task<FeedbackCounts> CountsAsync(CancellationToken cancellationToken)
    {
        var fields = await redis.RunAsync(db => db.HashGetAllAsync(redis.Key("feedback", "counts")), cancellationToken);
        int total = 0, helpful = 0;
        var byPassage = new SortedDictionary<string, (int Helpful, int Not)>(StringComparer.Ordinal);
        foreach (var field in fields)
        {
            var name = field.Name.ToString();
            var count = int.Parse(field.Value.ToString(), NumberStyles.Integer, CultureInfo.InvariantCulture);
            if (name == Total) total = count;
            else if (name == HelpfulTotal) helpful = count;
            else if (name.StartsWith(PassagePrefix, StringComparison.Ordinal))
            {
                var isHelpful = name.EndsWith(HelpfulSuffix, StringComparison.Ordinal);
                var id = name[PassagePrefix.Length..^(isHelpful ? HelpfulSuffix.Length : NotHelpfulSuffix.Length)];
                var (h, n) = byPassage.GetValueOrDefault(id);
                byPassage[id] = isHelpful ? (h + count, n) : (h, n + count);
            }
        }
        return new FeedbackCounts(total, helpful, total - helpful, byPassage.Select(p => new PassageFeedback(p.Key, p.Value.Helpful, p.Value.Not)).ToList());
    }
}
