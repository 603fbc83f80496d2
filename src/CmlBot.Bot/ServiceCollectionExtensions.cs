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
using Microsoft.Extensions.Logging;

namespace CmlBot.Bot;

/// <summary>Registers CmlBot's bot, dialog, state and feedback store in a service collection.</summary>
public static class ServiceCollectionExtensions
{
    /// <summary>
    /// The bot and its dialog, state and feedback store. The caller registers an <see cref="ICoreProvider"/>
    /// (the host builds the core in the background; the chat verb has it ready) and the adapter.
    /// Defaults (expiring in-process storage, in-memory feedback) are registered with TryAdd so a host can replace them.
    /// </summary>
    public static IServiceCollection AddCmlBot(this IServiceCollection services, IConfiguration configuration) =>
        services.AddCmlBot(
            configuration.GetSection(BotOptions.Section).Get<BotOptions>() ?? new BotOptions(),
            configuration.GetSection(TeamsOptions.Section).Get<TeamsOptions>() ?? new TeamsOptions(),
            configuration.GetSection(MemoryStorageOptions.Section).Get<MemoryStorageOptions>() ?? new MemoryStorageOptions(),
            configuration.GetSection(FeedbackOptions.Section).Get<FeedbackOptions>() ?? new FeedbackOptions(),
            configuration);

    /// <summary>
    /// The same, with the settings given: the one wiring of the bot, for the host and for <see cref="CmlBotFactory"/>.
    /// <paramref name="configuration"/> only says where corpus/safety.txt is (without it: the nearest folder up that has it).
    /// </summary>
    public static IServiceCollection AddCmlBot(this IServiceCollection services, BotOptions options, TeamsOptions teams, MemoryStorageOptions memory,
        FeedbackOptions? feedback = null, IConfiguration? configuration = null)
    {
        services.AddSingleton(options);
        services.AddSingleton(teams);
        // The single-instance default: state in this process, forgotten after an idle spell (MemoryStorage never forgets).
        services.TryAddSingleton(memory);
        services.TryAddSingleton(TimeProvider.System);
        services.TryAddSingleton<IStorage>(sp => new ExpiringMemoryStorage(sp.GetRequiredService<MemoryStorageOptions>(), sp.GetRequiredService<TimeProvider>()));
        services.AddSingleton(feedback ?? new FeedbackOptions());
        services.TryAddSingleton<IFeedbackStore, InMemoryFeedbackStore>();
        services.TryAddSingleton<ComputeGate>();
        services.TryAddSingleton<IAnswerSource>(sp => new CoreAnswerSource(sp.GetRequiredService<ICoreProvider>(), sp.GetRequiredService<ComputeGate>()));
        services.AddSingleton(sp => new ConversationState(sp.GetRequiredService<IStorage>()));
        services.AddSingleton(sp => new UserState(sp.GetRequiredService<IStorage>()));
        services.AddSingleton(sp => new ReplyFactory(sp.GetRequiredService<BotOptions>(), sp.GetRequiredService<TeamsOptions>()));
        // The safety content is read (and checked) once; the screen shares the core's sentence model when it has one.
        services.TryAddSingleton(_ => SafetyRules.Load(SafetyRules.Locate(configuration)));
        services.TryAddSingleton(sp => new SafetyScreen(sp.GetRequiredService<SafetyRules>(), sp.GetRequiredService<ICoreProvider>(), sp.GetRequiredService<ComputeGate>(),
            logger: sp.GetService<ILoggerFactory>()?.CreateLogger<SafetyScreen>()));
        services.AddSingleton<CmlDialog>();
        services.AddSingleton<BotErrorHandler>();
        services.AddSingleton<IBot, CmlBotHandler>();
        return services;
    }
}
