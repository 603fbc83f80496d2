using CmlBot.Bot.Answers;
using CmlBot.Bot.Feedback;
using CmlBot.Bot.Replies;
using CmlBot.Bot.State;
using CmlBot.Bot.Understanding.Safety;
using CmlBot.Storage;
using Microsoft.Bot.Builder;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;

namespace CmlBot.Bot;

/// <summary>
/// Builds a bot without a container, each with its own fresh storage and feedback store: what an in-process
/// transcript replayer needs (a fresh bot per transcript, so nothing leaks between cases). Same classes as
/// <see cref="ServiceCollectionExtensions.AddCmlBot"/> wires.
/// </summary>
/// <param name="safety">The safety content; by default corpus/safety.txt of the nearest folder up that has it.</param>
public sealed class CmlBotFactory(BotOptions options, ICoreProvider core, ILoggerFactory? loggerFactory = null, TeamsOptions? teams = null, SafetyRules? safety = null)
{
    private readonly SafetyScreen _screen = new(safety ?? SafetyRules.Load(SafetyRules.Locate(null)), core);
    private readonly ILoggerFactory _loggers = loggerFactory ?? NullLoggerFactory.Instance;
    private readonly TeamsOptions _teams = teams ?? new TeamsOptions();

    public IBot Create(IStorage? storage = null, IFeedbackStore? feedback = null)
    {
        storage ??= new ExpiringMemoryStorage(new MemoryStorageOptions(), TimeProvider.System); // the host's default store
        var replies = new ReplyFactory(options, _teams);
        var answers = new CoreAnswerSource(core);
        var dialog = new CmlDialog(answers, replies, options, _screen);
        return new CmlBotHandler(new ConversationState(storage), new UserState(storage), dialog, answers, feedback ?? new InMemoryFeedbackStore(), replies, _teams,
            _loggers.CreateLogger<CmlBotHandler>());
    }

    /// <summary>The adapter's OnTurnError, as the host sets it.</summary>
    public Func<ITurnContext, Exception, Task> OnTurnError => new BotErrorHandler(new ReplyFactory(options, _teams), _loggers.CreateLogger<BotErrorHandler>()).HandleAsync;
}
