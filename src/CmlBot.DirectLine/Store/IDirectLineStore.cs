namespace CmlBot.DirectLine.Store;

/// <summary>
/// One stored activity: its sequence number (the watermark) and its Direct Line JSON in UTF-8. Bytes, not a string:
/// the JSON is written once when the activity is appended and sent as is on every GET, so it is never transcoded.
/// </summary>
public sealed record StoredActivity(long Sequence, ReadOnlyMemory<byte> Utf8Json);

/// <summary>Activities after a watermark, and the watermark to ask with next time.</summary>
public sealed record ActivityPage(IReadOnlyList<StoredActivity> Activities, long? Watermark);

/// <summary>
/// Conversations and their activity queues. Tokens are self-contained (see DirectLineTokens), so they are
/// not stored. Implementations enforce the caps, byte budgets and expiry from DirectLineOptions: per client
/// (<c>MaxConversationsPerClient</c>) and overall (<c>MaxConversations</c>), a new conversation ends the one nearest its
/// expiry rather than being refused, and a conversation the user never wrote in expires after <c>UnengagedExpiryMinutes</c>
/// of disuse instead of <c>IdleExpiryMinutes</c>. A store whose backing
/// service cannot be reached throws <see cref="CmlBot.Storage.StorageUnavailableException"/>; the endpoints then
/// answer 503.
/// </summary>
public interface IDirectLineStore
{
    /// <summary>Opens a conversation for <paramref name="client"/> (see <see cref="ClientAddress"/>), counted against that client's budget.</summary>
    Task<CreateConversationResult> CreateConversationAsync(string conversationId, string client, CancellationToken cancellationToken);

    /// <summary>Whether the conversation exists and has not expired; counts as activity for idle expiry.</summary>
    Task<bool> TouchConversationAsync(string conversationId, CancellationToken cancellationToken);

    /// <summary>
    /// Appends one activity: <paramref name="render"/> gets the sequence number and returns the JSON in UTF-8, inside
    /// the store's ordering guarantee (a reader never sees sequence n+1 before n). Null if the conversation is unknown.
    /// The store keeps the array it is given: a renderer returns a new one each call. <paramref name="fromUser"/>: the user's
    /// own message, after which the conversation has the longer idle expiry. Beyond <c>MaxActivitiesPerConversation</c> or
    /// <c>MaxBytesPerConversation</c> the oldest activities are dropped (the newest is always kept).
    /// </summary>
    Task<long?> AppendActivityAsync(string conversationId, Func<long, byte[]> render, bool fromUser, CancellationToken cancellationToken);

    /// <summary>
    /// Activities with a sequence above <paramref name="watermark"/> (all if null), at most <paramref name="max"/> and at most
    /// <c>MaxBytesPerGet</c> bytes (but always one, if any wait). Null if the
    /// conversation is unknown. A watermark acknowledges what it covers: the store may drop those activities (the page never
    /// resumes a conversation from an older watermark or from none), and the ones above it are kept until acknowledged.
    /// </summary>
    Task<ActivityPage?> GetActivitiesAsync(string conversationId, long? watermark, int max, CancellationToken cancellationToken);

    /// <summary>Removes conversations unused for longer than their expiry; returns how many.</summary>
    Task<int> RemoveIdleAsync(CancellationToken cancellationToken);
}
