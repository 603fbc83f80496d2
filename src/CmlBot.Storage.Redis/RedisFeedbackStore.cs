using System.Globalization;
using CmlBot.Bot.Feedback;
using Newtonsoft.Json;
using StackExchange.Redis;

namespace CmlBot.Storage.Redis;

/// <summary>
/// "Was this helpful?" votes in Redis, kept forever (no expiry): every vote as JSON in the list
/// <c>{prefix}:feedback:entries</c> (question, passage id, helpful; no identity), and the counts in the hash
/// <c>{prefix}:feedback:counts</c>, updated in the same script, so counts are exact across instances and cost
/// one read however many votes there are. The set <c>{prefix}:feedback:answers</c> holds the random ids of answers
/// already voted on, so a vote delivered twice is counted once.
/// </summary>
public sealed class RedisFeedbackStore(RedisConnection redis) : IFeedbackStore
{
    private const string Total = "total";
    private const string HelpfulTotal = "helpful";
    private const string PassagePrefix = "passage:";
    private const string HelpfulSuffix = ":helpful";
    private const string NotHelpfulSuffix = ":not";

    // KEYS: entries, counts, answers. ARGV: entry JSON, passage id, 1 if helpful, answer id ('' = none).
    // Returns 0 when the answer's vote is already recorded: a retried or re-run vote counts once.
    private const string AddScript = """
        if ARGV[4] ~= '' and redis.call('SADD', KEYS[3], ARGV[4]) == 0 then
          return 0
        end
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

    public async Task<bool> AddAsync(FeedbackEntry entry, CancellationToken cancellationToken)
    {
        var json = JsonConvert.SerializeObject(new { question = entry.Question, passageId = entry.PassageId, helpful = entry.Helpful });
        var added = await redis.RunAsync(db => db.ScriptEvaluateAsync(AddScript,
            [redis.Key("feedback", "entries"), redis.Key("feedback", "counts"), redis.Key("feedback", "answers")],
            [json, entry.PassageId, entry.Helpful ? "1" : "0", entry.AnswerId ?? ""]), cancellationToken);
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
