using System.Text;
using CmlBot.Bot.Answers;
using CmlBot.Bot.State;
using CmlBot.Core.Answers;
using CmlBot.Core.Retrieval;
using Microsoft.Bot.Builder;
using Microsoft.Bot.Schema;

namespace CmlBot.Bot.Replies;

/// <summary>How an answer is being shown: why it was asked this way, and what can follow it.</summary>
/// <param name="Notes">The bot's own remarks shown above the quote (escaped already).</param>
/// <param name="Part">For "tell me more": this passage's place among the question's passages, else null.</param>
public sealed record AnswerView(IReadOnlyList<string> Notes, bool PersonalDecision, int FollowUpsLeft, (int Index, int Of)? Part = null);

/// <summary>
/// Every reply the bot sends, in one place. The only words here are the bot's own interface sentences;
/// medical text comes only from the core's quotes, verbatim. Nothing here is random or clock-dependent, so
/// the same conversation always produces the same transcript.
/// </summary>
[System.Diagnostics.CodeAnalysis.SuppressMessage("Performance", "CA1822:Mark members as static",
    Justification = "One injected factory for every reply; which replies read the options is an implementation detail.")]
public sealed class ReplyFactory(BotOptions options)
{
    public const string Yes = "Yes";
    public const string No = "No";
    public const string TellMeMore = "Tell me more";
    public const string WhichStudy = "Which study?";
    public const string HelpCommand = "help";
    public const string StartOver = "start over";

    private const string PersonalReminder =
        "**Please decide anything about your own treatment together with your care team.** This summary is general information, not medical advice for you.";

    public IMessageActivity Welcome(SourceDescription source) => Markdown(
        $"""
        **Hello, I'm CmlBot.** I answer questions about relapsing chronic myelogenous leukemia (CML) by quoting the NCI PDQ® summary *{source.Title}*, {Version(source)} (written for health professionals). It was last modified {source.LastModified} and may be out of date.

        I am not medical advice and I do not replace your care team: please decide anything about your own treatment with them. In an emergency, call {options.EmergencyNumber} (in the U.S.) or your local emergency number.

        Try one of these questions, or type **help**.
        """,
        options.Examples);

    public IMessageActivity Help(SourceDescription source) => Markdown(
        $"""
        **How to use CmlBot.** Ask a question about relapsing CML in your own words. I answer by quoting the NCI PDQ® summary *{source.Title}*, {Version(source)} (last modified {source.LastModified}), with its references; I never write medical text of my own.

        After an answer you can say:

        - **tell me more**: the next passage about the same question
        - **which study?**: the full references of the last answer
        - **show reference 12**: any reference by its number
        - **what about nilotinib?**: a short follow-up, read with your last question
        - **start over**: forget this conversation

        This is not medical advice and does not replace your care team.
        """,
        options.Examples);

    public IMessageActivity Restarted() => Markdown("Starting over: I have forgotten this conversation. Ask me a question about relapsing CML.", options.Examples);

    public IMessageActivity Greeting() => Markdown("Hello. Ask me a question about relapsing CML, or type **help**.", options.Examples);

    public IMessageActivity Thanks() => Markdown("You're welcome. Ask another question whenever you like.");

    public IMessageActivity Goodbye() => Markdown("Goodbye. Please talk with your care team about your own treatment.");

    public IMessageActivity Empty() => Markdown("I didn't get any text. Please type a question about relapsing CML, or type **help**.", options.Examples);

    public IMessageActivity AttachmentsOnly() => Markdown("I can read only text, not attachments. Please type your question.", options.Examples);

    public IMessageActivity NoWords() => Markdown("I can answer only questions written in words. Please type your question, or type **help**.", options.Examples);

    public IMessageActivity EnglishOnly() => Markdown("Sorry, I answer in English only: the summary I quote is in English. Please ask your question in English.", options.Examples);

    public IMessageActivity UnknownSubmit() => Markdown("I didn't understand that button. Please type your question, or type **help**.");

    public IMessageActivity Emergency() => Markdown(
        $"**If this is an emergency, call {options.EmergencyNumber} (in the U.S.) or your local emergency number now**, or go to the nearest emergency department. Don't wait for an answer from me.");

    public IMessageActivity Crisis() => Markdown(
        $"**If you are thinking about suicide or harming yourself, please reach out now: the {options.CrisisLine} in the U.S.**, or your local crisis line. If you are in immediate danger, call {options.EmergencyNumber}. You don't have to face this alone.");

    public IMessageActivity Apology() => Markdown("Sorry, something went wrong on my side. Please try again, or type **start over**.");

    public IMessageActivity FeedbackThanks(bool helpful) => Markdown(
        helpful ? "Thank you for the feedback." : "Thank you for the feedback. Try rephrasing your question, or say **tell me more**.");

    public IMessageActivity NothingToRate() => Markdown("There's no answer to rate yet. Ask me a question about relapsing CML.", options.Examples);

