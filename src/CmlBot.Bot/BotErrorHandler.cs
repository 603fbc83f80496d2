using System.Runtime.ExceptionServices;
using CmlBot.Bot.Replies;
using CmlBot.Storage;
using Microsoft.Bot.Builder;
using Microsoft.Bot.Schema;
using Microsoft.Extensions.Logging;

namespace CmlBot.Bot;

/// <summary>
/// The adapters' <c>OnTurnError</c>: logs with the conversation id (never the user's text), apologises, and
/// leaves state alone. State is saved only at the end of a successful turn, so storage still holds the
/// state from before the failed turn. When the shared store is unreachable it says so, and rethrows so that
/// the adapter's caller answers 503 (the channel and the load balancer both learn that it was not the bot). A turn
/// cancelled because its client left is noted, not reported as a failure.
/// </summary>
public sealed class BotErrorHandler(ReplyFactory replies, ILogger<BotErrorHandler> logger)
{
    public async Task HandleAsync(ITurnContext turnContext, Exception exception)
    {
        var activity = turnContext.Activity;
        if (exception is StorageUnavailableException)
        {
            // Expected while Redis is down, and says nothing a stack trace would add.
            logger.LogWarning("Turn failed in conversation {ConversationId} ({ActivityType}): storage unavailable: {Message}",
                activity?.Conversation?.Id, activity?.Type, exception.Message);
            if (activity?.Type == ActivityTypes.Message) await TrySendAsync(turnContext, replies.Unavailable());
            ExceptionDispatchInfo.Capture(exception).Throw();
        }
        if (exception is OperationCanceledException { InnerException: not TimeoutException })
        {
            // The turn's token ends only when the client went away (a closed connection, a timed-out request) or the
            // host is stopping: nobody is left to read an apology, and under load it is routine, not a fault. A
            // timeout inside the turn (HttpClient's, reaching a channel) carries a TimeoutException and stays an error.
            logger.LogInformation("Turn abandoned in conversation {ConversationId} ({ActivityType}): the request was cancelled",
                activity?.Conversation?.Id, activity?.Type);
            return;
        }
        logger.LogError("Turn failed in conversation {ConversationId} ({ActivityType}): {ExceptionType}\n{StackTrace}",
            activity?.Conversation?.Id, activity?.Type, exception.GetType().FullName, exception.StackTrace);
        if (activity?.Type is not (ActivityTypes.Message or ActivityTypes.ConversationUpdate)) return;
        await TrySendAsync(turnContext, replies.Apology());
    }

    private async Task TrySendAsync(ITurnContext turnContext, IMessageActivity apology)
    {
        try
        {
            await turnContext.SendActivityAsync(apology);
        }
        catch (Exception sendFailure)
        {
            // Over a shared store the apology's own delivery may fail too; the HTTP status still tells the client.
            logger.LogError("Could not send the apology in conversation {ConversationId}: {ExceptionType}", turnContext.Activity?.Conversation?.Id, sendFailure.GetType().FullName);
        }
    }
}
