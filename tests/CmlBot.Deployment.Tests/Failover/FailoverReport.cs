using System.Globalization;
using System.Text;

namespace CmlBot.Deployment.Tests.Failover;

/// <summary>One transport's counts.</summary>
public sealed class TransportCounts(string transport)
{
    public string Transport { get; } = transport;
    public int Conversations { get; set; }
    /// <summary>Conversations whose every message got the right answer.</summary>
    public int Completed { get; set; }
    /// <summary>Messages sent (each counted once, retried or not).</summary>
    public int Turns { get; set; }
    public int RightAnswers { get; set; }
    /// <summary>Requests sent a second time after 502/503/504 or a broken connection, and by which.</summary>
    public int Retries => RetryCauses.Values.Sum();
    public Dictionary<string, int> RetryCauses { get; } = new(StringComparer.Ordinal);
    /// <summary>Messages (or conversation starts) that failed even after their retry; the conversation stopped there.</summary>
    public int Failures { get; set; }
    /// <summary>Answers that were not what this conversation's own state gives.</summary>
    public int WrongAnswers { get; set; }
    /// <summary>Messages that got no answer at all.</summary>
    public int MissingAnswers { get; set; }
    /// <summary>Activities addressed to another conversation or user.</summary>
    public int ForeignReplies { get; set; }
    /// <summary>Retried messages whose answer showed that the first delivery had been handled too.</summary>
    public int HandledTwice { get; set; }
    public int VotesAcknowledged { get; set; }
    public int VotesRetried { get; set; }

    public void Add(TransportCounts other)
    {
        Conversations += other.Conversations;
        Completed += other.Completed;
        Turns += other.Turns;
        RightAnswers += other.RightAnswers;
        foreach (var (cause, n) in other.RetryCauses) RetryCauses[cause] = RetryCauses.GetValueOrDefault(cause) + n;
        Failures += other.Failures;
        WrongAnswers += other.WrongAnswers;
        MissingAnswers += other.MissingAnswers;
        ForeignReplies += other.ForeignReplies;
        HandledTwice += other.HandledTwice;
        VotesAcknowledged += other.VotesAcknowledged;
        VotesRetried += other.VotesRetried;
    }
}

/// <summary>Everything a failover run found, printed in the test output.</summary>
public sealed record FailoverReport(
    string Scenario,
    IReadOnlyList<TransportCounts> Transports,
    int? KilledAfterTurns,
    int FeedbackRecords,
    IReadOnlyDictionary<string, int> RequestsPerInstance,
    int PassedOnByNginx,
    int BadGatewaysToClients,
    long RedisKeys,
    TimeSpan Elapsed,
    IReadOnlyList<string> Samples)
{
    public TransportCounts Total
    {
        get
        {
            var total = new TransportCounts("total");
            foreach (var t in Transports) total.Add(t);
            return total;
        }
    }

    public string ToText()
    {
        var inv = CultureInfo.InvariantCulture;
        var s = new StringBuilder();
        s.AppendLine(inv, $"failover run: {Scenario}; {Elapsed.TotalSeconds:0.0} s");
        s.AppendLine("transport    convs  completed  turns  right  retries  failures  wrong  missing  foreign  handled-twice  votes(acked/retried)");
        foreach (var t in Transports.Append(Total))
            s.AppendLine(inv, $"{t.Transport,-11} {t.Conversations,6} {t.Completed,10} {t.Turns,6} {t.RightAnswers,6} {t.Retries,8} {t.Failures,9} {t.WrongAnswers,6} {t.MissingAnswers,8} {t.ForeignReplies,8} {t.HandledTwice,14}   {t.VotesAcknowledged}/{t.VotesRetried}");
        s.AppendLine(inv, $"retries by cause: {(Total.Retries == 0 ? "none" : string.Join(", ", Total.RetryCauses.OrderBy(c => c.Key, StringComparer.Ordinal).Select(c => $"{c.Key} {c.Value}")))}");
        s.AppendLine(inv, $"instance killed (SIGKILL): {(KilledAfterTurns is { } k ? $"after {k} of {Total.Turns} turns" : "none")}");
        s.AppendLine(inv, $"feedback records at /api/feedback: {FeedbackRecords} (votes acknowledged: {Total.VotesAcknowledged})");
        s.AppendLine(inv, $"nginx: requests per instance {string.Join(", ", RequestsPerInstance.Select(kv => $"{kv.Key} {kv.Value}"))}; " +
                          $"passed on to another instance {PassedOnByNginx}; 502 to clients {BadGatewaysToClients}");
        s.AppendLine(inv, $"Redis keys under the run's prefix: {RedisKeys}");
        foreach (var sample in Samples) s.AppendLine(inv, $"  {sample}");
        return s.ToString();
    }
}
