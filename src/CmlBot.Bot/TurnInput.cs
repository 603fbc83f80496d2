using CmlBot.Bot.Feedback;
using System.Text.RegularExpressions;
using Microsoft.Bot.Schema;
using Newtonsoft.Json;
using Newtonsoft.Json.Linq;

namespace CmlBot.Bot;

/// <summary>What a message activity carries that the dialog reads, normalised across channels.</summary>
/// <param name="Value">A card submit's payload (a <c>value</c> without text), else null.</param>
/// <param name="MentionsBot">The channel marked an @mention of this bot (Teams group chats and channels).</param>
/// <param name="ConversationType">Teams' <c>conversation.conversationType</c>: personal, groupChat or channel; null elsewhere.</param>
public sealed partial record TurnInput(string Text, JToken? Value, bool HasAttachments, bool MentionsBot = false, string? ConversationType = null)
{
    public const string Personal = "personal";
    public const string GroupChat = "groupChat";
    public const string Channel = "channel";

    /// <summary>A group chat or a team channel: a conversation of many people, not one person and the bot.</summary>
    public bool IsGroup => IsGroupConversation(ConversationType);

    public static bool IsGroupConversation(string? conversationType) =>
        string.Equals(conversationType, GroupChat, StringComparison.OrdinalIgnoreCase)
        || string.Equals(conversationType, Channel, StringComparison.OrdinalIgnoreCase);

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
        catch (JsonException)
        {
        }
        var mentions = Mentions(activity);
        var botId = activity.Recipient?.Id;
        var mentionsBot = !string.IsNullOrEmpty(botId) && mentions.Any(m => m.Mentioned?.Id == botId);
        return new TurnInput(TextWithoutMentions(activity, mentions), value, activity.Attachments is { Count: > 0 },
            mentionsBot, activity.Conversation?.ConversationType);
    }

    [GeneratedRegex(@"<at\b[^>]*>.*?</at>", RegexOptions.IgnoreCase | RegexOptions.Singleline)]
    private static partial Regex AtTagRx();

    [GeneratedRegex(@"[ \t\u00A0]{2,}")]
    private static partial Regex SpacesRx();

    private static IReadOnlyList<Mention> Mentions(IMessageActivity activity)
    {
        try
        {
            return activity.GetMentions() ?? [];
        }
        catch (Exception e) when (e is JsonException or ArgumentException or InvalidCastException or NullReferenceException)
        {
            return []; // a malformed mention entity is no mention
        }
    }

    /// <summary>
    /// Group chats and channels put <c>&lt;at&gt;CmlBot&lt;/at&gt;</c> into the text when the bot is addressed;
    /// the question is the rest. The bot's own mention goes with the Bot Framework's
    /// <c>RemoveRecipientMention</c>; other people's mentions are taken out too, so a name never becomes part
    /// of the question. The activity itself is left as it came (its text and every entity): a
    /// mention middleware that rewrites <c>entities</c> would also drop the non-mention ones.
    /// </summary>
    private static string TextWithoutMentions(IMessageActivity activity, IReadOnlyList<Mention> mentions)
    {
        var original = activity.Text;
        var text = original ?? "";
        if (mentions.Count > 0 && !string.IsNullOrEmpty(activity.Recipient?.Id) && text.Length > 0)
        {
            try
            {
                text = activity.RemoveRecipientMention() ?? "";
            }
            catch (Exception e) when (e is ArgumentException or RegexParseException or NullReferenceException)
            {
                text = original ?? ""; // fall back to the mention texts below
            }
            finally
            {
                activity.Text = original;
            }
            foreach (var mention in mentions)
                if (!string.IsNullOrEmpty(mention.Text))
                    text = text.Replace(mention.Text, " ", StringComparison.OrdinalIgnoreCase);
        }
        // Any <at>…</at> left (a mention the channel sent without its entity) is a name, not a question.
        text = AtTagRx().Replace(text, " ");
        // Teams may follow a mention with an HTML non-breaking space.
        if (activity.ChannelId == "msteams") text = text.Replace("&nbsp;", " ", StringComparison.OrdinalIgnoreCase);
        return SpacesRx().Replace(text, " ").Trim();
    }
}

/// <summary>
/// The dialog's replies for one turn, whether the conversation's state is to be cleared, and the feedback vote
/// to record (recorded by the handler once the turn's state is saved, so a re-run turn cannot count it twice).
/// </summary>
public sealed record TurnResult(IReadOnlyList<IMessageActivity> Replies, bool ClearConversation = false, FeedbackEntry? Feedback = null);
