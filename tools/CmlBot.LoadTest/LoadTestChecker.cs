using System.Collections.Concurrent;

namespace CmlBot.LoadTest;

/// <summary>How one turn's replies fared.</summary>
public enum LoadTestVerdict { Ok, WrongReferences, ForeignReply, MissingReply, WrongEcho }

/// <summary>
/// Checks every reply of every turn: it belongs to this conversation (conversation id, recipient, replyToId),
/// and it says what this conversation asked for (the question's known references; for the echo bot, the text).
/// One instance per run: "tell me more" answers are compared across the conversations of that run.
/// </summary>
public sealed class LoadTestChecker(bool echo)
{
    // Question → the citations "tell me more" gave the first time; every later conversation must get the same.
    private readonly ConcurrentDictionary<string, string> _moreCitations = new(StringComparer.Ordinal);

    public LoadTestVerdict Check(LoadTestConversation conversation, LoadTestTurn turn, LoadTestExchange exchange)
    {
        foreach (var reply in exchange.Received)
            if (!BelongsTo(reply, conversation, exchange.SentActivityId)) return LoadTestVerdict.ForeignReply;

        var answer = exchange.Received.LastOrDefault(r => r.Type == "message" && r.ReplyToId == exchange.SentActivityId);
        if (answer is null) return LoadTestVerdict.MissingReply;
        if (echo) return answer.Text == turn.Text ? LoadTestVerdict.Ok : LoadTestVerdict.WrongEcho;

        // Both places the bot writes its citations must agree.
        if (answer.EntityCitations is { } e && answer.ChannelDataCitations is { } c && !e.SequenceEqual(c)) return LoadTestVerdict.WrongReferences;
        return turn.Kind switch
        {
            LoadTestTurnKind.Question or LoadTestTurnKind.WhichStudy =>
                answer.Citations.SequenceEqual(turn.Question.References) ? LoadTestVerdict.Ok : LoadTestVerdict.WrongReferences,
            _ => _moreCitations.GetOrAdd(turn.Question.Text, Key(answer.Citations)) == Key(answer.Citations) ? LoadTestVerdict.Ok : LoadTestVerdict.WrongReferences,
        };
    }

    private static bool BelongsTo(LoadTestReply reply, LoadTestConversation conversation, string sentId)
    {
        if (reply.ConversationId != conversation.Id) return false;
        if (reply.RecipientId is not null && reply.RecipientId != conversation.UserId) return false;
        if (reply.ReplyToId is null || reply.ReplyToId == sentId) return true;
        // Direct Line ids are "conversation|sequence": a reply to another conversation's activity is foreign.
        // (An earlier reply of this conversation, such as the welcome to conversationUpdate, may share the page.)
        var bar = reply.ReplyToId.IndexOf('|', StringComparison.Ordinal);
        return bar < 0 ? conversation.Token is not null : reply.ReplyToId[..bar] == conversation.Id;
    }

    private static string Key(IReadOnlyList<int> citations) => string.Join(",", citations);
}
