namespace CmlBot.Bot;

/// <summary>The dialog's settings, bound from the "Bot" section of appsettings.json.</summary>
public sealed class BotOptions
{
    public const string Section = "Bot";

    /// <summary>
    /// A message is cut to this many characters before anything reads it (mentions, commands, safety, the question),
    /// so that no pattern's cost grows with the request body. Longer than <see cref="Core.Retrieval.RetrievalOptions.MaxQuestionLength"/>: mention
    /// markup comes out of the text before the question is cut.
    /// </summary>
    public int MaxIncomingTextLength { get; set; } = TurnInput.DefaultMaxTextLength;

    /// <summary>How much of the user's own words the bot quotes back, at most.</summary>
    public int MaxEchoLength { get; set; } = 80;

    /// <summary>Offered as suggested actions in the welcome and in help; empty means the built-in ones.</summary>
    public List<string> ExampleQuestions { get; set; } = [];

    /// <summary>
    /// Where to get help in an emergency, in a crisis and after too much medicine. Settings rather than content
    /// because they are country-specific; the replies in corpus/safety.txt name them as {EmergencyNumber},
    /// {CrisisLine} and {PoisonControl}. The defaults are the U.S. numbers the summary's audience uses.
    /// </summary>
    public string EmergencyNumber { get; set; } = "911";
    public string CrisisLine { get; set; } = "988 Suicide & Crisis Lifeline (call or text 988)";
    public string PoisonControl { get; set; } = "Poison Control at 1-800-222-1222";

    /// <summary>The quoted summary's page on cancer.gov: the link of a citation whose reference has no title to search for.</summary>
    public string SummaryUrl { get; set; } = "https://www.cancer.gov/types/leukemia/hp/cml-treatment-pdq";

    internal static readonly IReadOnlyList<string> DefaultExamples =
    [
        "What is relative failure on imatinib?",
        "Is Tasigna an alternative after imatinib resistance?",
        "What is a buffy coat infusion?",
        "Can interferon help after relapse from a stem cell transplant?",
    ];

    public IReadOnlyList<string> Examples => ExampleQuestions.Count > 0 ? ExampleQuestions.Take(4).ToList() : DefaultExamples;
}
