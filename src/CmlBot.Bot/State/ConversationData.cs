namespace CmlBot.Bot.State;

/// <summary>A "did you mean" candidate the bot offered: the passage to answer with and the label shown.</summary>
public sealed record PendingChoice(string Id, string Label);

/// <summary>
/// One conversation's state, kept in <c>ConversationState</c>. A plain class with settable properties so
/// that every <c>IStorage</c> (which serialise with Newtonsoft.Json) round-trips it.
/// </summary>
public sealed class ConversationData
{
    /// <summary>The question as the core last answered it ("tell me more" and feedback refer to it).</summary>
    public string? LastQuestion { get; set; }

    /// <summary>The last full question the user asked: short follow-ups ("what about nilotinib?") are read with it.</summary>
    public string? Topic { get; set; }

    /// <summary>Ranked further passages for "tell me more", and the next one to show.</summary>
    public List<string> FollowUpIds { get; set; } = [];
    public int NextFollowUp { get; set; }

    /// <summary>The reference numbers the last answer cited, and the document they belong to.</summary>
    public List<int> LastReferences { get; set; } = [];
    public string? LastDocumentId { get; set; }
    public string? LastSection { get; set; }

    /// <summary>The passage the last answer quoted; feedback is stored against it.</summary>
    public string? LastPassageId { get; set; }
    public bool AwaitingFeedback { get; set; }

    /// <summary>A random id for the last answer: its vote is recorded once, however often it is delivered.</summary>
    public string? AnswerId { get; set; }

    /// <summary>Candidates offered as "did you mean"; a choice is honoured only from this list.</summary>
    public List<PendingChoice> Alternatives { get; set; } = [];

    /// <summary>A group chat or team channel has had its one welcome (on installation).</summary>
    public bool Welcomed { get; set; }

    [Newtonsoft.Json.JsonIgnore] // worked out from the two above: not stored
    public int FollowUpsLeft => Math.Max(0, FollowUpIds.Count - NextFollowUp);

    /// <summary>Forgets the last answer (after a no-answer), keeping the topic for short follow-ups.</summary>
    public void ForgetAnswer()
    {
        LastQuestion = null;
        FollowUpIds = [];
        NextFollowUp = 0;
        LastReferences = [];
        LastDocumentId = null;
        LastSection = null;
        LastPassageId = null;
        AwaitingFeedback = false;
        AnswerId = null;
        Alternatives = [];
    }
}

/// <summary>Per-user state, kept in <c>UserState</c> so the welcome is shown once per user, not per conversation.</summary>
public sealed class UserProfile
{
    public bool Welcomed { get; set; }
}
