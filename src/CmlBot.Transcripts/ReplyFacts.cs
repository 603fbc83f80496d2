using System.Text.RegularExpressions;
using Microsoft.Bot.Schema;
using Newtonsoft.Json.Linq;

namespace CmlBot.Transcripts;

/// <summary>
/// The parts of a bot reply that a replay compares: type, text with white space normalised,
/// suggested-action titles, attachment content types and cited reference numbers. Ids, timestamps,
/// service URLs and conversation/from/recipient ids are deliberately left out: they change every run.
/// </summary>
public sealed partial record ReplyFacts(string Type, string Text, IReadOnlyList<string> Actions, IReadOnlyList<string> AttachmentTypes, IReadOnlyList<int> Citations)
{
    [GeneratedRegex(@"\s+", RegexOptions.NonBacktracking)]
    private static partial Regex WhiteSpace();

    public static string Normalize(string? text) => WhiteSpace().Replace(text ?? "", " ").Trim();

    /// <summary>Typing indicators and traces are not part of what a user reads.</summary>
    public static bool IsIgnored(IActivity activity) => activity.Type is ActivityTypes.Typing or ActivityTypes.Trace;

    public static ReplyFacts Of(Activity a) => new(
        a.Type ?? "",
        Normalize(a.Text),
        a.SuggestedActions?.Actions?.Select(x => x.Title ?? x.Value?.ToString() ?? "").ToList() ?? [],
        a.Attachments?.Select(x => x.ContentType ?? "").ToList() ?? [],
        CitationsOf(a));

    /// <summary>
    /// Cited reference numbers, read from the schema.org Message entity's claims (their "position") or,
    /// failing that, from channelData.citations.
    /// </summary>
    public static IReadOnlyList<int> CitationsOf(Activity a)
    {
        foreach (var entity in a.Entities ?? [])
        {
            if (!string.Equals(entity.Type, "https://schema.org/Message", StringComparison.OrdinalIgnoreCase)) continue;
            // A claim read from a transcript is an object; one from a reply made in process may be its JSON (a JRaw).
            if (entity.Properties?["citation"] is JArray claims)
                return claims.Select(c => (c is JRaw { Value: string json } ? JToken.Parse(json) : c)["position"]?.Value<int?>()).OfType<int>().ToList();
        }
        if (a.ChannelData is JObject data && data["citations"] is JArray list)
            return list.Select(x => x.Type == JTokenType.Integer ? x.Value<int>() : x["number"]?.Value<int?>() ?? x["position"]?.Value<int?>() ?? -1)
                .Where(n => n >= 0).ToList();
        return [];
    }

    public static ExpectedReply ToExpected(Activity a)
    {
        var f = Of(a);
        return new ExpectedReply(f.Type, f.Text, Actions: f.Actions, AttachmentTypes: f.AttachmentTypes, Citations: f.Citations);
    }
}
