namespace CmlBot.LoadTest;

/// <summary>What a turn asks, and so how its reply is checked.</summary>
public enum LoadTestTurnKind { Question, WhichStudy, TellMeMore }

/// <summary>A question whose cited reference numbers are known (the same in lexical and hybrid mode).</summary>
public sealed record LoadTestQuestion(string Text, IReadOnlyList<int> References);

/// <summary>One turn of a conversation's script.</summary>
public sealed record LoadTestTurn(LoadTestTurnKind Kind, string Text, LoadTestQuestion Question);

/// <summary>
/// The conversations' scripts: a question, "which study?" (must cite that question's references), "tell me more"
/// (its citations must agree across every conversation that asked the same question), then the next question.
/// Neighbouring conversations start on different questions with different references, so a reply delivered to
/// the wrong conversation shows up as wrong references, not only as a wrong conversation id.
/// </summary>
public static class LoadTestScript
{
    /// <summary>
    /// Questions the bot answers outright (no "did you mean") with these references, in lexical and hybrid mode
    /// alike (checked against the host; the README's transplant question gets a "did you mean" there).
    /// </summary>
    public static readonly IReadOnlyList<LoadTestQuestion> Questions =
    [
        new("Why do donor lymphocyte infusions work?", [12, 13]),
        new("What is relative failure on imatinib?", [1]),
        new("Is Tasigna an alternative after imatinib resistance?", [2, 3, 4, 5, 6, 7, 8, 9, 10, 11]),
        new("Can interferon help after relapse from a stem cell transplant?", [14]),
        new("Which study looked at dasatinib in blast crisis?", [7]),
    ];

    public const string WhichStudy = "which study?";
    public const string TellMeMore = "tell me more";

    /// <summary>Turn <paramref name="turn"/> (from 0) of the conversation numbered <paramref name="conversation"/>.</summary>
    public static LoadTestTurn Turn(long conversation, int turn)
    {
        var question = Questions[(int)((conversation + turn / 3) % Questions.Count)];
        return (turn % 3) switch
        {
            0 => new LoadTestTurn(LoadTestTurnKind.Question, question.Text, question),
            1 => new LoadTestTurn(LoadTestTurnKind.WhichStudy, WhichStudy, question),
            _ => new LoadTestTurn(LoadTestTurnKind.TellMeMore, TellMeMore, question),
        };
    }
}
