using System.Globalization;
using CmlBot.Bot.Answers;
using CmlBot.Bot.Feedback;
using CmlBot.Bot.Replies;
using CmlBot.Bot.State;
using CmlBot.Bot.Understanding;
using CmlBot.Bot.Understanding.Safety;
using CmlBot.Core.Answers;
using Microsoft.Bot.Schema;
using Newtonsoft.Json.Linq;

namespace CmlBot.Bot;

/// <summary>
/// The conversation's logic for one message: reads the input and the conversation's state, asks the core,
/// updates the state and returns the replies. It knows nothing of adapters or storage, which is what lets the
/// web host, the terminal and the tests share it.
/// </summary>
public sealed class CmlDialog(IAnswerSource answers, ReplyFactory replies, BotOptions options, SafetyScreen screen)
{
    /// <summary>The message as the dialog reads it, cut to <see cref="BotOptions.MaxIncomingTextLength"/> first.</summary>
    public TurnInput Read(IMessageActivity activity) => TurnInput.From(activity, options.MaxIncomingTextLength);

    public async Task<TurnResult> RespondAsync(TurnInput input, ConversationData state, CancellationToken cancellationToken)
    {
        if (input.Text.Length == 0)
        {
            if (input.Value is not null) return await OnSubmitAsync(input.Value, state, cancellationToken);
            return Say(input.HasAttachments ? replies.AttachmentsOnly() : replies.Empty());
        }

        // Safety first: the pointer to help goes before anything else the turn says.
        var safety = await screen.CheckAsync(input.Text, cancellationToken);
        var output = safety.Replies.Select(replies.Safety).ToList();
        if (safety.Stops) return new TurnResult(await AfterAlertAsync(input.Text, output, state, cancellationToken));

        // Read once, in the form every check below matches against.
        var normalized = IntentRecognizer.Normalize(input.Text);
        var choice = state.Alternatives.Count > 0 ? IntentRecognizer.ChoiceNormalized(normalized, state.Alternatives.Select(a => a.Label).ToList()) : -1;
        if (choice >= 0 && safety.Classes == SafetyClasses.None)
        {
            output.Add(await ChooseAsync(state.Alternatives[choice].Id, state, cancellationToken) ?? replies.UnknownSubmit());
            return new TurnResult(output);
        }

        var intent = safety.Classes != SafetyClasses.None ? Intent.Question : IntentRecognizer.RecognizeNormalized(normalized);
        switch (intent.Kind)
        {
            case IntentKind.Help:
                output.Add(replies.Help(await answers.DescribeSourceAsync(cancellationToken)));
                return new TurnResult(output);
            case IntentKind.Restart:
                output.Add(replies.Restarted());
                return new TurnResult(output, ClearConversation: true);
            case IntentKind.Greeting:
                output.Add(replies.Greeting());
                return new TurnResult(output);
            case IntentKind.Thanks:
                output.Add(replies.Thanks());
                return new TurnResult(output);
            case IntentKind.Goodbye:
                output.Add(replies.Goodbye());
                return new TurnResult(output);
            case IntentKind.More:
                output.Add(await MoreAsync(state, cancellationToken));
                return new TurnResult(output);
            case IntentKind.Sources:
                output.AddRange(await SourcesAsync(state, cancellationToken));
                return new TurnResult(output);
            case IntentKind.ShowReference:
                output.Add(await ReferenceAsync(input.Text, intent.Number, state, cancellationToken));
                return new TurnResult(output);
            case IntentKind.FeedbackYes:
            case IntentKind.FeedbackNo:
                var (thanks, vote) = Feedback(state, intent.Kind == IntentKind.FeedbackYes);
                output.Add(thanks);
                return new TurnResult(output, Feedback: vote);
        }

        if (LanguageGuard.HasNoWords(input.Text))
        {
            output.Add(replies.NoWords());
            return new TurnResult(output);
        }
        if (LanguageGuard.LooksNonEnglish(input.Text))
        {
            output.Add(replies.EnglishOnly());
            return new TurnResult(output);
        }
        // After the caution about changing a medicine, the reminder to decide with the care team would say it twice.
        var personal = safety.PersonalDecision && !safety.Has(SafetyClasses.MedicineChange);
        output.Add((await QuestionAsync(input.Text, input.CutFrom, normalized, personal, state, cancellationToken)).Reply);
        return new TurnResult(output);
    }

