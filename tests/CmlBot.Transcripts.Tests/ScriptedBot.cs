using Microsoft.Bot.Builder;
using Microsoft.Bot.Schema;
using Newtonsoft.Json.Linq;

namespace CmlBot.Transcripts.Tests;

/// <summary>A bot with fixed replies, to test the replayer apart from CmlBot's dialog.</summary>
internal sealed class ScriptedBot(Dictionary<string, Func<IReadOnlyList<Activity>>> script) : ActivityHandler
{
    public static ScriptedBot Default() => new(new()
    {
        ["hi"] = () => [Reply("Hello there.", actions: ["Tell me more", "Help"])],
        ["two"] = () => [Reply("First."), Reply("Second.")],
        ["cite"] = () => [Reply("Quoted text.[12,13]", citations: [12, 13])],
        ["card"] = () => [new Activity(ActivityTypes.Message) { Attachments = [new Attachment("application/vnd.microsoft.card.adaptive", content: new JObject())] }],
    });

    public static Activity Reply(string text, string[]? actions = null, int[]? citations = null)
    {
        var a = MessageFactory.Text(text);
        if (actions is not null) a.SuggestedActions = new SuggestedActions { Actions = actions.Select(t => new CardAction(ActionTypes.ImBack, t, value: t)).ToList() };
        if (citations is not null)
            a.Entities = [new Entity("https://schema.org/Message") { Properties = new JObject { ["citation"] = new JArray(citations.Select(n => new JObject { ["position"] = n })) } }];
        return a;
    }

    protected override async Task OnMessageActivityAsync(ITurnContext<IMessageActivity> turnContext, CancellationToken cancellationToken)
    {
        await turnContext.SendActivityAsync(new Activity(ActivityTypes.Typing), cancellationToken);
        var replies = script.TryGetValue(turnContext.Activity.Text ?? "", out var make) ? make() : [MessageFactory.Text($"You said: {turnContext.Activity.Text}")];
        await turnContext.SendActivitiesAsync(replies.ToArray(), cancellationToken);
    }

    protected override Task OnMembersAddedAsync(IList<ChannelAccount> membersAdded, ITurnContext<IConversationUpdateActivity> turnContext, CancellationToken cancellationToken) =>
        membersAdded.Any(m => m.Id != turnContext.Activity.Recipient.Id)
            ? turnContext.SendActivityAsync(MessageFactory.Text("Welcome!"), cancellationToken)
            : Task.CompletedTask;
}
