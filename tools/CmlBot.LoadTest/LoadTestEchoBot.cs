using Microsoft.Bot.Builder;
using Microsoft.Bot.Schema;

namespace CmlBot.LoadTest;

/// <summary>
/// The load test's ceiling: the host's pipeline (same CloudAdapter, same Direct Line, same MemoryStorage-backed
/// conversation and user state, loaded and saved every turn as CmlBot's handler does) with no retrieval, no
/// dialog: it echoes the text. Served by this tool's <c>serve-echo</c> (see <see cref="LoadTestHosts"/>).
/// </summary>
public sealed class LoadTestEchoBot(ConversationState conversationState, UserState userState) : ActivityHandler
{
    private readonly IStatePropertyAccessor<EchoCount> _conversation = conversationState.CreateProperty<EchoCount>(nameof(EchoCount));
    private readonly IStatePropertyAccessor<EchoCount> _user = userState.CreateProperty<EchoCount>(nameof(EchoCount));

    public override async Task OnTurnAsync(ITurnContext turnContext, CancellationToken cancellationToken = default)
    {
        await base.OnTurnAsync(turnContext, cancellationToken);
        await conversationState.SaveChangesAsync(turnContext, false, cancellationToken);
        await userState.SaveChangesAsync(turnContext, false, cancellationToken);
    }

    protected override async Task OnMessageActivityAsync(ITurnContext<IMessageActivity> turnContext, CancellationToken cancellationToken)
    {
        // Read and write both states, as CmlBot does (its welcome check reads the user; its dialog, the conversation).
        var user = await _user.GetAsync(turnContext, () => new EchoCount(), cancellationToken);
        var conversation = await _conversation.GetAsync(turnContext, () => new EchoCount(), cancellationToken);
        user.Turns++;
        conversation.Turns++;
        await turnContext.SendActivityAsync(MessageFactory.Text(turnContext.Activity.Text), cancellationToken);
    }

    /// <summary>State shaped like CmlBot's: a plain class that MemoryStorage round-trips with Newtonsoft.Json.</summary>
    public sealed class EchoCount
    {
        public int Turns { get; set; }
    }
}
