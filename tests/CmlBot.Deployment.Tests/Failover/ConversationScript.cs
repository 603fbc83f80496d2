namespace CmlBot.Deployment.Tests.Failover;

/// <summary>
/// What each conversation says: a question, its sources, the next passage, that passage's sources, a vote, then a
/// second question and its follow-ups. Every follow-up is answered from the conversation's own state (the last
/// question, the passage shown, the references cited, whether a vote is due), and with ten questions in flight, each
/// with its own passage, a follow-up answered from another conversation's state, or from none, reads differently.
/// </summary>
public static class ConversationScript
{
    /// <summary>Questions from tests/evaluation/eval-set.json that the bot answers outright, each quoting another passage.</summary>
    public static readonly IReadOnlyList<string> Questions =
    [
        "What counts as overt failure?",
        "My PCR levels are going up, does that mean I relapsed?",
        "Is it better to resume therapy or continue observation?",
        "What is relative failure on imatinib?",
        "Can mutations make imatinib stop working?",
        "What is a buffy coat infusion?",
        "When does donor lymphocyte infusion work best?",
        "Can interferon help after relapse from a stem cell transplant?",
        "Does Gleevec work for relapse after a bone marrow transplant?",
        "Where can I find clinical trials for relapsed CML?",
    ];

    public const string WhichStudy = "which study?";
    public const string TellMeMore = "tell me more";
    public const string Vote = "yes";

    /// <summary>Conversation <paramref name="number"/>'s messages; neighbours start on different questions.</summary>
    public static IReadOnlyList<string> For(int number)
    {
        var first = Questions[number % Questions.Count];
        var second = Questions[(number + 3) % Questions.Count];
        return [first, WhichStudy, TellMeMore, WhichStudy, Vote, second, TellMeMore, WhichStudy];
    }
}
