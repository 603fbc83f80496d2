namespace CmlBot.Bot.Understanding;

public enum IntentKind
{
    Question,
    Help,
    Restart,
    Greeting,
    Thanks,
    Goodbye,
    More,
    Sources,
    ShowReference,
    FeedbackYes,
    FeedbackNo,
}

/// <param name="Number">The reference number for <see cref="IntentKind.ShowReference"/>.</param>
public sealed record Intent(IntentKind Kind, int Number = 0)
{
    public static readonly Intent Question = new(IntentKind.Question);
}
