using System.Text.RegularExpressions;
using Microsoft.Bot.Builder;
using Microsoft.Bot.Schema;

namespace CmlBot.Transcripts;

/// <summary>What went wrong in one reply of one turn.</summary>
/// <param name="Reply">1-based index of the reply within the turn.</param>
public sealed record Mismatch(int Turn, string UserSaid, int Reply, string What, string Expected, string Actual);

public sealed record ReplayResult(TranscriptCase Case, IReadOnlyList<Mismatch> Mismatches, IReadOnlyList<IReadOnlyList<Activity>> ActualReplies)
{
    public bool Passed => Mismatches.Count == 0;
}

/// <summary>
/// Replays a conversation through a bot in process. Every case gets a fresh bot from the factory (and
/// with it fresh state), so nothing is shared between transcripts.
/// </summary>
public sealed class TranscriptReplayer(Func<IBot> createBot, Action<BotAdapter>? configureAdapter = null)
{
    private static readonly TimeSpan RegexTimeout = TimeSpan.FromSeconds(1);

    public async Task<ReplayResult> ReplayAsync(TranscriptCase transcript, CancellationToken cancellationToken = default)
    {
        var adapter = new ReplayAdapter();
        configureAdapter?.Invoke(adapter);
        var bot = createBot();
        var mismatches = new List<Mismatch>();
        var actualByTurn = new List<IReadOnlyList<Activity>>();

        foreach (var turn in transcript.Turns)
        {
            adapter.Sent.Clear();
            var said = Describe(turn.User);
            try
            {
                await adapter.ProcessAsync(Copy(turn.User), bot.OnTurnAsync, cancellationToken);
            }
            catch (Exception e) when (e is not OperationCanceledException)
            {
                mismatches.Add(new Mismatch(turn.Number, said, 0, "the bot threw", "a reply", $"{e.GetType().Name}: {e.Message}"));
            }
            var actual = adapter.Sent.Where(a => !ReplyFacts.IsIgnored(a)).ToList();
            actualByTurn.Add(actual);
            mismatches.AddRange(Compare(turn, said, actual));
        }
        return new ReplayResult(transcript, mismatches, actualByTurn);
    }

    internal static IEnumerable<Mismatch> Compare(Turn turn, string said, IReadOnlyList<Activity> actual)
    {
        var facts = actual.Select(ReplyFacts.Of).ToList();
        var expected = turn.Expected;

        // The same replies in another order: say so once rather than as a mismatch per reply.
        if (facts.Count == expected.Count && facts.Count > 1
            && !expected.Select((e, i) => Matches(e, facts[i])).All(m => m is null)
            && IsPermutation(expected, facts))
        {
            yield return new Mismatch(turn.Number, said, 1, "replies in a different order",
                string.Join(Environment.NewLine, expected.Select(Describe)), string.Join(Environment.NewLine, facts.Select(f => Shorten(f.Text))));
            yield break;
        }

        for (var i = 0; i < Math.Max(expected.Count, facts.Count); i++)
        {
            if (i >= facts.Count)
            {
                yield return new Mismatch(turn.Number, said, i + 1, "missing reply", Describe(expected[i]), "(no reply)");
                continue;
            }
            if (i >= expected.Count)
            {
                if (turn.AnyFurtherReplies) break;
                yield return new Mismatch(turn.Number, said, i + 1, "extra reply", "(no reply)", $"{facts[i].Type}: {facts[i].Text}");
                continue;
            }
            if (Matches(expected[i], facts[i]) is { } problem)
                yield return problem with { Turn = turn.Number, UserSaid = said, Reply = i + 1 };
        }
    }

    /// <summary>Null when the reply meets every requirement; otherwise the first one it misses.</summary>
    internal static Mismatch? Matches(ExpectedReply e, ReplyFacts f)
    {
        Mismatch Miss(string what, string expected, string actual) => new(0, "", 0, what, expected, actual);
        if (!string.Equals(e.Type, f.Type, StringComparison.OrdinalIgnoreCase)) return Miss("type differs", e.Type, f.Type);
        if (e.Text is not null && ReplyFacts.Normalize(e.Text) != f.Text) return Miss("text differs", e.Text, f.Text);
        if (e.Contains is not null && !f.Text.Contains(ReplyFacts.Normalize(e.Contains), StringComparison.OrdinalIgnoreCase))
            return Miss("text lacks", e.Contains, f.Text);
        if (e.Pattern is not null && !Regex.IsMatch(f.Text, e.Pattern, RegexOptions.None, RegexTimeout))
            return Miss("text does not match", "/" + e.Pattern + "/", f.Text);
        if (e.Actions is not null && !e.Actions.SequenceEqual(f.Actions))
            return Miss("suggested actions differ", string.Join(" | ", e.Actions), string.Join(" | ", f.Actions));
        if (e.AttachmentTypes is not null && !e.AttachmentTypes.SequenceEqual(f.AttachmentTypes))
            return Miss("attachments differ", string.Join(", ", e.AttachmentTypes), string.Join(", ", f.AttachmentTypes));
        if (e.Citations is not null && !e.Citations.Order().SequenceEqual(f.Citations.Order()))
            return Miss("cited references differ", Numbers(e.Citations), Numbers(f.Citations));
        return null;
    }

    private static bool IsPermutation(IReadOnlyList<ExpectedReply> expected, List<ReplyFacts> facts)
    {
        var left = facts.ToList();
        foreach (var e in expected)
        {
            var match = left.FindIndex(f => Matches(e, f) is null);
            if (match < 0) return false;
            left.RemoveAt(match);
        }
        return true;
    }

    private static Activity Copy(Activity a)
    {
        // The bot may change the activity it is handed (e.g. remove a mention); the case stays as read.
        var json = Newtonsoft.Json.JsonConvert.SerializeObject(a);
        return Newtonsoft.Json.JsonConvert.DeserializeObject<Activity>(json)!;
    }

    internal static string Describe(Activity user) => user.Type == ActivityTypes.Message
        ? $"\"{Shorten(user.Text ?? (user.Value is null ? "" : "(card submit)"))}\""
        : $"({user.Type}{(user.MembersAdded?.Count > 0 ? ": members added" : "")})";

    private static string Describe(ExpectedReply e) =>
        e.Text is not null ? Shorten(e.Text)
        : e.Contains is not null ? $"containing \"{e.Contains}\""
        : e.Pattern is not null ? $"matching /{e.Pattern}/"
        : $"any {e.Type}";

    private static string Numbers(IEnumerable<int> n) => "[" + string.Join(",", n) + "]";

    private static string Shorten(string s) => s.Length <= 120 ? s : s[..120] + "…";
}
