using CmlBot.Bot.Replies;
using Microsoft.Bot.Builder;
using Microsoft.Bot.Schema;
using Microsoft.Extensions.Logging;

namespace CmlBot.Bot;

/// <summary>
/// The adapters' <c>OnTurnError</c>: logs with the conversation id (never the user's text), apologises, and
/// leaves state alone. State is saved only at the end of a successful turn, so storage still holds the
/// state from before the failed turn.
/// </summary>
public sealed class BotErrorHandler(ReplyFactory replies, ILogger<BotErrorHandler> logger)
{
    public async Task HandleAsync(ITurnContext turnContext, Exception exception)
    {
        var activity = turnContext.Activity;
        logger.LogError("Turn failed in conversation {ConversationId} ({ActivityType}): {ExceptionType}\n{StackTrace}",
            activity?.Conversation?.Id, activity?.Type, exception.GetType().FullName, exception.StackTrace);
        if (activity?.Type is not (ActivityTypes.Message or ActivityTypes.ConversationUpdate)) return;
        try
        {
            await turnContext.SendActivityAsync(replies.Apology());
        }
        catch (Exception sendFailure)
        {
            logger.LogError("Could not send the apology in conversation {ConversationId}: {ExceptionType}", activity.Conversation?.Id, sendFailure.GetType().FullName);
        }
    }
}
