using System.Text.RegularExpressions;
using Microsoft.Bot.Schema;

namespace CmlBot.Transcripts;

/// <summary>
/// Hand-written test conversations in the Bot Framework chatdown style. The syntax (also in the README):
/// <code>
/// # a comment
/// channel: emulator                         optional, first; the channel id the activities carry
/// [ConversationUpdate=MembersAdded=User]    the user joins (a conversationUpdate)
/// user: Can I take imatinib after my transplant?
/// bot contains: Most patients will respond  one reply whose text contains this (ignoring case)
///   cites: 14-17                            …and that cites exactly these references
///   actions: Tell me more | Which study?    …and offers exactly these suggested actions
///   attachments: application/vnd.microsoft.card.adaptive
/// bot: exact text                           a reply whose text is exactly this (white space normalised)
/// bot matches: ^Reference \d+               a reply whose text matches the regular expression
/// bot any                                   a reply, whatever it says
/// bot ...                                   any further replies to this turn (none is fine too)
/// </code>
/// Each bot line is one reply, in order; replies a case does not list are extra replies and fail it.
/// </summary>
public static partial class ChatFileParser
{
    [GeneratedRegex(@"^\[ConversationUpdate=MembersAdded=(?<who>[^\]]+)\]$", RegexOptions.IgnoreCase | RegexOptions.NonBacktracking)]
    private static partial Regex ConversationUpdateRx();

    [GeneratedRegex(@"^bot(?:\s+(?<kind>contains|matches))?\s*:\s?(?<text>.*)$", RegexOptions.IgnoreCase | RegexOptions.NonBacktracking)]
    private static partial Regex BotLineRx();

    public const string UserId = "chat-user";
    public const string BotId = "chat-bot";

    public static TranscriptCase Read(string path)
    {
        var lines = File.ReadAllLines(path);
        var conversation = new ConversationAccount { Id = "chat:" + Path.GetFileNameWithoutExtension(path) };
        var user = new ChannelAccount(UserId, "User", RoleTypes.User);
        var bot = new ChannelAccount(BotId, "CmlBot", RoleTypes.Bot);
        var channel = "emulator";
        var turns = new List<(Activity User, List<ExpectedReply> Replies, bool Any)>();
        TranscriptFormatException Error(int line, string problem) => new(path, line, 1, problem);

        Activity NewActivity(string type) => new()
        {
            Type = type, ChannelId = channel, Conversation = conversation, From = user, Recipient = bot,
            Id = $"{turns.Count + 1}", Locale = "en-US", ServiceUrl = "http://localhost",
        };

        for (var i = 0; i < lines.Length; i++)
        {
            var raw = lines[i];
            var line = raw.Trim();
            var n = i + 1;
            if (line.Length == 0 || line.StartsWith('#') || line.StartsWith("[Typing", StringComparison.OrdinalIgnoreCase) || line.StartsWith("[Delay", StringComparison.OrdinalIgnoreCase))
                continue;

            if (char.IsWhiteSpace(raw[0]))
            {
                // A continuation: one more requirement on the bot line above.
                if (turns.Count == 0 || turns[^1].Replies.Count == 0)
                    throw Error(n, "an indented requirement must follow a bot line");
                var replies = turns[^1].Replies;
                replies[^1] = Requirement(replies[^1], line, n, Error);
                continue;
            }

            if (line.StartsWith("channel:", StringComparison.OrdinalIgnoreCase))
            {
                if (turns.Count > 0) throw Error(n, "channel: must come before the first turn");
                channel = line["channel:".Length..].Trim();
                continue;
            }

            var update = ConversationUpdateRx().Match(line);
            if (update.Success)
            {
                var activity = NewActivity(ActivityTypes.ConversationUpdate);
                activity.MembersAdded = update.Groups["who"].Value.Split(',', StringSplitOptions.TrimEntries | StringSplitOptions.RemoveEmptyEntries)
                    .Select(name => name.Equals("bot", StringComparison.OrdinalIgnoreCase) ? bot : new ChannelAccount(name.Equals("user", StringComparison.OrdinalIgnoreCase) ? UserId : name, name))
                    .Append(bot).DistinctBy(a => a.Id).ToList();
                turns.Add((activity, [], false));
                continue;
            }

            if (line.StartsWith("user:", StringComparison.OrdinalIgnoreCase))
            {
                var activity = NewActivity(ActivityTypes.Message);
                activity.Text = line["user:".Length..].TrimStart();
                activity.TextFormat = TextFormatTypes.Plain;
                turns.Add((activity, [], false));
                continue;
            }

            if (line.StartsWith("bot", StringComparison.OrdinalIgnoreCase))
            {
                if (turns.Count == 0) throw Error(n, "a bot line before any user line");
                var rest = line[3..].Trim();
                if (rest == "...") { turns[^1] = turns[^1] with { Any = true }; continue; }
                if (rest.Equals("any", StringComparison.OrdinalIgnoreCase)) { turns[^1].Replies.Add(new ExpectedReply(ActivityTypes.Message, Line: n)); continue; }
                var m = BotLineRx().Match(line);
                if (!m.Success) throw Error(n, "expected \"bot: text\", \"bot contains: text\", \"bot matches: regex\", \"bot any\" or \"bot ...\"");
                var text = m.Groups["text"].Value.Trim();
                var expected = m.Groups["kind"].Value.ToLowerInvariant() switch
                {
                    "contains" => new ExpectedReply(ActivityTypes.Message, Contains: text, Line: n),
                    "matches" => new ExpectedReply(ActivityTypes.Message, Pattern: CheckedPattern(text, n, Error), Line: n),
                    _ => new ExpectedReply(ActivityTypes.Message, Text: text, Line: n),
                };
                turns[^1].Replies.Add(expected);
                continue;
            }

            throw Error(n, "expected a \"user:\" or \"bot…\" line, an indented requirement, [ConversationUpdate=MembersAdded=…], or # comment");
        }

        if (turns.Count == 0) throw Error(1, "the case has no turn");
        return new TranscriptCase(Path.GetFileName(path), path,
            turns.Select((t, i) => new Turn(i + 1, t.User, t.Replies, t.Any)).ToList(), IsChatFile: true);
    }

