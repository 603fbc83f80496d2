using System.Diagnostics;
using System.Net;
using System.Text.Json;
using CmlBot.Deployment.Tests.Infrastructure;

namespace CmlBot.Deployment.Tests.Failover;

/// <summary>How many conversations per transport, and whether to kill an instance halfway.</summary>
public sealed record FailoverPlan(string Scenario, int ConversationsPerTransport, bool KillOneInstance);

/// <summary>
/// Drives every conversation at once through nginx (half over /api/messages, half over Direct Line), kills instance 0
/// when half of all messages have been answered, and checks each answer against <see cref="ConversationOracle"/>:
/// what this conversation's own messages, and nothing else, lead to. A retried message may have been handled by the
/// dead instance before its answer got out; its answer may then be the one a second delivery gets, and the
/// conversation goes on from that state. Counts everything; asserts nothing (the tests do).
/// </summary>
public sealed class FailoverRunner(ConversationOracle oracle, Cluster cluster)
{
    private const int MaxSamples = 12;

    private readonly List<string> _samples = [];
    private int _turnsDone;
    private int _midpoint;
    private int _killedAfter;
    private bool _kill;

    public async Task<FailoverReport> RunAsync(FailoverPlan plan, CancellationToken cancellationToken)
    {
        var count = plan.ConversationsPerTransport * 2;
        var scripts = Enumerable.Range(0, count).Select(ConversationScript.For).ToList();
        await CheckScriptsAsync(scripts);
        _midpoint = scripts.Sum(s => s.Count) / 2;
        _kill = plan.KillOneInstance;

        var clock = Stopwatch.StartNew();
        var conversations = Enumerable.Range(0, count)
            .Select(i => Task.Run(() => ConverseAsync(i, i < plan.ConversationsPerTransport, scripts[i], cancellationToken), cancellationToken))
            .ToList();
        var counts = await Task.WhenAll(conversations);
        var elapsed = clock.Elapsed;

        var transports = counts.GroupBy(c => c.Transport).OrderByDescending(g => g.Key == "messages").Select(g =>
        {
            var sum = new TransportCounts(g.Key);
            foreach (var c in g) sum.Add(c);
            return sum;
        }).ToList();
        var (perInstance, passedOn, badGateways) = ReadAccessLog();
        return new FailoverReport(plan.Scenario, transports, plan.KillOneInstance ? Volatile.Read(ref _killedAfter) : null,
            await FeedbackRecordsAsync(cancellationToken), perInstance, passedOn, badGateways,
            await cluster.RedisKeysAsync(cancellationToken), elapsed, _samples);
    }

    /// <summary>Every question must be answered outright, with a passage, and so must "tell me more": else the script tests nothing.</summary>
    private async Task CheckScriptsAsync(IReadOnlyList<IReadOnlyList<string>> scripts)
    {
        foreach (var script in scripts.Take(ConversationScript.Questions.Count))
            for (var n = 1; n <= script.Count; n++)
            {
                var expected = await oracle.ExpectAsync(script.Take(n).ToList());
                if (script[n - 1] is not (ConversationScript.WhichStudy or ConversationScript.Vote) && expected.PassageId is null)
                    throw new InvalidOperationException($"\"{script[n - 1]}\" (turn {n} of \"{script[0]}\") quotes no passage any more; choose another question in ConversationScript");
            }
    }

    private async Task<TransportCounts> ConverseAsync(int number, bool overMessages, IReadOnlyList<string> script, CancellationToken cancellationToken)
    {
        // 127.0.x.y, never 127.0.0.1: each conversation is a client of its own, as each patient is.
        var local = new IPAddress([127, 0, (byte)(1 + number / 250), (byte)(1 + number % 250)]);
        var http = new RetryingHttp(local, cluster.Address);
        using IConversationClient client = overMessages ? new MessagesConversationClient(http, number) : new DirectLineConversationClient(http);
        var counts = new TransportCounts(client.Transport) { Conversations = 1 };
        var applied = new List<string>();
        var right = 0;
        try
        {
            await client.StartAsync(cancellationToken);
            foreach (var message in script)
            {
                var turn = ++counts.Turns;
                TurnResult result;
                try
                {
                    result = await client.SendAsync(message, cancellationToken);
                }
                finally
                {
                    Turned();
                }
                if (await CheckAsync(client, counts, number, turn, applied, message, result)) right++;
            }
        }
        catch (TransportFailureException e)
        {
            counts.Failures++;
            Sample($"{client.Transport} conversation {number}: {e.Message}");
        }
        foreach (var (cause, n) in client.Retries) counts.RetryCauses[cause] = n;
        counts.RightAnswers = right;
        counts.Completed = right == script.Count ? 1 : 0;
        return counts;
    }

