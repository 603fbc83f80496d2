using CmlBot.Bot.Answers;
using CmlBot.Bot.Feedback;
using CmlBot.Bot.Replies;
using CmlBot.Bot.State;
using CmlBot.Bot.Understanding.Safety;
using CmlBot.Storage;
using Microsoft.Bot.Builder;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;

namespace CmlBot.Bot;

public static class ServiceCollectionExtensions
{
    /// <summary>
    /// The bot and its dialog, state and feedback store. The caller registers an <see cref="ICoreProvider"/>
    /// (the host builds the core in the background; the chat verb has it ready) and the adapter.
    /// Defaults (expiring in-process storage, in-memory feedback) are registered with TryAdd so a host can replace them.
    /// </summary>
    public static IServiceCollection AddCmlBot(this IServiceCollection services, IConfiguration configuration)
    {
        var options = configuration.GetSection(BotOptions.Section).Get<BotOptions>() ?? new BotOptions();
        services.AddSingleton(options);
        services.AddSingleton(configuration.GetSection(TeamsOptions.Section).Get<TeamsOptions>() ?? new TeamsOptions());
        // The single-instance default: state in this process, forgotten after an idle spell (MemoryStorage never forgets).
        services.TryAddSingleton(configuration.GetSection(MemoryStorageOptions.Section).Get<MemoryStorageOptions>() ?? new MemoryStorageOptions());
        services.TryAddSingleton(TimeProvider.System);
        services.TryAddSingleton<IStorage>(sp => new ExpiringMemoryStorage(sp.GetRequiredService<MemoryStorageOptions>(), sp.GetRequiredService<TimeProvider>()));
        services.TryAddSingleton<IFeedbackStore, InMemoryFeedbackStore>();
        services.TryAddSingleton<IAnswerSource, CoreAnswerSource>();
        services.AddSingleton(sp => new ConversationState(sp.GetRequiredService<IStorage>()));
        services.AddSingleton(sp => new UserState(sp.GetRequiredService<IStorage>()));
        services.AddSingleton(sp => new ReplyFactory(sp.GetRequiredService<BotOptions>(), sp.GetRequiredService<TeamsOptions>()));
        // The safety content is read (and checked) once; the screen shares the core's sentence model when it has one.
        services.TryAddSingleton(_ => SafetyRules.Load(SafetyRules.Locate(configuration)));
        services.TryAddSingleton(sp => new SafetyScreen(sp.GetRequiredService<SafetyRules>(), sp.GetRequiredService<ICoreProvider>()));
        services.AddSingleton<CmlDialog>();
        services.AddSingleton<BotErrorHandler>();
        services.AddSingleton<IBot, CmlBotHandler>();
        return services;
    }
}
