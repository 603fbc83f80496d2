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
/// <param name="CutFrom">The length the message had when it was longer than the incoming-text limit and was cut; else null.</param>
public sealed partial record TurnInput(string Text, JToken? Value, bool HasAttachments, bool MentionsBot = false, string? ConversationType = null, int? CutFrom = null)
{
    /// <summary>The default of <see cref="BotOptions.MaxIncomingTextLength"/>.</summary>
    public const int DefaultMaxTextLength = 4000;

    // A mention's text is a name in <at>…</at>; longer ones, or more of them, are not a channel's and are not looked for.
    private const int MaxMentions = 16;
    private const int MaxMentionLength = 256;

    public const string Personal = "personal";
    public const string GroupChat = "groupChat";
    public const string Channel = "channel";

    /// <summary>A group chat or a team channel: a conversation of many people, not one person and the bot.</summary>
    public bool IsGroup => IsGroupConversation(ConversationType);

    public static bool IsGroupConversation(string? conversationType) =>
        string.Equals(conversationType, GroupChat, StringComparison.OrdinalIgnoreCase)
        || string.Equals(conversationType, Channel, StringComparison.OrdinalIgnoreCase);

    /// <param name="maxTextLength">
    /// The text is cut to this many characters before anything reads it: every pattern and search below costs time
    /// in proportion to the text (or worse), and a message's body may be hundreds of kilobytes.
    /// </param>
    public static TurnInput From(IMessageActivity activity, int maxTextLength = DefaultMaxTextLength)
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
        var text = activity.Text ?? "";
        int? cutFrom = null;
        if (text.Length > maxTextLength)
        {
            cutFrom = text.AsSpan().Trim().Length; // the length the user sees: without leading and trailing space
            var end = Math.Max(0, maxTextLength);
            if (end > 0 && char.IsHighSurrogate(text[end - 1])) end--;
            text = text[..end];
        }
        return new TurnInput(TextWithoutMentions(text, activity.ChannelId, mentions), value, activity.Attachments is { Count: > 0 },
            mentionsBot, activity.Conversation?.ConversationType, cutFrom);
    }

    [GeneratedRegex(@"<at\b[^>]*>.*?</at>", RegexOptions.IgnoreCase | RegexOptions.Singleline | RegexOptions.NonBacktracking)]
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
    /// the question is the rest. Every mention's text is taken out (the bot's and other people's), so a name never
    /// becomes part of the question. The activity itself is left as it came (its text and every entity): a
    /// mention middleware that rewrites <c>entities</c> would also drop the non-mention ones.
    /// </summary>
    private static string TextWithoutMentions(string text, string? channelId, IReadOnlyList<Mention> mentions)
    {
        if (text.Length > 0)
            foreach (var mention in mentions.Take(MaxMentions))
                if (mention.Text is { Length: > 0 and <= MaxMentionLength } name)
                    text = text.Replace(name, " ", StringComparison.OrdinalIgnoreCase);
        // Any <at>…</at> left (a mention the channel sent without its entity) is a name, not a question.
        text = AtTagRx().Replace(text, " ");
        // Teams may follow a mention with an HTML non-breaking space.
        if (channelId == "msteams") text = text.Replace("&nbsp;", " ", StringComparison.OrdinalIgnoreCase);
        return SpacesRx().Replace(text, " ").Trim();
    }
}

/// <summary>
/// The dialog's replies for one turn, whether the conversation's state is to be cleared, and the feedback vote
/// to record (recorded by the handler once the turn's state is saved, so a re-run turn cannot count it twice).
/// </summary>
public sealed record TurnResult(IReadOnlyList<IMessageActivity> Replies, bool ClearConversation = false, FeedbackEntry? Feedback = null);