    private async Task<bool> CheckAsync(IConversationClient client, TransportCounts counts, int number, int turn, List<string> applied, string message, TurnResult result)
    {
        var foreign = result.Received.Where(r => !BelongsTo(r, client, result.SentId)).ToList();
        counts.ForeignReplies += foreign.Count;
        foreach (var f in foreign) Sample($"{client.Transport} conversation {number}: a reply for conversation {f.Reply.ConversationId}, user {f.Reply.RecipientId}");

        var answer = result.Received.LastOrDefault(r => r.Type == "message" && r.ReplyToId == result.SentId);
        if (message == ConversationScript.Vote && result.Retried) counts.VotesRetried++;
        if (answer is null)
        {
            counts.MissingAnswers++;
            applied.Add(message);
            Sample($"{client.Transport} conversation {number}: no answer to \"{message}\" (turn {turn})");
            return false;
        }

        // Delivered once; or, after a retry, perhaps twice (the first time by the instance that died).
        List<string>[] candidates = result.Retried ? [[.. applied, message], [.. applied, message, message]] : [[.. applied, message]];
        for (var i = 0; i < candidates.Length; i++)
        {
            if (!(await oracle.ExpectAsync(candidates[i])).Matches(answer)) continue;
            applied.Clear();
            applied.AddRange(candidates[i]);
            if (i > 0)
            {
                counts.HandledTwice++;
                Sample($"{client.Transport} conversation {number}, turn {turn} \"{message}\": sent again after {result.RetryCause}; " +
                       "the answer shows the first delivery had been handled");
            }
            if (message == ConversationScript.Vote) counts.VotesAcknowledged++;
            return foreign.Count == 0;
        }

        var expected = await oracle.ExpectAsync(candidates[0]);
        applied.Add(message);
        counts.WrongAnswers++;
        Sample($"{client.Transport} conversation {number}, turn {turn} \"{message}\": expected passage {expected.PassageId ?? "none"} " +
               $"citing [{string.Join(",", expected.Citations)}], got passage {answer.PassageId ?? "none"} citing [{string.Join(",", answer.Citations)}]: " +
               $"\"{Shorten(answer.Text)}\"");
        return false;
    }

    /// <summary>Addressed to this conversation and user, in reply to this message or (Direct Line) to an earlier one of this conversation.</summary>
    private static bool BelongsTo(BotReply reply, IConversationClient client, string sentId)
    {
        if (reply.Reply.ConversationId != client.ConversationId) return false;
        if (reply.Reply.RecipientId is not null && reply.Reply.RecipientId != client.UserId) return false;
        if (reply.ReplyToId is null || reply.ReplyToId == sentId) return true;
        // Direct Line activity ids are "conversation|sequence"; the stream also holds answers to earlier messages
        // (the welcome, or the first delivery of a retried message).
        var bar = reply.ReplyToId.IndexOf('|', StringComparison.Ordinal);
        return client.Transport == "directline" && bar > 0 && reply.ReplyToId[..bar] == client.ConversationId;
    }

    /// <summary>Counts a finished message; the one that makes half of all kills instance 0, as a crash would, mid-run.</summary>
    private void Turned()
    {
        var done = Interlocked.Increment(ref _turnsDone);
        if (!_kill || done != _midpoint) return;
        cluster.Kill(0);
        Volatile.Write(ref _killedAfter, done);
    }

    private async Task<int> FeedbackRecordsAsync(CancellationToken cancellationToken)
    {
        using var http = new HttpClient { BaseAddress = cluster.Address };
        using var response = await http.GetAsync("api/feedback", cancellationToken);
        response.EnsureSuccessStatusCode();
        using var json = await RetryingHttp.JsonAsync(response, cancellationToken);
        return json.RootElement.GetProperty("total").GetInt32();
    }

    /// <summary>Per instance, the requests nginx sent it; how many nginx passed on to another; how many 502s clients saw.</summary>
    private (IReadOnlyDictionary<string, int> PerInstance, int PassedOn, int BadGateways) ReadAccessLog()
    {
        var names = cluster.Instances.Select((h, i) => (h.Address.Authority, Name: $"instance {i}{(i == 0 && _kill ? " (killed)" : "")}"))
            .ToDictionary(x => x.Authority, x => x.Name, StringComparer.Ordinal);
        var perInstance = names.Values.ToDictionary(n => n, _ => 0, StringComparer.Ordinal);
        int passedOn = 0, badGateways = 0;
        foreach (var line in cluster.Nginx.AccessLines())
        {
            // METHOD STATUS "addr[, addr]" "status[, status]"
            var parts = line.Split('"');
            if (parts.Length < 2) continue;
            if (line.Split(' ')[1] == "502") badGateways++;
            var upstreams = parts[1].Split(", ", StringSplitOptions.RemoveEmptyEntries);
            if (upstreams.Length > 1) passedOn++;
            foreach (var u in upstreams)
                if (names.TryGetValue(u.Trim(), out var name)) perInstance[name]++;
        }
        return (perInstance, passedOn, badGateways);
    }

    private void Sample(string text)
    {
        lock (_samples)
            if (_samples.Count < MaxSamples) _samples.Add(text);
    }

    private static string Shorten(string? text)
    {
        var flat = (text ?? "").ReplaceLineEndings(" ");
        return flat.Length <= 90 ? flat : flat[..90] + "…";
    }
}
