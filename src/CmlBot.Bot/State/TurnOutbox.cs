using CmlBot.Bot.Feedback;
using Microsoft.Bot.Builder;
using Microsoft.Bot.Schema;

namespace CmlBot.Bot.State;

/// <summary>
/// Holds a turn's replies (and its feedback vote) until the turn's state is saved. A turn whose save loses an
/// ETag race is run again with fresh state; had its replies gone out already, the user would get them twice.
/// The hold is an OnSendActivities handler registered by the bot itself, after any middleware's, so the
/// middleware sees each reply once: when it is held. Releasing calls the held <c>next</c> delegates, which
/// continue to the adapter exactly as the original send would have.
/// </summary>
internal sealed class TurnOutbox
{
    private readonly List<Func<Task<ResourceResponse[]>>> _held = [];
    private bool _holding = true;

    private TurnOutbox()
    {
    }

    public FeedbackEntry? Vote { get; set; }

    public static TurnOutbox Open(ITurnContext turnContext)
    {
        var outbox = new TurnOutbox();
        turnContext.TurnState.Set(outbox);
        turnContext.OnSendActivities((_, activities, next) =>
        {
            if (!outbox._holding) return next();
            outbox._held.Add(next);
            // Channels assign ids on delivery; nothing in this bot reads them.
            return Task.FromResult(activities.Select(_ => new ResourceResponse()).ToArray());
        });
        return outbox;
    }

    public static TurnOutbox? Of(ITurnContext turnContext) => turnContext.TurnState.Get<TurnOutbox>();

    /// <summary>Forgets what a failed attempt said; the next attempt's replies are held afresh.</summary>
    public void Discard()
    {
        _held.Clear();
        Vote = null;
    }

    /// <summary>Sends the held replies in order; later sends of this turn go straight through.</summary>
    public async Task ReleaseAsync()
    {
        _holding = false;
        foreach (var send in _held) await send();
        _held.Clear();
    }

    /// <summary>Stops holding without sending: what the error handler says next must go out.</summary>
    public void Close()
    {
        _holding = false;
        Discard();
    }
}
