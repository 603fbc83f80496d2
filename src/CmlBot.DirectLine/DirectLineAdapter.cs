using CmlBot.DirectLine.Store;
using Microsoft.Bot.Builder;
using Microsoft.Bot.Schema;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace CmlBot.DirectLine;

/// <summary>
/// Runs the bot for the local Direct Line: the user's activity goes into the conversation's queue, the bot
/// runs (with any IMiddleware registered in DI), and everything it sends is queued for the page to poll.
/// </summary>
public sealed class DirectLineAdapter : BotAdapter
{
    public const string ChannelId = "directline";

    private readonly IDirectLineStore _store;
    private readonly ActivityJson _json;
    private readonly TimeProvider _time;
    private readonly ILogger<DirectLineAdapter> _logger;
    private readonly ChannelAccount _botAccount;

    public DirectLineAdapter(
        IDirectLineStore store,
        ActivityJson json,
        IOptions<DirectLineOptions> options,
        TimeProvider time,
        IEnumerable<Microsoft.Bot.Builder.IMiddleware> middleware,
        ILogger<DirectLineAdapter> logger,
        Func<ITurnContext, Exception, Task>? onTurnError = null)
    {
        _store = store;
        _json = json;
        _time = time;
        _logger = logger;
        _botAccount = new ChannelAccount(options.Value.BotId, options.Value.BotName, RoleTypes.Bot);
        foreach (var m in middleware) Use(m);
        // Without a handler the exception reaches the endpoint, which answers 502 as Azure's Direct Line does.
        OnTurnError = onTurnError;
    }

    /// <summary>
    /// The user of a conversation started on this host; the page tells Web Chat to send as it. Not "dl_…":
    /// Web Chat refuses that prefix from its props, keeping it for ids embedded in Azure's tokens.
    /// </summary>
    public static string UserIdFor(string conversationId) => $"user_{conversationId}";

    /// <summary>Tells the bot that the user and the bot joined, so that its welcome is waiting for the page.</summary>
    public async Task StartConversationAsync(string conversationId, IBot bot, CancellationToken cancellationToken)
    {
        var user = new ChannelAccount(UserIdFor(conversationId), role: RoleTypes.User);
        var update = new Activity(ActivityTypes.ConversationUpdate)
        {
            Id = Guid.NewGuid().ToString("N"),
            ChannelId = ChannelId,
            ServiceUrl = "urn:cmlbot:directline",
            Conversation = new ConversationAccount(id: conversationId),
            From = user,
            Recipient = _botAccount,
            MembersAdded = [user, _botAccount],
            Timestamp = _time.GetUtcNow(),
        };
        using var context = new TurnContext(this, update);
        await RunPipelineAsync(context, bot.OnTurnAsync, cancellationToken);
    }

    /// <summary>Queues the user's activity and runs the bot on it. Returns the activity's id, or null if the conversation is gone.</summary>
    public async Task<string?> ProcessUserActivityAsync(string conversationId, Activity activity, IBot bot, CancellationToken cancellationToken)
    {
        activity.ChannelId = ChannelId;
        activity.ServiceUrl = "urn:cmlbot:directline";
        activity.Conversation = new ConversationAccount(id: conversationId);
        activity.Recipient = _botAccount;
        // The conversation's one user, whatever the client claims: the token is the identity, so no client
        // can read or write another user's state by naming them.
        activity.From = new ChannelAccount(UserIdFor(conversationId), activity.From?.Name, RoleTypes.User);
        activity.Timestamp = _time.GetUtcNow();

        var sequence = await _store.AppendActivityAsync(conversationId, seq =>
        {
            activity.Id = ActivityId(conversationId, seq);
            return _json.SerializeUtf8(activity);
        }, fromUser: true, cancellationToken);
        if (sequence is null) return null;

        using var context = new TurnContext(this, activity);
        await RunPipelineAsync(context, bot.OnTurnAsync, cancellationToken);
        return activity.Id;
    }

    public override async Task<ResourceResponse[]> SendActivitiesAsync(ITurnContext turnContext, Activity[] activities, CancellationToken cancellationToken)
    {
        var responses = new ResourceResponse[activities.Length];
        var conversationId = turnContext.Activity.Conversation.Id;
        for (var i = 0; i < activities.Length; i++)
        {
            var a = activities[i];
            // Delays pace what the bot sends; traces are for the Emulator. Neither reaches a channel.
            if (a.Type is ActivityTypes.Delay or ActivityTypes.Trace or ActivityTypesEx.InvokeResponse)
            {
                responses[i] = new ResourceResponse();
                continue;
            }
            a.ChannelId = ChannelId;
            a.Conversation = new ConversationAccount(id: conversationId);
            a.From = _botAccount;
            a.Recipient ??= turnContext.Activity.From;
            a.ReplyToId ??= turnContext.Activity.Type == ActivityTypes.Message ? turnContext.Activity.Id : null;
            a.Timestamp = _time.GetUtcNow();
            var sequence = await _store.AppendActivityAsync(conversationId, seq =>
            {
                a.Id = ActivityId(conversationId, seq);
                return _json.SerializeUtf8(a);
            }, fromUser: false, cancellationToken);
            if (sequence is null) _logger.LogWarning("Direct Line: the bot replied in a conversation that has expired");
            responses[i] = new ResourceResponse(a.Id);
        }
        return responses;
    }

    public override Task<ResourceResponse> UpdateActivityAsync(ITurnContext turnContext, Activity activity, CancellationToken cancellationToken) =>
        throw new NotSupportedException("The local Direct Line does not update sent activities.");

    public override Task DeleteActivityAsync(ITurnContext turnContext, ConversationReference reference, CancellationToken cancellationToken) =>
        throw new NotSupportedException("The local Direct Line does not delete sent activities.");

    internal static string ActivityId(string conversationId, long sequence) => $"{conversationId}|{sequence:D7}";
}
