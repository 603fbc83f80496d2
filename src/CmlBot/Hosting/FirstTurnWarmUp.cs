using CmlBot.Bot;
using CmlBot.Bot.Answers;
using CmlBot.Bot.Replies;
using CmlBot.Bot.Understanding;
using CmlBot.Bot.Understanding.Safety;
using Microsoft.Bot.Builder;
using Microsoft.Bot.Builder.Integration.AspNet.Core;
using Microsoft.Bot.Schema;
using Newtonsoft.Json;
using Newtonsoft.Json.Linq;

namespace CmlBot.Hosting;

/// <summary>
/// What the host's first turn would otherwise pay for on top of its answer: the regexes the screens build on first
/// use, Newtonsoft's contracts for an activity, the core's question path, and the welcome and the answer as replies
/// (built, their size checked, written by the channel's serializer; the reply types' contracts and the size check's
/// property readers are made on first use, a tenth of a second of the first turn on the 2-core machine). Run once, in
/// the background from the moment the host is built, on a question of CmlBot's own: no state, store, log or cache of
/// patients' words sees it.
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
            {
                var answer = (await provider.GetAsync(cancellationToken)).Ask(Question);
                if (services.GetService<ReplyFactory>() is { } replies && services.GetService<IAnswerSource>() is { } source)
                {
                    var welcome = replies.Welcome(await source.DescribeSourceAsync(cancellationToken));
                    var reply = replies.Answer(answer, new AnswerView([], PersonalDecision: false, FollowUpsLeft: 1));
                    using var writer = new StringWriter();
                    HttpHelper.BotMessageSerializer.Serialize(writer, new ExpectedReplies([(Activity)welcome, (Activity)reply]));
                }
            }
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
