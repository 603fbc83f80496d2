using Microsoft.Bot.Builder;
using Microsoft.Bot.Schema;

namespace CmlBot.Transcripts;

/// <summary>
/// An adapter that runs one activity through the middleware and the bot and keeps what the bot sends.
/// Unlike TestAdapter it leaves the activity as recorded (ids, channel, from, recipient), so a
/// conversation replays with the channel and accounts it was recorded with.
/// </summary>
internal sealed class ReplayAdapter : BotAdapter
{
    private int _nextId;

    public List<Activity> Sent { get; } = [];

    public async Task ProcessAsync(Activity activity, BotCallbackHandler callback, CancellationToken cancellationToken)
    {
        using var context = new TurnContext(this, activity);
        await RunPipelineAsync(context, callback, cancellationToken);
        // With deliveryMode "expectReplies" (how tests record over HTTP) the turn context keeps the
        // replies for the HTTP response instead of sending them; they are the replies all the same.
        if (string.Equals(activity.DeliveryMode, DeliveryModes.ExpectReplies, StringComparison.OrdinalIgnoreCase))
            Sent.AddRange(context.BufferedReplyActivities.Where(a => a.Type != ActivityTypes.Delay));
    }

    public override Task<ResourceResponse[]> SendActivitiesAsync(ITurnContext turnContext, Activity[] activities, CancellationToken cancellationToken)
    {
        var responses = new ResourceResponse[activities.Length];
        for (var i = 0; i < activities.Length; i++)
        {
            var a = activities[i];
            a.Id ??= $"reply-{++_nextId}";
            if (a.Type != ActivityTypes.Delay) Sent.Add(a);
            responses[i] = new ResourceResponse(a.Id);
        }
        return Task.FromResult(responses);
    }

    public override Task<ResourceResponse> UpdateActivityAsync(ITurnContext turnContext, Activity activity, CancellationToken cancellationToken)
    {
        Sent.Add(activity);
        return Task.FromResult(new ResourceResponse(activity.Id));
    }

    public override Task DeleteActivityAsync(ITurnContext turnContext, ConversationReference reference, CancellationToken cancellationToken) =>
        Task.CompletedTask;
}
