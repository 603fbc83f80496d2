using System.Text;
using Microsoft.Bot.Schema;
using Newtonsoft.Json;
using Newtonsoft.Json.Linq;

namespace CmlBot.DirectLine;

/// <summary>
/// What of a patient's posted message is kept, queued and given to the bot: only what the dialog reads
/// (<c>TurnInput</c>: text, a card's <c>value</c>, whether there are attachments) and what Web Chat needs to match its
/// echo (<c>channelData.clientActivityID</c>). Everything else a client sends (padding in <c>channelData</c>,
/// entities, extension data) is dropped, so a stored activity is bounded by the text and value limits, whatever was posted.
/// </summary>
internal static class PostedActivity
{
    private const int MaxNameLength = 64;
    private const int MaxClientActivityIdLength = 128;
    private const int MaxAttachments = 10;
    private const int MaxContentTypeLength = 128;

    /// <summary>Bytes of <paramref name="value"/> as compact JSON in UTF-8 (0 for none).</summary>
    public static int ValueBytes(object? value) => value switch
    {
        null => 0,
        JToken token => Encoding.UTF8.GetByteCount(token.ToString(Formatting.None)),
        _ => Encoding.UTF8.GetByteCount(JsonConvert.SerializeObject(value)),
    };

    /// <summary>A new message activity holding only the kept fields of <paramref name="posted"/>; the adapter sets ids, accounts and time.</summary>
    public static Activity Keep(Activity posted)
    {
        var kept = new Activity(ActivityTypes.Message)
        {
            Text = posted.Text,
            Value = posted.Value,
            From = new ChannelAccount(name: Truncate(posted.From?.Name, MaxNameLength)),
        };
        // The bot reads only that there are attachments (it answers that it reads text); their type is enough to say so.
        var attachments = posted.Attachments?.Where(a => a is not null).Take(MaxAttachments)
            .Select(a => new Attachment(Truncate(a.ContentType, MaxContentTypeLength))).ToList();
        if (attachments is { Count: > 0 }) kept.Attachments = attachments;
        // Web Chat matches the echo of what it sent by this id; without it the patient's message stays "sending".
        if (posted.ChannelData is JObject data && data["clientActivityID"] is JValue { Type: JTokenType.String } id
            && id.Value<string>() is { Length: > 0 and <= MaxClientActivityIdLength } clientActivityId)
            kept.ChannelData = new JObject { ["clientActivityID"] = clientActivityId };
        return kept;
    }

    private static string? Truncate(string? s, int max) => s is { Length: > 0 } && s.Length > max ? s[..max] : s;
}
