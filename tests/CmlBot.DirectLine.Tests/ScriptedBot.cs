using Microsoft.Bot.Builder;
using Microsoft.Bot.Schema;
using Newtonsoft.Json.Linq;

namespace CmlBot.DirectLine.Tests;

/// <summary>A bot with fixed replies in CmlBot's shape (welcome, quoted answer with citations, suggested actions).</summary>
internal sealed class ScriptedBot : ActivityHandler
{
    public const string Welcome = "Hello, I am CmlBot. Ask me about chronic myelogenous leukemia that has come back.";
    public const string Question = "Can I take imatinib if my CML returns after my transplant?";
    public const string AnswerQuote = "Most patients will respond to imatinib mesylate";
    public const string FollowUp = "What is donor lymphocyte infusion?";
    public const string FollowUpAnswer = "Donor lymphocyte infusion gives the patient white blood cells from the transplant donor";
    public const string Boom = "make the bot fail";

    protected override async Task OnMembersAddedAsync(IList<ChannelAccount> membersAdded, ITurnContext<IConversationUpdateActivity> turnContext, CancellationToken cancellationToken)
    {
        if (membersAdded.Any(m => m.Id != turnContext.Activity.Recipient.Id))
            await turnContext.SendActivityAsync(WithActions(MessageFactory.Text(Welcome), Question, "Help"), cancellationToken);
    }

    protected override async Task OnMessageActivityAsync(ITurnContext<IMessageActivity> turnContext, CancellationToken cancellationToken)
    {
        var text = turnContext.Activity.Text ?? "";
        if (text == Boom) throw new InvalidOperationException("scripted failure");
        await turnContext.SendActivityAsync(new Activity(ActivityTypes.Typing), cancellationToken);
        var reply = text switch
        {
            Question => WithActions(Answer(), FollowUp, "Help"),
            FollowUp => MessageFactory.Text($"> {FollowUpAnswer} after a relapse.[18]\n\n[18]: cite:18 \"Reference 18\""),
            _ => MessageFactory.Text($"You said {text.Length} characters."),
        };
        await turnContext.SendActivityAsync(reply, cancellationToken);
    }

    /// <summary>
    /// Web Chat's citation format: reference-style Markdown links plus a schema.org Message entity. The markers are
    /// separated by spaces: "[15][16]" would be one full reference link (text 15, pointing at 16).
    /// </summary>
    private static Activity Answer()
    {
        int[] refs = [15, 16, 17];
        var text = $"From the summary for health professionals:\n\n> {AnswerQuote} after relapse following a transplant.[15] [16] [17]\n\n"
                   + string.Join("\n", refs.Select(n => $"[{n}]: cite:{n} \"Reference {n}\""));
        var a = MessageFactory.Text(text);
        a.TextFormat = TextFormatTypes.Markdown;
        a.Entities =
        [
            new Entity("https://schema.org/Message")
            {
                Properties = new JObject
                {
                    ["@context"] = "https://schema.org",
                    ["@id"] = "",
                    ["@type"] = "Message",
                    ["citation"] = new JArray(refs.Select(n => new JObject
                    {
                        ["@type"] = "Claim",
                        ["position"] = n,
                        ["appearance"] = new JObject { ["@type"] = "DigitalDocument", ["name"] = $"Reference {n}", ["abstract"] = $"Reference {n} of the PDQ summary." },
                    })),
                },
            },
        ];
        return a;
    }

    private static Activity WithActions(IMessageActivity activity, params string[] actions)
    {
        var a = (Activity)activity;
        a.SuggestedActions = new SuggestedActions { Actions = actions.Select(t => new CardAction(ActionTypes.ImBack, t, value: t)).ToList() };
        return a;
    }
}
