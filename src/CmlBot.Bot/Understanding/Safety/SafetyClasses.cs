namespace CmlBot.Bot.Understanding.Safety;

/// <summary>What a message needs before anything else; a message can need several.</summary>
[Flags]
public enum SafetyClasses
{
    None = 0,
    /// <summary>Call the emergency number now (overdose: Poison Control too).</summary>
    Emergency = 1,
    /// <summary>Suicidal thoughts or self-harm: the crisis line.</summary>
    Crisis = 2,
    /// <summary>Call the care team now, day or night.</summary>
    Urgent = 4,
    /// <summary>Stopping, skipping, doubling or switching a medicine on one's own.</summary>
    MedicineChange = 8,
}

/// <summary>The names the content file, the evaluation sets and <c>ask --json</c> use.</summary>
public static class SafetyClassNames
{
    /// <summary>Most pressing first: the order the replies go out in.</summary>
    public static readonly IReadOnlyList<SafetyClasses> Ordered = [SafetyClasses.Emergency, SafetyClasses.Crisis, SafetyClasses.Urgent, SafetyClasses.MedicineChange];

    public static string Name(SafetyClasses c) => c switch
    {
        SafetyClasses.Emergency => "emergency",
        SafetyClasses.Crisis => "crisis",
        SafetyClasses.Urgent => "urgent",
        SafetyClasses.MedicineChange => "medicine-change",
        _ => "none",
    };

    public static SafetyClasses? Parse(string name) => name.Trim().ToLowerInvariant() switch
    {
        "emergency" => SafetyClasses.Emergency,
        "crisis" => SafetyClasses.Crisis,
        "urgent" => SafetyClasses.Urgent,
        "medicine-change" => SafetyClasses.MedicineChange,
        "none" => SafetyClasses.None,
        _ => null,
    };

    /// <summary>The most pressing class of the set, or null for none.</summary>
    public static string? First(SafetyClasses classes) =>
        Ordered.Where(c => classes.HasFlag(c)).Select(Name).FirstOrDefault();
}
