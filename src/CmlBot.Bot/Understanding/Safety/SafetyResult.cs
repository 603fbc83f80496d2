namespace CmlBot.Bot.Understanding.Safety;

/// <summary>What the screen found in one message.</summary>
/// <param name="Classes">Every class the message needs.</param>
/// <param name="Replies">The groups whose replies go first, most pressing first: one per class, and none for
/// urgent when emergency already says to call for help.</param>
/// <param name="PersonalDecision">The user asks what they personally should do (decide with the care team).</param>
public sealed record SafetyResult(SafetyClasses Classes, IReadOnlyList<SafetyGroup> Replies, bool PersonalDecision)
{
    public static SafetyResult None { get; } = new(SafetyClasses.None, [], false);

    /// <summary>Classes something found that the word step overruled (<see cref="SafetyWords.Overrules"/>): for explanations.</summary>
    public SafetyClasses Overruled { get; init; }

    /// <summary>Emergency, crisis or urgent: the advice is the answer, and the summary is quoted only for a separate question.</summary>
    public bool Stops => (Classes & (SafetyClasses.Emergency | SafetyClasses.Crisis | SafetyClasses.Urgent)) != 0;

    public bool Has(SafetyClasses c) => (Classes & c) != 0;

    /// <summary>The most pressing class's name ("emergency", …), or null.</summary>
    public string? Name => SafetyClassNames.First(Classes);
}
