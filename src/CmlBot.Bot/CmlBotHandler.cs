using CmlBot.Bot.Answers;
using CmlBot.Bot.Replies;
using CmlBot.Bot.State;
using Microsoft.Bot.Builder;
using Microsoft.Bot.Schema;
using Microsoft.Extensions.Logging;

namespace CmlBot.Bot;

/// <summary>
/// The bot: Bot Framework plumbing around <see cref="CmlDialog"/>. Loads and saves state, welcomes each user
/// once, and lets every other activity type (typing, events, reactions…) pass without a reply.
/// </summary>
public sealed class CmlBotHandler(
    ConversationState conversationState,
    UserState userState,
    CmlDialog dialog,
    IAnswerSource answers,
    ReplyFactory replies,
    ILogger<CmlBotHandler> logger) : ActivityHandler
{
    private readonly IStatePropertyAccessor<ConversationData> _conversation = conversationState.CreateProperty<ConversationData>(nameof(ConversationData));
    private readonly IStatePropertyAccessor<UserProfile> _user = userState.CreateProperty<UserProfile>(nameof(UserProfile));

    public override async Task OnTurnAsync(ITurnContext turnContext, CancellationToken cancellationToken = default)
    {
        // Conversation ids only: the user's words never go to the log.
        logger.LogInformation("{ActivityType} activity in conversation {ConversationId}", turnContext.Activity.Type, turnContext.Activity.Conversation?.Id);
        await base.OnTurnAsync(turnContext, cancellationToken);
        // Saved only when the turn completes: a turn that throws leaves the previous state in storage.
        if (HasConversation(turnContext)) await conversationState.SaveChangesAsync(turnContext, false, cancellationToken);
        if (HasUser(turnContext)) await userState.SaveChangesAsync(turnContext, false, cancellationToken);
    }

    protected override async Task OnMembersAddedAsync(IList<ChannelAccount> membersAdded, ITurnContext<IConversationUpdateActivity> turnContext, CancellationToken cancellationToken)
    {
        var botId = turnContext.Activity.Recipient?.Id;
        if (membersAdded.Any(m => m.Id != botId))
            await WelcomeOnceAsync(turnContext, cancellationToken);
    }

    protected override async Task OnMessageActivityAsync(ITurnContext<IMessageActivity> turnContext, CancellationToken cancellationToken)
    {
        // Some channels never send conversationUpdate: their users are welcomed on their first message.
        await WelcomeOnceAsync(turnContext, cancellationToken);

        var state = HasConversation(turnContext)
            ? await _conversation.GetAsync(turnContext, () => new ConversationData(), cancellationToken)
            : new ConversationData();
        var result = await dialog.RespondAsync(TurnInput.From(turnContext.Activity), state, cancellationToken);
        if (result.ClearConversation && HasConversation(turnContext))
            await conversationState.ClearStateAsync(turnContext, cancellationToken);
        if (result.Replies.Count > 0)
            await turnContext.SendActivitiesAsync(result.Replies.Cast<IActivity>().ToArray(), cancellationToken);
    }

    private async Task WelcomeOnceAsync(ITurnContext turnContext, CancellationToken cancellationToken)
    {
        if (!HasUser(turnContext)) return;
        var profile = await _user.GetAsync(turnContext, () => new UserProfile(), cancellationToken);
        if (profile.Welcomed) return;
        profile.Welcomed = true;
        await turnContext.SendActivityAsync(replies.Welcome(await answers.DescribeSourceAsync(cancellationToken)), cancellationToken);
    }

    // State is keyed by channel and conversation (or user) id; an activity without them gets answered statelessly.
    private static bool HasConversation(ITurnContext turnContext) =>
        !string.IsNullOrEmpty(turnContext.Activity.ChannelId) && !string.IsNullOrEmpty(turnContext.Activity.Conversation?.Id);

    private static bool HasUser(ITurnContext turnContext) =>
        !string.IsNullOrEmpty(turnContext.Activity.ChannelId) && !string.IsNullOrEmpty(turnContext.Activity.From?.Id);
}
