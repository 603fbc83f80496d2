using System.Runtime.Serialization;
using Newtonsoft.Json;

namespace CmlBot.Bot.State;

/// <summary>A "did you mean" candidate the bot offered: the passage to answer with and the label shown.</summary>
public sealed record PendingChoice(string Id, string Label);

/// <summary>
/// One conversation's state, kept in <c>ConversationState</c>. A plain class with settable properties so
/// that every <c>IStorage</c> (which serialise with Newtonsoft.Json) round-trips it.
/// </summary>
/// <remarks>
/// Every turn writes this as JSON five times (Bot Builder hashes it when the turn loads it and before and after it is
/// saved; the store writes it and reads it back), and an idle conversation is kept for the store's expiry: so what
/// holds nothing is left out of the JSON (null text, zero, false, an empty list) and reads back as the same default,
/// and the topic is left out while it is the last question, which it is after every new question. JSON written
/// before these rules (every property present) reads back the same.
/// </remarks>
public sealed class ConversationData
{
    private string? _topic;
    private bool _topicRead;
    private List<string>? _storedFollowUpIds;

    /// <summary>The question as the core last answered it ("tell me more" and feedback refer to it).</summary>
    [JsonProperty(NullValueHandling = NullValueHandling.Ignore)]
    public string? LastQuestion { get; set; }

    /// <summary>The last full question the user asked: short follow-ups ("what about nilotinib?") are read with it.</summary>
    [JsonProperty(NullValueHandling = NullValueHandling.Include)]
    public string? Topic
    {
        get => _topic;
        set
        {
            _topic = value;
            _topicRead = true;
        }
    }

    /// <summary>Ranked further passages for "tell me more" (passage ids), and the next one to show.</summary>
    [JsonIgnore] // stored as StoredFollowUpIds
    public List<string> FollowUpIds { get; set; } = [];
    [JsonProperty(DefaultValueHandling = DefaultValueHandling.Ignore)]
    public int NextFollowUp { get; set; }

    /// <summary>The reference numbers the last answer cited, and the document they belong to.</summary>
    public List<int> LastReferences { get; set; } = [];
    [JsonProperty(NullValueHandling = NullValueHandling.Ignore)]
    public string? LastDocumentId { get; set; }
    [JsonProperty(NullValueHandling = NullValueHandling.Ignore)]
    public string? LastSection { get; set; }

    /// <summary>The passage the last answer quoted; feedback is stored against it.</summary>
    [JsonProperty(NullValueHandling = NullValueHandling.Ignore)]
    public string? LastPassageId { get; set; }
    [JsonProperty(DefaultValueHandling = DefaultValueHandling.Ignore)]
    public bool AwaitingFeedback { get; set; }

    /// <summary>A random id for the last answer: its vote is recorded once, however often it is delivered.</summary>
    [JsonProperty(NullValueHandling = NullValueHandling.Ignore)]
    public string? AnswerId { get; set; }

    /// <summary>
    /// Passages this conversation has voted on: one vote per passage per conversation, however often it is shown.
    /// Kept through "start over", so starting over is no way to vote again.
    /// </summary>
    public List<string> RatedPassageIds { get; set; } = [];

    /// <summary>Candidates offered as "did you mean"; a choice is honoured only from this list.</summary>
    public List<PendingChoice> Alternatives { get; set; } = [];

    /// <summary>A group chat or team channel has had its one welcome (on installation).</summary>
    [JsonProperty(DefaultValueHandling = DefaultValueHandling.Ignore)]
    public bool Welcomed { get; set; }

    /// <summary>
    /// <see cref="FollowUpIds"/> as stored: an id in <see cref="LastDocumentId"/> without that document's name
    /// (":p3.s4" for "000_ab607018458266da:p3.s4"; no passage id starts with the colon). The names were a quarter of
    /// what a kept conversation stored.
    /// </summary>
    [JsonProperty(nameof(FollowUpIds), ObjectCreationHandling = ObjectCreationHandling.Replace)]
    private List<string> StoredFollowUpIds
    {
        get
        {
            if (LastDocumentId is not { Length: > 0 } document) return FollowUpIds;
            var stored = new List<string>(FollowUpIds.Count);
            foreach (var id in FollowUpIds)
                stored.Add(id.Length > document.Length + 1 && id[document.Length] == DocumentSeparator && id.StartsWith(document, StringComparison.Ordinal)
                    ? id[document.Length..]
                    : id);
            return stored;
        }
        set => _storedFollowUpIds = value;
    }

    private const char DocumentSeparator = ':';

    // Newtonsoft.Json asks these (by their names) whether to write a property.
    public bool ShouldSerializeTopic() => !string.Equals(_topic, LastQuestion, StringComparison.Ordinal);
    public bool ShouldSerializeStoredFollowUpIds() => FollowUpIds is not { Count: 0 };
    public bool ShouldSerializeLastReferences() => LastReferences is not { Count: 0 };
    public bool ShouldSerializeAlternatives() => Alternatives is not { Count: 0 };
    public bool ShouldSerializeRatedPassageIds() => RatedPassageIds is not { Count: 0 };

    /// <summary>A topic left out of the JSON was the last question; a follow-up id stored without its document is in the last one's.</summary>
    [OnDeserialized]
    internal void OnRead(StreamingContext context)
    {
        if (!_topicRead) _topic = LastQuestion;
        if (_storedFollowUpIds is null) return;
        FollowUpIds = LastDocumentId is { Length: > 0 } document
            ? _storedFollowUpIds.Select(id => id.StartsWith(DocumentSeparator) ? document + id : id).ToList()
            : _storedFollowUpIds;
        _storedFollowUpIds = null;
    }

    [JsonIgnore] // worked out from FollowUpIds and NextFollowUp: not stored
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
