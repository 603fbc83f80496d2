using Microsoft.Bot.Builder;

namespace CmlBot.Hosting;

/// <summary>Conversation state with <see cref="ScopedStateKeys"/>.</summary>
public sealed class ScopedConversationState(IStorage storage) : ConversationState(storage)
{
    protected override string GetStorageKey(ITurnContext turnContext) => ScopedStateKeys.For(turnContext, base.GetStorageKey(turnContext));
}
