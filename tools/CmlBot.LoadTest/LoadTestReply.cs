using System.Text.Json;

namespace CmlBot.LoadTest;

/// <summary>The parts of a bot activity the checks read.</summary>
public sealed record LoadTestReply(string? Type, string? ConversationId, string? ReplyToId, string? RecipientId, string? Text,
    IReadOnlyList<int>? EntityCitations, IReadOnlyList<int>? ChannelDataCitations)
{
    /// <summary>The cited numbers: the schema.org Message claims' positions, else channelData.citations, else none.</summary>
    public IReadOnlyList<int> Citations => EntityCitations ?? ChannelDataCitations ?? [];

    /// <param name="readText">
    /// Whether the checks need the text (only the echo bot's replies are checked by their text): an answer's text is a few
    /// kilobytes, and the load generator shares the host's cores, so what it need not decode it leaves alone.
    /// </param>
    public static LoadTestReply From(JsonElement activity, bool readText = true) => new(
        String(activity, "type"),
        activity.TryGetProperty("conversation", out var c) ? String(c, "id") : null,
        String(activity, "replyToId"),
        activity.TryGetProperty("recipient", out var r) ? String(r, "id") : null,
        readText ? String(activity, "text") : null,
        EntityPositions(activity),
        activity.TryGetProperty("channelData", out var data) && data.ValueKind == JsonValueKind.Object
            && data.TryGetProperty("citations", out var list) && list.ValueKind == JsonValueKind.Array
            ? list.EnumerateArray().Select(n => n.GetInt32()).ToList() : null);

    private static List<int>? EntityPositions(JsonElement activity)
    {
        if (!activity.TryGetProperty("entities", out var entities) || entities.ValueKind != JsonValueKind.Array) return null;
        foreach (var entity in entities.EnumerateArray())
            if (String(entity, "type") == Bot.Replies.Citations.EntityType && entity.TryGetProperty("citation", out var claims) && claims.ValueKind == JsonValueKind.Array)
                return claims.EnumerateArray().Select(claim => claim.GetProperty("position").GetInt32()).ToList();
        return null;
    }

    private static string? String(JsonElement element, string name) =>
        element.ValueKind == JsonValueKind.Object && element.TryGetProperty(name, out var value) && value.ValueKind == JsonValueKind.String ? value.GetString() : null;
}

/// <summary>One conversation as a client holds it.</summary>
public sealed class LoadTestConversation(long number, string id, string userId, string? token = null)
{
    public long Number { get; } = number;
    public string Id { get; } = id;
    public string UserId { get; } = userId;
    /// <summary>Direct Line's conversation token; null on /api/messages.</summary>
    public string? Token { get; } = token;
    /// <summary>Direct Line's watermark: activities after it are new.</summary>
    public string? Watermark { get; set; }
}

/// <summary>What one turn sent and everything the client received for it.</summary>
public sealed record LoadTestExchange(string SentActivityId, IReadOnlyList<LoadTestReply> Received);

/// <summary>A way to talk to the host: /api/messages with expectReplies, or Direct Line.</summary>
public interface ILoadTestClient
{
    LoadTestTransport Transport { get; }
    Task<LoadTestConversation> StartAsync(long number, CancellationToken cancellationToken);
    Task<LoadTestExchange> SendAsync(LoadTestConversation conversation, string text, CancellationToken cancellationToken);

    /// <summary>What a client does after its last turn, before it goes away; not a turn, not timed.</summary>
    Task FinishAsync(LoadTestConversation conversation, CancellationToken cancellationToken);
}

/// <summary>A non-success HTTP status: counted as an error, never as a checked reply.</summary>
public sealed class LoadTestHttpException(string message) : Exception(message)
{
    public LoadTestHttpException() : this("HTTP error") { }
    public LoadTestHttpException(string message, Exception inner) : this(message + ": " + inner.Message) { }
}
