namespace CmlBot.Core.Answers;

/// <summary>Answer thresholds, bound from the "Answers" section of appsettings.json.</summary>
public sealed class AnswerOptions
{
    /// <summary>Below this confidence the bot says the summary does not cover the question.</summary>
    public double ConfidenceThreshold { get; set; } = 0.5;
    /// <summary>Candidates within this fraction of the best score, from other paragraphs, make the question ambiguous.</summary>
    public double AmbiguityMargin { get; set; } = 0.05;
    public int MaxPassages { get; set; } = 3;
    public int MaxFollowUps { get; set; } = 6;
    public string HelpLine { get; set; } = "NCI's Cancer Information Service at 1-800-4-CANCER (1-800-422-6237) or www.cancer.gov";
}