    /// <summary>
    /// After emergency, crisis or urgent advice the advice is the answer: the summary is quoted only for a separate
    /// question the message also asks, and only when it answers it ("I couldn't find that" would only distract).
    /// </summary>
    private async Task<List<IMessageActivity>> AfterAlertAsync(string text, List<IMessageActivity> output, ConversationData state, CancellationToken cancellationToken)
    {
        if (screen.SeparateQuestion(text) is not { } question) return output;
        var (reply, found) = await QuestionAsync(question, null, IntentRecognizer.Normalize(question), false, state, cancellationToken);
        if (found) output.Add(reply);
        return output;
    }

    /// <param name="normalized"><paramref name="text"/> through <see cref="IntentRecognizer.Normalize"/>.</param>
    /// <param name="cutFrom">The message's length when it arrived longer than the incoming-text limit.</param>
    private async Task<(IMessageActivity Reply, bool Found)> QuestionAsync(string text, int? cutFrom, string normalized, bool personalDecision, ConversationData state, CancellationToken cancellationToken)
    {
        var notes = new List<string>();
        var question = text;
        var maxLength = await answers.MaxQuestionLengthAsync(cancellationToken);
        if (question.Length > maxLength || cutFrom is not null)
        {
            if (question.Length > maxLength) question = Shorten(question, maxLength);
            notes.Add(string.Format(CultureInfo.InvariantCulture,
                "Your message was {0:N0} characters long, so I answered using its first {1:N0} characters.", cutFrom ?? text.Length, question.Length));
        }

        Answer answer;
        var subject = question == text ? IntentRecognizer.ShortFollowUpNormalized(normalized) : IntentRecognizer.ShortFollowUp(question);
        if (subject is not null && state.Topic is not null)
        {
            notes.Add($"I read this together with your previous question, “{MarkdownText.Escape(state.Topic, options.MaxEchoLength)}”.");
            (question, answer) = await FollowUpAsync(subject, state, cancellationToken);
        }
        else
        {
            state.Topic = question;
            answer = await answers.AskAsync(question, cancellationToken);
        }

        if (answer.IsAmbiguous)
        {
            state.ForgetAnswer();
            state.LastQuestion = question;
            state.Alternatives = answer.Alternatives.Select(a => new PendingChoice(a.Id, a.Label)).ToList();
            state.FollowUpIds = answer.FollowUps.Select(f => f.Id).ToList();
            return (replies.DidYouMean(state.Alternatives, notes), true);
        }
        if (!answer.Answered)
        {
            state.ForgetAnswer();
            if (answer.Subject is not null) return (replies.NotCovered(answer, notes, personalDecision), false);
            return (replies.NoAnswer(answer, notes, personalDecision), false);
        }

        state.ForgetAnswer();
        state.LastQuestion = question;
        state.FollowUpIds = answer.FollowUps.Select(f => f.Id).ToList();
        Remember(answer, state);
        return (replies.Answer(answer, new AnswerView(notes, personalDecision, state.FollowUpsLeft)), true);
    }

    /// <summary>
    /// "What about nilotinib?": the new subject asked with the previous question's words. When that only
    /// finds the passage already shown, the subject alone is asked, since repeating the last answer would
    /// not answer "what about …"; the core decides in both cases.
    /// </summary>
    private async Task<(string Question, Answer Answer)> FollowUpAsync(string subject, ConversationData state, CancellationToken cancellationToken)
    {
        var combined = $"{subject} {state.Topic}";
        var answer = await answers.AskAsync(combined, cancellationToken);
        if (state.LastPassageId is null || answer.Quoted?.Id != state.LastPassageId) return (combined, answer);
        var alone = await answers.AskAsync(subject, cancellationToken);
        return alone is { Answered: true } ? (subject, alone) : (combined, answer);
    }

    private async Task<IMessageActivity> MoreAsync(ConversationData state, CancellationToken cancellationToken)
    {
        if (state.LastQuestion is null) return replies.NothingToContinue();
        while (state.NextFollowUp < state.FollowUpIds.Count)
        {
            var index = state.NextFollowUp++;
            var answer = await answers.AnswerWithAsync(state.LastQuestion, state.FollowUpIds[index], cancellationToken);
            if (answer is not { Answered: true }) continue;
            Remember(answer, state);
            // Part 1 was the first answer; follow-ups are parts 2, 3, … of the same question.
            return replies.Answer(answer, new AnswerView([], false, state.FollowUpsLeft, (index + 2, state.FollowUpIds.Count + 1)));
        }
        return replies.NoMore();
    }

