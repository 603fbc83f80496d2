using Microsoft.Bot.Schema;
using Newtonsoft.Json.Linq;

namespace CmlBot.Bot;

/// <summary>What a message activity carries that the dialog reads, normalised across channels.</summary>
/// <param name="Value">A card submit's payload (a <c>value</c> without text), else null.</param>
public sealed record TurnInput(string Text, JToken? Value, bool HasAttachments)
{
    public static TurnInput From(IMessageActivity activity)
    {
        JToken? value = null;
        try
        {
            value = activity.Value is null ? null : activity.Value as JToken ?? JToken.FromObject(activity.Value);
        }
        catch (ArgumentException)
        {
            // A payload that will not serialise is treated like no payload: the turn still gets a reply.
        }
        catch (Newtonsoft.Json.JsonException)
        {
        }
        return new TurnInput(TextWithoutMention(activity), value, activity.Attachments is { Count: > 0 });
    }

    /// <summary>
    /// Group channels (Teams, Slack) put "@CmlBot" into the text when the bot is addressed; the question is
    /// the rest. Only the mention of this bot is removed, as the channel marked it.
    /// </summary>
    private static string TextWithoutMention(IMessageActivity activity)
    {
        var text = activity.Text ?? "";
        var botId = activity.Recipient?.Id;
        foreach (var mention in activity.GetMentions() ?? [])
            if (botId is not null && mention.Mentioned?.Id == botId && !string.IsNullOrEmpty(mention.Text))
                text = text.Replace(mention.Text, "", StringComparison.OrdinalIgnoreCase);
        return text.Trim();
    }
}

/// <summary>The dialog's replies for one turn, and whether the conversation's state is to be cleared.</summary>
public sealed record TurnResult(IReadOnlyList<IMessageActivity> Replies, bool ClearConversation = false);
