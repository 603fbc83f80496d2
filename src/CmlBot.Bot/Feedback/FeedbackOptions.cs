namespace CmlBot.Bot.Feedback;

/// <summary>The "Feedback" section: what a "was this helpful?" vote keeps, and who may read the counts.</summary>
public sealed class FeedbackOptions
{
    public const string Section = "Feedback";

    /// <summary>
    /// Off: a vote keeps only the passage id, the vote and the answer's random id. On: the question the answer was for
    /// is kept too (patients' words: a setting for a review period, with <see cref="QuestionExpiryDays"/>).
    /// </summary>
    public bool KeepQuestions { get; set; }

    /// <summary>How long a kept question is kept; older ones are dropped (the counts stay).</summary>
    public int QuestionExpiryDays { get; set; } = 30;

    /// <summary>
    /// The key <c>GET /api/feedback</c> wants as <c>Authorization: Bearer …</c>. Empty: the counts are served to this
    /// machine only (loopback, and behind a proxy a loopback client).
    /// </summary>
    public string ReadKey { get; set; } = "";

    /// <summary>The age beyond which a kept question is dropped.</summary>
    public TimeSpan QuestionExpiry => TimeSpan.FromDays(Math.Max(1, QuestionExpiryDays));
}
