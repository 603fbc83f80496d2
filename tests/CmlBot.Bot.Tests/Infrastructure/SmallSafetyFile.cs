using CmlBot.Bot.Understanding.Safety;

namespace CmlBot.Bot.Tests.Infrastructure;

/// <summary>
/// A safety file of the four groups that flag, each with the trigger and example lines a test gives it and a reply
/// of one word: the smallest content the parser accepts.
/// </summary>
internal static class SmallSafetyFile
{
    public static SafetyRules Parse(string emergency, string crisis, string urgent, string medicineChange, SafetyLearned? learned = null, SafetyWords? words = null) =>
        SafetyRulesParser.Parse("safety.txt", string.Join('\n',
            Group("emergency", "call", emergency),
            Group("crisis", "988", crisis),
            Group("urgent", "team", urgent),
            Group("medicine-change", "stop", medicineChange)), learned, words);

    private static string Group(string id, string reply, string lines) => $"[{id}] {id}\nclass: {id}\nreply: {reply}\n{lines}";
}
