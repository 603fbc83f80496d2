using CmlBot.Bot.Answers;
using CmlBot.Bot.Feedback;
using CmlBot.Bot.Replies;
using CmlBot.Bot.State;
using CmlBot.Storage;
using Microsoft.Bot.Builder;
using Microsoft.Bot.Schema;
using Microsoft.Extensions.Logging;

namespace CmlBot.Bot;

/// <summary>
/// The bot: Bot Framework plumbing around <see cref="CmlDialog"/>. Loads and saves state (per conversation,
/// and per user for the welcome), welcomes, and lets every other activity type (typing, events, reactions…)
/// pass without a reply.
/// </summary>
/// <remarks>
/// Welcome rules. One person and the bot (Teams' personal scope, Web Chat, the Emulator, the terminal): each
/// user once, on joining, on installing the app, or else on their first message. Teams group chats and team
/// channels: one welcome for the conversation when the bot itself is added (installed); never for each member
/// who joins later, and never on a message.
/// <para>
/// Overlapping turns. With a shared store two instances (or two requests) may run turns of one conversation at
/// once; the store rejects the second save (an ETag conflict). The turn is then run again on fresh state; its
/// replies are held until its state is saved (<see cref="TurnOutbox"/>), so nothing is said twice. A turn saves
/// two records (conversation, then user), so against one other turn it can lose at most twice, once to each of
/// that turn's saves: the third attempt always sees both. A third conflict (three or more turns racing) gives
/// up: the user is asked to send the message again.
/// </para>
/// </remarks>
public sealed class CmlBotHandler(
    ConversationState conversationState,
    UserState userState,
    CmlDialog dialog,
    IAnswerSource answers,
    IFeedbackStore feedback,
    ReplyFactory replies,
    TeamsOptions teams,
    ILogger<CmlBotHandler> logger) : ActivityHandler
{
    /// <summary>Attempts at one turn before giving up on state conflicts: see the remarks.</summary>
    private const int MaxAttempts = 3;

    private readonly IStatePropertyAccessor<ConversationData> _conversation = conversationState.CreateProperty<ConversationData>(nameof(ConversationData));
    private readonly IStatePropertyAccessor<UserProfile> _user = userState.CreateProperty<UserProfile>(nameof(UserProfile));

    public override async Task OnTurnAsync(ITurnContext turnContext, CancellationToken cancellationToken = default)
    {
        // Conversation ids only: the user's words never go to the log. Debug, not Information: a line per
        // activity is a trace for whoever is chasing a conversation (Logging:LogLevel:CmlBot.Bot = Debug), and
        // at Information the console logger cost the host several percent of its turns under load.
        logger.LogDebug("{ActivityType} activity in conversation {ConversationId}", turnContext.Activity.Type, turnContext.Activity.Conversation?.Id);
        var outbox = TurnOutbox.Open(turnContext);
        try
        {
            for (var attempt = 1; attempt <= MaxAttempts; attempt++)
            {
                var saved = attempt == 1
                    ? await RunAndSaveAsync(turnContext, outbox, cancellationToken)
                    : await RerunAfterConflictAsync(turnContext, outbox, cancellationToken);
                if (!saved) continue;
                await outbox.ReleaseAsync();
                return;
            }
        }
        finally
        {
            // A turn that throws says nothing of its own; the error handler's apology goes straight out.
            outbox.Close();
        }
        logger.LogWarning("State conflict again in conversation {ConversationId}: the turn was not applied", turnContext.Activity.Conversation?.Id);
        if (turnContext.Activity.Type == ActivityTypes.Message) await turnContext.SendActivityAsync(replies.SendAgain(), cancellationToken);
    }

    /// <summary>One attempt: the turn, then its state saved. False when the save lost an ETag race.</summary>
    private async Task<bool> RunAndSaveAsync(ITurnContext turnContext, TurnOutbox outbox, CancellationToken cancellationToken)
    {
        try
        {
            await base.OnTurnAsync(turnContext, cancellationToken);
            // The vote goes first, then the state that says it was cast: an instance dying between the two
            // leaves the vote recorded and the answer still open, so the client's retry votes again, and the
            // store counts one vote per answer id. The other order would lose the vote.
            if (outbox.Vote is { } vote) await feedback.AddAsync(vote, cancellationToken);
            // Saved only when the turn completes: a turn that throws leaves the previous state in storage. Only the
            // conversation's save can conflict in practice: user state changes once, on the welcome, from nothing.
            if (HasConversation(turnContext)) await conversationState.SaveChangesAsync(turnContext, false, cancellationToken);
            if (HasUser(turnContext)) await userState.SaveChangesAsync(turnContext, false, cancellationToken);
            return true;
        }
        catch (Exception e) when (StateConflictException.IsConflict(e))
        {
            outbox.Discard();
            return false;
        }
    }

    private async Task<bool> RerunAfterConflictAsync(ITurnContext turnContext, TurnOutbox outbox, CancellationToken cancellationToken)
    {
        logger.LogInformation("State conflict in conversation {ConversationId}: running the turn again on fresh state", turnContext.Activity.Conversation?.Id);
        // Forget this turn's cached state: the next read sees what the other turn saved.
        if (HasConversation(turnContext)) await conversationState.LoadAsync(turnContext, true, cancellationToken);
        if (HasUser(turnContext)) await userState.LoadAsync(turnContext, true, cancellationToken);
        return await RunAndSaveAsync(turnContext, outbox, cancellationToken);
    }

    /// <summary>
    /// Every membersAdded reaches <see cref="OnMembersAddedAsync"/>, the bot's own too: ActivityHandler passes
    /// on only lists with someone other than the bot, and the bot being added is how Teams announces an install.
    /// </summary>
    protected override async Task OnConversationUpdateActivityAsync(ITurnContext<IConversationUpdateActivity> turnContext, CancellationToken cancellationToken)
    {
        if (turnContext.Activity.MembersAdded is { Count: > 0 } added)
            await OnMembersAddedAsync(added, turnContext, cancellationToken);
    }

    protected override async Task OnMembersAddedAsync(IList<ChannelAccount> membersAdded, ITurnContext<IConversationUpdateActivity> turnContext, CancellationToken cancellationToken)
    {
        var botId = turnContext.Activity.Recipient?.Id;
        var botAdded = !string.IsNullOrEmpty(botId) && membersAdded.Any(m => m.Id == botId);
        if (TurnInput.IsGroupConversation(turnContext.Activity.Conversation?.ConversationType))
        {
            // The bot installed in a group chat or team: one welcome. Members joining later: none.
            if (botAdded) await WelcomeConversationOnceAsync(turnContext, cancellationToken);
            return;
        }
        // Teams announces a personal install with the bot as the member added; other channels add the user.
        if (membersAdded.Any(m => m.Id != botId) || (botAdded && IsTeams(turnContext)))
            await WelcomeOnceAsync(turnContext, cancellationToken);
    }

    protected override async Task OnInstallationUpdateAddAsync(ITurnContext<IInstallationUpdateActivity> turnContext, CancellationToken cancellationToken)
    {
        if (TurnInput.IsGroupConversation(turnContext.Activity.Conversation?.ConversationType))
            await WelcomeConversationOnceAsync(turnContext, cancellationToken);
        else
            await WelcomeOnceAsync(turnContext, cancellationToken);
    }

    protected override async Task OnMessageActivityAsync(ITurnContext<IMessageActivity> turnContext, CancellationToken cancellationToken)
    {
        var input = dialog.Read(turnContext.Activity);
        // In a team channel the bot speaks when spoken to: a message that does not @mention it is for the
        // people there. Card submits carry no mention and are answers to the bot's own card.
        if (teams.RequireMentionInChannels && IsChannel(input.ConversationType) && !input.MentionsBot && input.Value is null)
        {
            logger.LogInformation("Channel message without a mention of the bot in conversation {ConversationId}: not answered", turnContext.Activity.Conversation?.Id);
            return;
        }

        var state = HasConversation(turnContext)
            ? await _conversation.GetAsync(turnContext, () => new ConversationData(), cancellationToken)
            : new ConversationData();
        var result = await dialog.RespondAsync(input, state, cancellationToken);

        // Safety advice goes first of all, even before a welcome.
        var safety = result.Replies.TakeWhile(r => r.Importance == ActivityImportance.High).ToArray<IActivity>();
        if (safety.Length > 0) await turnContext.SendActivitiesAsync(safety, cancellationToken);
        // Some channels never send conversationUpdate: their users are welcomed on their first message
        // (one person and the bot only: in a group the welcome came with the installation).
        if (!input.IsGroup) await WelcomeOnceAsync(turnContext, cancellationToken);
        if (result.Feedback is { } vote)
        {
            if (TurnOutbox.Of(turnContext) is { } outbox) outbox.Vote = vote;
            else await feedback.AddAsync(vote, cancellationToken);
        }
        if (result.ClearConversation && HasConversation(turnContext))
        {
            // "start over" forgets the conversation, not that the group was already welcomed nor what it voted on. The data is replaced
            // rather than the state cleared: ClearStateAsync would also drop the ETag the turn read, and a shared
            // store takes state without one as a new conversation's, which must not overwrite an existing one.
            await _conversation.SetAsync(turnContext, new ConversationData { Welcomed = state.Welcomed, RatedPassageIds = state.RatedPassageIds }, cancellationToken);
        }
        if (result.Replies.Count > safety.Length)
            await turnContext.SendActivitiesAsync(result.Replies.Skip(safety.Length).Cast<IActivity>().ToArray(), cancellationToken);
    }

    private async Task WelcomeOnceAsync(ITurnContext turnContext, CancellationToken cancellationToken)
    {
        if (!HasUser(turnContext)) return;
        var profile = await _user.GetAsync(turnContext, () => new UserProfile(), cancellationToken);
        if (profile.Welcomed) return;
        profile.Welcomed = true;
        await turnContext.SendActivityAsync(replies.Welcome(await answers.DescribeSourceAsync(cancellationToken)), cancellationToken);
    }

    private async Task WelcomeConversationOnceAsync(ITurnContext turnContext, CancellationToken cancellationToken)
    {
        if (!HasConversation(turnContext)) return;
        var data = await _conversation.GetAsync(turnContext, () => new ConversationData(), cancellationToken);
        if (data.Welcomed) return;
        data.Welcomed = true;
        await turnContext.SendActivityAsync(replies.Welcome(await answers.DescribeSourceAsync(cancellationToken), group: true), cancellationToken);
    }

    private static bool IsTeams(ITurnContext turnContext) => turnContext.Activity.ChannelId == "msteams";

    private static bool IsChannel(string? conversationType) => string.Equals(conversationType, TurnInput.Channel, StringComparison.OrdinalIgnoreCase);

    // State is keyed by channel and conversation (or user) id; an activity without them gets answered statelessly.
    private static bool HasConversation(ITurnContext turnContext) =>
        !string.IsNullOrEmpty(turnContext.Activity.ChannelId) && !string.IsNullOrEmpty(turnContext.Activity.Conversation?.Id);

    private static bool HasUser(ITurnContext turnContext) =>
        !string.IsNullOrEmpty(turnContext.Activity.ChannelId) && !string.IsNullOrEmpty(turnContext.Activity.From?.Id);
}
