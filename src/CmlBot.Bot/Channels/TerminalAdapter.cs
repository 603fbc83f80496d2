using System.Globalization;
using System.Net;
using System.Text.RegularExpressions;
using Microsoft.Bot.Builder;
using Microsoft.Bot.Schema;

namespace CmlBot.Bot.Channels;

/// <summary>
/// A channel in a terminal: one line typed is one message, replies are printed as plain text with their
/// suggested actions numbered (typing the number picks one). Used by the <c>chat</c> verb, so the terminal
/// runs exactly the same bot and dialog as the web host.
/// </summary>
public sealed partial class TerminalAdapter(TextReader input, TextWriter output) : BotAdapter
{
    public const string ChannelId = "terminal";
    public const string QuitCommand = "/quit";

    private readonly ConversationReference _conversation = new()
    {
        ChannelId = ChannelId,
        ServiceUrl = "https://localhost/terminal",
        Conversation = new ConversationAccount(id: "terminal-conversation"),
        User = new ChannelAccount("terminal-user", "You"),
        Bot = new ChannelAccount("cmlbot", "CmlBot"),
    };

    private IReadOnlyList<string> _suggestions = [];

    // Replies echo a user's words, so both patterns have a timeout (Plain then leaves the markers in). The first has no
    // quantifier and is linear as it is; the second's lookarounds rule out the linear engine.
    [GeneratedRegex(@"\\([\\`*_{}\[\]()#+\-!|~])", RegexOptions.None, matchTimeoutMilliseconds: 50)]
    private static partial Regex EscapedRx();

    [GeneratedRegex(@"(?<![\\*])\*(?!\s)([^*\n]+?)(?<![\\\s])\*(?!\*)", RegexOptions.None, matchTimeoutMilliseconds: 50)]
    private static partial Regex EmphasisRx();

    public async Task RunAsync(IBot bot, CancellationToken cancellationToken)
    {
        await output.WriteLineAsync($"CmlBot in the terminal. Type a question; {QuitCommand} to leave.");
        var joined = new Activity(ActivityTypes.ConversationUpdate)
        {
            MembersAdded = [_conversation.User, _conversation.Bot],
        };
        await ProcessAsync(joined, bot, cancellationToken);
        while (!cancellationToken.IsCancellationRequested)
        {
            await output.WriteAsync("> ");
            var line = await input.ReadLineAsync(cancellationToken);
            if (line is null || line.Trim().Equals(QuitCommand, StringComparison.OrdinalIgnoreCase)) break;
            var text = line.Trim();
            if (int.TryParse(text, NumberStyles.None, CultureInfo.InvariantCulture, out var n) && n >= 1 && n <= _suggestions.Count)
                text = _suggestions[n - 1];
            await ProcessAsync(new Activity(ActivityTypes.Message) { Text = text }, bot, cancellationToken);
        }
    }

    private async Task ProcessAsync(Activity activity, IBot bot, CancellationToken cancellationToken)
    {
        activity.ApplyConversationReference(_conversation, isIncoming: true);
        activity.Id = Guid.NewGuid().ToString("N");
        using var context = new TurnContext(this, activity);
        await RunPipelineAsync(context, bot.OnTurnAsync, cancellationToken);
    }

    public override async Task<ResourceResponse[]> SendActivitiesAsync(ITurnContext turnContext, Activity[] activities, CancellationToken cancellationToken)
    {
        var responses = new List<ResourceResponse>();
        foreach (var activity in activities)
        {
            responses.Add(new ResourceResponse(activity.Id ?? ""));
            if (activity.Type != ActivityTypes.Message) continue;
            await output.WriteLineAsync();
            await output.WriteLineAsync(Plain(string.IsNullOrEmpty(activity.Text) ? CardText(activity) : activity.Text));
            var actions = activity.SuggestedActions?.Actions ?? [];
            _suggestions = actions.Select(a => a.Value?.ToString() ?? a.Title).ToList();
            for (var i = 0; i < actions.Count; i++)
                await output.WriteLineAsync($"  [{i + 1}] {actions[i].Title}");
            await output.WriteLineAsync();
        }
        return [.. responses];
    }

    public override Task<ResourceResponse> UpdateActivityAsync(ITurnContext turnContext, Activity activity, CancellationToken cancellationToken) =>
        throw new NotSupportedException("The terminal cannot change what it has printed.");

    public override Task DeleteActivityAsync(ITurnContext turnContext, ConversationReference reference, CancellationToken cancellationToken) =>
        throw new NotSupportedException("The terminal cannot change what it has printed.");

    /// <summary>An Adaptive Card answer as lines of text: its TextBlocks, then its buttons' titles.</summary>
    private static string CardText(IActivity activity)
    {
        var lines = new List<string>();
        foreach (var attachment in (activity as IMessageActivity)?.Attachments ?? [])
        {
            if (attachment.Content is null) continue;
            var card = Newtonsoft.Json.Linq.JToken.FromObject(attachment.Content);
            lines.AddRange(card.SelectTokens("$..[?(@.type == 'TextBlock')].text").Select(t => t.ToString()));
            lines.AddRange(card.SelectTokens("$.actions[*].title").Select(t => $"({t})"));
        }
        return string.Join("\n\n", lines);
    }

    /// <summary>Markdown as a terminal shows it: no emphasis markers, escapes undone.</summary>
    public static string Plain(string markdown)
    {
        var text = markdown.Replace("**", "", StringComparison.Ordinal);
        try
        {
            text = EmphasisRx().Replace(text, "$1");
            text = EscapedRx().Replace(text, "$1");
        }
        catch (RegexMatchTimeoutException)
        {
            // Markers left in are untidy, not wrong.
        }
        return WebUtility.HtmlDecode(text);
    }
}
