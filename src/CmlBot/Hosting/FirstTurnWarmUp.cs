using CmlBot.Bot;
using CmlBot.Bot.Answers;
using CmlBot.Bot.Understanding;
using CmlBot.Bot.Understanding.Safety;
using Microsoft.Bot.Builder;
using Microsoft.Bot.Schema;
using Newtonsoft.Json;
using Newtonsoft.Json.Linq;

namespace CmlBot.Hosting;

/// <summary>
/// What the host's first turn would otherwise pay for on top of its answer: the regexes the screens build on first
/// use, Newtonsoft's contracts for an activity, the core's question path. Run once, in the background from the moment
/// the host is built, on a question of CmlBot's own: no state, store, log or cache of patients' words sees it.
/// </summary>
public static class FirstTurnWarmUp
{
    private const string Question = "Why do donor lymphocyte infusions work after a transplant?";

    public static async Task RunAsync(IServiceProvider services, ILogger logger, CancellationToken cancellationToken)
    {
        try
        {
            var activity = JObject.FromObject(MessageFactory.Text(Question)).ToObject<Activity>()!;
            _ = TurnInput.From(activity);
            _ = JsonConvert.SerializeObject(activity);
            _ = IntentRecognizer.Recognize(Question);
            _ = LanguageGuard.LooksNonEnglish(Question);
            _ = services.GetService<SafetyScreen>()?.Check(Question, embedder: null, cancellationToken);
            if (services.GetService<ICoreProvider>() is { } provider)
                _ = (await provider.GetAsync(cancellationToken)).Ask(Question);
        }
        catch (OperationCanceledException)
        {
            // The host stopped first.
        }
        catch (Exception e)
        {
            // Nothing is lost: the first turn does the same work itself.
            logger.LogDebug("The first-turn warm-up stopped early ({Error})", e.GetType().Name);
        }
    }
}