    public IMessageActivity NothingToContinue() => Markdown("Ask me a question first; then **tell me more** shows the next passage about it.", options.Examples);

    public IMessageActivity NoMore() => Markdown("That's all the summary says that matches your question. Ask another question, or type **help**.");

    public IMessageActivity NothingToSource() => Markdown("There's no answer yet whose sources I could show. Ask me a question first.", options.Examples);

    public IMessageActivity NoReferences(string? section) => Markdown(
        $"The last passage I quoted gives no numbered reference{(section is null ? "" : $"; it comes from the summary's section “{section}”")}.");

    public IMessageActivity ReferenceList(IReadOnlyList<CitedReference> references)
    {
        var text = new StringBuilder("**References** of the last answer:");
        foreach (var r in references) text.Append("\n\n").Append('[').Append(r.Number).Append("] ").Append(r.Text);
        var reply = Markdown(text.ToString());
        Citations.Attach(reply, references, null);
        return reply;
    }

    public IMessageActivity NoAnswer(Answer answer, IReadOnlyList<string> notes, bool personalDecision = false)
    {
        var text = Prefix(notes) + answer.Text.Replace("\n", "\n\n", StringComparison.Ordinal);
        if (personalDecision) text += "\n\n" + PersonalReminder;
        var reply = Markdown(text, options.Examples);
        Citations.Attach(reply, [], null);
        return reply;
    }

    public IMessageActivity DidYouMean(IReadOnlyList<PendingChoice> choices, IReadOnlyList<string> notes)
    {
        var text = new StringBuilder(Prefix(notes));
        text.Append("Your question matches several passages of the summary about equally well. Which did you mean?");
        for (var i = 0; i < choices.Count; i++) text.Append("\n\n").Append(i + 1).Append(". ").Append(choices[i].Label);
        return Markdown(text.ToString(), choices.Select(c => c.Label).ToList());
    }

    /// <summary>
    /// The quote as a blockquote, then its references and the source line; the reminder and "Was this
    /// helpful?" close the message so the suggested actions (feedback, follow-ups) belong to it.
    /// </summary>
    public IMessageActivity Answer(Answer answer, AnswerView view)
    {
        var quoted = answer.Quoted ?? throw new ArgumentException("an answered Answer has a quoted passage", nameof(answer));
        var text = new StringBuilder(Prefix(view.Notes.Concat(Corrections(answer.Corrections)).ToList()));
        var isReference = quoted.Kind == PassageKind.Reference;
        var header = view.Part is { } part ? $"More from the summary ({part.Index} of {part.Of}):" : null;
        if (isReference)
        {
            var r = answer.References[0];
            text.Append(header ?? $"Reference {r.Number} of the summary:").Append($"\n\n[{r.Number}] {r.Text}");
        }
        else
        {
            text.Append(header ?? "From the summary:");
            text.Append("\n\n> ").Append(quoted.Text);
            if (answer.References.Count > 0)
            {
                text.Append("\n\n**References**");
                foreach (var r in answer.References) text.Append("\n\n[").Append(r.Number).Append("] ").Append(r.Text);
            }
            else
            {
                text.Append("\n\nThe summary gives no numbered reference for this passage.");
            }
        }
        if (answer.Source is { } source) text.Append("\n\n*Source:* ").Append(source.Describe());
        if (view.PersonalDecision)
            text.Append("\n\n").Append(PersonalReminder);

        var actions = new List<string>();
        if (!isReference)
        {
            text.Append("\n\nWas this helpful?");
            actions.Add(Yes);
            actions.Add(No);
        }
        // After a reference, "tell me more" would read as more about that reference: not offered there.
        if (view.FollowUpsLeft > 0 && !isReference) actions.Add(TellMeMore);
        if (!isReference && answer.References.Count > 0) actions.Add(WhichStudy);

        var reply = Markdown(text.ToString(), actions);
        Citations.Attach(reply, answer.References, quoted.Id);
        return reply;
    }

    private static IEnumerable<string> Corrections(IReadOnlyList<SpellingFix> fixes) =>
        fixes.Select(f => $"I read “{MarkdownText.Escape(f.From)}” as “{MarkdownText.Escape(f.To)}”.");

    private static string Prefix(IReadOnlyList<string> notes) =>
        notes.Count == 0 ? "" : string.Concat(notes.Select(n => $"*{n}*\n\n"));

    private static string Version(SourceDescription source) => source.Version.Length > 0 ? source.Version : "Health Professional Version";

    private static IMessageActivity Markdown(string text, IReadOnlyList<string>? suggestions = null)
    {
        var reply = MessageFactory.Text(text.ReplaceLineEndings("\n"));
        reply.TextFormat = TextFormatTypes.Markdown;
        if (suggestions is { Count: > 0 })
            reply.SuggestedActions = new SuggestedActions
            {
                Actions = suggestions.Select(s => new CardAction(ActionTypes.ImBack, title: s, value: s)).ToList(),
            };
        return reply;
    }
}
