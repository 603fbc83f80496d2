using Microsoft.Bot.Builder;

namespace CmlBot.Hosting;

/// <summary>User state with <see cref="ScopedStateKeys"/>.</summary>
public sealed class ScopedUserState(IStorage storage) : UserState(storage)
{
    protected override string GetStorageKey(ITurnContext turnContext) => ScopedStateKeys.For(turnContext, base.GetStorageKey(turnContext));
}