    private static ExpectedReply Requirement(ExpectedReply reply, string line, int n, Func<int, string, TranscriptFormatException> error)
    {
        var colon = line.IndexOf(':', StringComparison.Ordinal);
        if (colon < 0) throw error(n, "expected \"cites:\", \"actions:\", \"attachments:\" or \"type:\"");
        var key = line[..colon].Trim().ToLowerInvariant();
        var value = line[(colon + 1)..].Trim();
        return key switch
        {
            "cites" => reply with { Citations = ParseNumbers(value, n, error) },
            "actions" => reply with { Actions = value.Length == 0 ? [] : value.Split('|', StringSplitOptions.TrimEntries).ToList() },
            "attachments" => reply with { AttachmentTypes = value.Length == 0 ? [] : value.Split(',', StringSplitOptions.TrimEntries).ToList() },
            "type" => reply with { Type = value },
            _ => throw error(n, $"unknown requirement \"{key}\" (cites, actions, attachments, type)"),
        };
    }

    private static List<int> ParseNumbers(string value, int n, Func<int, string, TranscriptFormatException> error)
    {
        var numbers = new List<int>();
        if (value.Length == 0 || value.Equals("none", StringComparison.OrdinalIgnoreCase)) return numbers;
        foreach (var part in value.Split(',', StringSplitOptions.TrimEntries))
        {
            var ends = part.Split(['-', '–'], StringSplitOptions.TrimEntries);
            if (!int.TryParse(ends[0], out var from) || !int.TryParse(ends[^1], out var to) || to < from || ends.Length > 2)
                throw error(n, $"\"{part}\" is not a reference number or range");
            for (var x = from; x <= to; x++) numbers.Add(x);
        }
        return numbers;
    }

    private static string CheckedPattern(string pattern, int n, Func<int, string, TranscriptFormatException> error)
    {
        try { _ = new Regex(pattern, RegexOptions.None, TimeSpan.FromSeconds(1)); }
        catch (ArgumentException e) { throw error(n, "bad regular expression: " + e.Message); }
        return pattern;
    }
}
