using CmlBot.Bot.Answers;
using CmlBot.Bot.Feedback;
using CmlBot.Bot.Understanding.Safety;
using CmlBot.Storage;
using Microsoft.Bot.Builder;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;

namespace CmlBot.Bot;

/// <summary>
/// Builds bots outside a host, each with its own fresh storage and feedback store: what an in-process transcript
/// replayer needs (a fresh bot per transcript, so nothing leaks between cases). Each bot comes from its own small
/// container wired by <see cref="ServiceCollectionExtensions.AddCmlBot(IServiceCollection, BotOptions, TeamsOptions, MemoryStorageOptions)"/>,
/// the host's own wiring.
/// </summary>
/// <param name="safety">The safety content; by default corpus/safety.txt of the nearest folder up that has it.</param>
public sealed class CmlBotFactory(BotOptions options, ICoreProvider core, ILoggerFactory? loggerFactory = null, TeamsOptions? teams = null, SafetyRules? safety = null)
{
    // Read and checked once for every bot this factory makes.
    private readonly SafetyRules _safety = safety ?? SafetyRules.Load(SafetyRules.Locate(null));
    private readonly ILoggerFactory _loggers = loggerFactory ?? NullLoggerFactory.Instance;
    private readonly TeamsOptions _teams = teams ?? new TeamsOptions();

    /// <summary>A bot on <paramref name="storage"/> (default: the host's in-process store, fresh) and <paramref name="feedback"/>.</summary>
    public IBot Create(IStorage? storage = null, IFeedbackStore? feedback = null) => Services(storage, feedback).GetRequiredService<IBot>();

    /// <summary>The adapter's OnTurnError, as the host sets it.</summary>
    public Func<ITurnContext, Exception, Task> OnTurnError => Services(null, null).GetRequiredService<BotErrorHandler>().HandleAsync;

    private ServiceProvider Services(IStorage? storage, IFeedbackStore? feedback)
    {
        var services = new ServiceCollection()
            .AddSingleton(_loggers)
            .AddSingleton(typeof(ILogger<>), typeof(Logger<>))
            .AddSingleton(core)
            .AddSingleton(_safety);
        // Registered first: AddCmlBot adds its defaults only where nothing is registered.
        if (storage is not null) services.AddSingleton(storage);
        if (feedback is not null) services.AddSingleton(feedback);
        return services.AddCmlBot(options, _teams, new MemoryStorageOptions()).BuildServiceProvider();
    }
}
