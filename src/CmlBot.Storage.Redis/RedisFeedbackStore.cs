using System.Globalization;
using CmlBot.Bot.Feedback;
using Newtonsoft.Json;
using StackExchange.Redis;

namespace CmlBot.Storage.Redis;

/// <summary>
/// "Was this helpful?" votes in Redis, kept forever (no expiry): every vote as JSON in the list
/// <c>{prefix}:feedback:entries</c> (question, passage id, helpful; no identity), and the counts in the hash
/// <c>{prefix}:feedback:counts</c>, updated in the same script, so counts are exact across instances and cost
/// one read however many votes there are.
/// </summary>
public sealed class RedisFeedbackStore(RedisConnection redis) : IFeedbackStore
{
    private const string Total = "total";
    private const string HelpfulTotal = "helpful";
    private const string PassagePrefix = "passage:";
    private const string HelpfulSuffix = ":helpful";
    private const string NotHelpfulSuffix = ":not";

    // KEYS: entries, counts. ARGV: entry JSON, passage id, 1 if helpful.
    private const string AddScript = """
        redis.call('RPUSH', KEYS[1], ARGV[1])
        redis.call('HINCRBY', KEYS[2], 'total', 1)
        if ARGV[3] == '1' then
          redis.call('HINCRBY', KEYS[2], 'helpful', 1)
          redis.call('HINCRBY', KEYS[2], 'passage:' .. ARGV[2] .. ':helpful', 1)
        else
          redis.call('HINCRBY', KEYS[2], 'passage:' .. ARGV[2] .. ':not', 1)
        end
        return 1
        """;

    public Task AddAsync(FeedbackEntry entry, CancellationToken cancellationToken)
    {
        var json = JsonConvert.SerializeObject(new { question = entry.Question, passageId = entry.PassageId, helpful = entry.Helpful });
        return redis.RunAsync(db => db.ScriptEvaluateAsync(AddScript, [redis.Key("feedback", "entries"), redis.Key("feedback", "counts")],
            [json, entry.PassageId, entry.Helpful ? "1" : "0"]), cancellationToken);
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