    private async Task<IReadOnlyList<IMessageActivity>> SourcesAsync(ConversationData state, CancellationToken cancellationToken)
    {
        if (state.LastPassageId is null) return [replies.NothingToSource()];
        if (state.LastReferences.Count == 0) return [replies.NoReferences(state.LastSection)];
        var references = await answers.ReferencesAsync(state.LastReferences, state.LastDocumentId, cancellationToken);
        return references.Count == 0 ? [replies.NoReferences(state.LastSection)] : replies.ReferenceLists(references);
    }

    private async Task<IMessageActivity> ReferenceAsync(string text, int number, ConversationData state, CancellationToken cancellationToken)
    {
        var answer = await answers.AnswerReferenceAsync(text, number, cancellationToken);
        if (!answer.Answered) return replies.NoAnswer(answer, []);
        Remember(answer, state);
        state.AwaitingFeedback = false;
        return replies.Answer(answer, new AnswerView([], false, state.FollowUpsLeft));
    }

    private (IMessageActivity Reply, FeedbackEntry? Vote) Feedback(ConversationData state, bool helpful)
    {
        if (!state.AwaitingFeedback || state.LastQuestion is null || state.LastPassageId is null) return (replies.NothingToRate(), null);
        state.AwaitingFeedback = false;
        // The same passage shown again (asked again, or after "start over") is thanked but not counted again.
        if (state.RatedPassageIds.Contains(state.LastPassageId)) return (replies.FeedbackThanks(helpful), null);
        state.RatedPassageIds.Add(state.LastPassageId);
        return (replies.FeedbackThanks(helpful), new FeedbackEntry(state.LastPassageId, helpful, state.AnswerId, state.LastQuestion));
    }

    private async Task<IMessageActivity?> ChooseAsync(string passageId, ConversationData state, CancellationToken cancellationToken)
    {
        // Only a passage the bot itself offered can be chosen: never an arbitrary (or random) one.
        if (state.LastQuestion is null || state.Alternatives.All(a => a.Id != passageId)) return null;
        var answer = await answers.AnswerWithAsync(state.LastQuestion, passageId, cancellationToken);
        if (answer is not { Answered: true }) return null;
        state.Alternatives = [];
        state.FollowUpIds = state.FollowUpIds.Where(id => id != passageId).ToList();
        state.NextFollowUp = 0;
        Remember(answer, state);
        return replies.Answer(answer, new AnswerView([], false, state.FollowUpsLeft));
    }

    /// <summary>Card submits: <c>{"choice": passageId}</c> for "did you mean", <c>{"feedback": "yes"|"no"}</c>.</summary>
    private async Task<TurnResult> OnSubmitAsync(JToken value, ConversationData state, CancellationToken cancellationToken)
    {
        if (value is JObject obj)
        {
            if (obj.Value<string>("choice") is { Length: > 0 } id)
                return Say(await ChooseAsync(id, state, cancellationToken) ?? replies.UnknownSubmit());
            if (obj["feedback"] is { } vote)
            {
                var text = vote.Type == JTokenType.Boolean ? (vote.Value<bool>() ? "yes" : "no") : vote.ToString();
                var kind = IntentRecognizer.Recognize(text).Kind;
                if (kind is IntentKind.FeedbackYes or IntentKind.FeedbackNo)
                {
                    var (thanks, entry) = Feedback(state, kind == IntentKind.FeedbackYes);
                    return new TurnResult([thanks], Feedback: entry);
                }
            }
        }
        return Say(replies.UnknownSubmit());
    }

    private static void Remember(Answer answer, ConversationData state)
    {
        var quoted = answer.Quoted!;
        state.LastPassageId = quoted.Id;
        state.LastReferences = answer.References.Select(r => r.Number).ToList();
        state.LastDocumentId = quoted.DocumentId;
        state.LastSection = quoted.Section;
        state.AwaitingFeedback = true;
        state.AnswerId = Guid.NewGuid().ToString("N");
    }

    /// <summary>Cuts at a word boundary so the core never sees half a word.</summary>
    private static string Shorten(string text, int max)
    {
        var cut = text.LastIndexOf(' ', max);
        return text[..(cut > max / 2 ? cut : max)].TrimEnd();
    }

    private static TurnResult Say(IMessageActivity reply) => new([reply]);
}
