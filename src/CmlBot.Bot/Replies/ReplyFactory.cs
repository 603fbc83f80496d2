using System.Collections.Concurrent;
using System.Text;
using CmlBot.Bot.Answers;
using CmlBot.Bot.State;
using CmlBot.Bot.Understanding.Safety;
using CmlBot.Core.Answers;
using CmlBot.Core.Retrieval;
using Microsoft.Bot.Builder;
using Microsoft.Bot.Schema;
using Newtonsoft.Json.Linq;

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
public sealed class ReplyFactory(BotOptions options, TeamsOptions teams)
{
    // A reference's Claim is the same in every reply that cites it: its JSON is written once per reference, and each
    // reply gets a token of its own holding it (see Citations). Keyed by the cited reference's value, so bounded by the
    // corpus's references.
    private readonly ConcurrentDictionary<CitedReference, string> _claims = new();
    // A source line per section of a document, written once.
    private readonly ConcurrentDictionary<SourceInfo, string> _sourceLines = new();
    private readonly MessageSizeBound _size = new();

    public ReplyFactory(BotOptions options) : this(options, new TeamsOptions())
    {
    }

    public const string Yes = "Yes";
    public const string No = "No";
    public const string TellMeMore = "Tell me more";
    public const string WhichStudy = "Which study?";
    public const string HelpCommand = "help";
    public const string StartOver = "start over";
    public const string ShowAllReferences = "Show all references";
    public const string Helpful = "Helpful";
    public const string NotHelpful = "Not helpful";
    public const string AdaptiveCardType = "application/vnd.microsoft.card.adaptive";

    private const string PersonalReminder =
        "**Please decide anything about your own treatment together with your care team.** This summary is general information, not medical advice for you.";

    public IMessageActivity Welcome(SourceDescription source, bool group = false) => Markdown(
        $"""
        **Hello, I'm CmlBot.** I answer questions about relapsing chronic myelogenous leukemia (CML) by quoting the NCI PDQ® summary *{source.Title}*, {Version(source)} (written for health professionals). It was last modified {source.LastModified} and may be out of date.

        I am not medical advice and I do not replace your care team: please decide anything about your own treatment with them. In an emergency, call {options.EmergencyNumber} (in the U.S.) or your local emergency number.

        {(group ? "In this chat, start a message with **@CmlBot** to ask me. " : "")}Try one of these questions, or type **help**.
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

    /// <summary>A corpus/safety.txt reply, numbers filled in; high importance, so the handler sends it before even a welcome.</summary>
    public IMessageActivity Safety(SafetyGroup group)
    {
        var reply = Markdown(SafetyRules.Fill(group, options));
        reply.Importance = ActivityImportance.High;
        return reply;
    }

    public IMessageActivity Apology() => Markdown("Sorry, something went wrong on my side. Please try again, or type **start over**.");

    /// <summary>The shared store is unreachable: the turn did nothing, and trying again shortly will work.</summary>
    public IMessageActivity Unavailable() => Markdown("Sorry, I can't reach my memory right now, so I couldn't answer. Please send your message again in a minute.");

    /// <summary>Two turns of the same conversation overlapped twice running; this one was not applied.</summary>
    public IMessageActivity SendAgain() => Markdown("Sorry, two of your messages crossed on my side. Please send that again.");

    public IMessageActivity FeedbackThanks(bool helpful) => Markdown(
        helpful ? "Thank you for the feedback." : "Thank you for the feedback. Try rephrasing your question, or say **tell me more**.");

    public IMessageActivity NothingToRate() => Markdown("There's no answer to rate yet. Ask me a question about relapsing CML.", options.Examples);

    public IMessageActivity NothingToContinue() => Markdown("Ask me a question first; then **tell me more** shows the next passage about it.", options.Examples);

    public IMessageActivity NoMore() => Markdown("That's all the summary says that matches your question. Ask another question, or type **help**.");

    public IMessageActivity NothingToSource() => Markdown("There's no answer yet whose sources I could show. Ask me a question first.", options.Examples);

    public IMessageActivity NoReferences(string? section) => Markdown(
        $"The last passage I quoted gives no numbered reference{(section is null ? "" : $"; it comes from the summary's section “{section}”")}.");

    /// <summary>
    /// The references in full, split over as many messages as it takes: each lists (and cites) at most
    /// <see cref="TeamsOptions.MaxReferencesPerMessage"/> references and stays under the size limit.
    /// </summary>
    public IReadOnlyList<IMessageActivity> ReferenceLists(IReadOnlyList<CitedReference> references)
    {
        var messages = new List<IMessageActivity>();
        var start = 0;
        while (start < references.Count)
        {
            var count = Math.Min(teams.ReferencesPerMessage, references.Count - start);
            var reply = ReferenceList(references.Skip(start).Take(count).ToList(), start > 0);
            // A single reference always goes out: no reference alone comes near the limit.
            while (count > 1 && !_size.FitsUnder(reply, BodyLimit))
                reply = ReferenceList(references.Skip(start).Take(--count).ToList(), start > 0);
            messages.Add(reply);
            start += count;
        }
        return messages;
    }

    private IMessageActivity ReferenceList(IReadOnlyList<CitedReference> references, bool continued)
    {
        var text = new StringBuilder(continued ? "**References** of the last answer, continued:" : "**References** of the last answer:",
            64 + references.Sum(r => r.Text.Length + 8));
        foreach (var r in references) text.Append("\n\n").Append('[').Append(r.Number).Append("] ").Append(r.Text);
        var reply = Markdown(text.ToString());
        Citations.Attach(reply, references, null, Claim);
        return reply;
    }

    public IMessageActivity NoAnswer(Answer answer, IReadOnlyList<string> notes, bool personalDecision = false)
    {
        var text = Prefix(notes) + answer.Text.Replace("\n", "\n\n", StringComparison.Ordinal);
        if (personalDecision) text += "\n\n" + PersonalReminder;
        var reply = Markdown(text, options.Examples);
        Citations.Attach(reply, [], null, Claim);
        return reply;
    }

    /// <summary>A subject the summary does not cover: the subject's reply, and questions it does answer as suggested actions.</summary>
    public IMessageActivity NotCovered(Answer answer, IReadOnlyList<string> notes, bool personalDecision = false) =>
        SubjectReply.Build(Prefix(notes), answer, options.Examples, personalDecision ? PersonalReminder : null);

    public IMessageActivity DidYouMean(IReadOnlyList<PendingChoice> choices, IReadOnlyList<string> notes)
    {
        var text = new StringBuilder(Prefix(notes));
        text.Append("Your question matches several passages of the summary about equally well. Which did you mean?");
        for (var i = 0; i < choices.Count; i++) text.Append("\n\n").Append(i + 1).Append(". ").Append(choices[i].Label);
        return Markdown(text.ToString(), choices.Select(c => c.Label).ToList());
    }

    private JRaw Claim(CitedReference reference) =>
        new(_claims.GetOrAdd(reference, r => Citations.ClaimJson(Citations.Claim(r, options.SummaryUrl))));

    /// <summary>What a reply may take before the adapter adds its envelope.</summary>
    private int BodyLimit => Math.Max(teams.MaxMessageBytes - MessageSize.EnvelopeBytes, teams.MaxMessageBytes / 2);

    /// <summary>
    /// The quote as a blockquote, then its references and the source line; the reminder and "Was this
    /// helpful?" close the message so the suggested actions (feedback, follow-ups) belong to it. A long
    /// reference list is cut (at most <see cref="TeamsOptions.MaxReferencesPerMessage"/>, and fewer while the
    /// message would be over <see cref="TeamsOptions.MaxMessageBytes"/>) and "Show all references" offered.
    /// With <see cref="TeamsOptions.AnswerCards"/> the same content goes out as an Adaptive Card.
    /// </summary>
    public IMessageActivity Answer(Answer answer, AnswerView view)
    {
        var shown = Math.Min(answer.References.Count, teams.ReferencesPerMessage);
        while (true)
        {
            var reply = Answer(answer, view, shown);
            if (shown == 0 || _size.FitsUnder(reply, BodyLimit)) return reply;
            shown--;
        }
    }

    private IMessageActivity Answer(Answer answer, AnswerView view, int shown)
    {
        var quoted = answer.Quoted ?? throw new ArgumentException("an answered Answer has a quoted passage", nameof(answer));
        var isReference = quoted.Kind == PassageKind.Reference;
        var references = isReference ? answer.References.Take(1).ToList() : answer.References.Take(shown).ToList();
        var cut = !isReference && references.Count < answer.References.Count;
        var notes = view.Notes.Concat(Corrections(answer.Corrections)).ToList();
        var header = view.Part is { } part ? $"More from the summary ({part.Index} of {part.Of}):" : null;
        header ??= isReference ? $"Reference {references[0].Number} of the summary:" : "From the summary:";
        var cutNote = cut
            ? $"This passage cites {answer.References.Count} references; {references.Count} are listed here. Say **show all references** for all of them."
            : null;

        var actions = new List<string>();
        if (!isReference && !teams.AnswerCards)
        {
            actions.Add(Yes);
            actions.Add(No);
        }
        // After a reference, "tell me more" would read as more about that reference: not offered there.
        if (view.FollowUpsLeft > 0 && !isReference) actions.Add(TellMeMore);
        if (!isReference && answer.References.Count > 0) actions.Add(cut ? ShowAllReferences : WhichStudy);

        IMessageActivity reply;
        if (teams.AnswerCards)
        {
            reply = Card(AnswerCard(answer, view, notes, header, references, cutNote, isReference), actions);
        }
        else
        {
            // Sized for the whole message at once: an answer with its references runs to several kilobytes.
            var text = new StringBuilder(Prefix(notes), 512 + quoted.Text.Length + references.Sum(r => r.Text.Length + 8));
            text.Append(header);
            if (isReference)
            {
                text.Append($"\n\n[{references[0].Number}] {references[0].Text}");
            }
            else
            {
                text.Append("\n\n> ").Append(quoted.Text);
                if (answer.References.Count > 0)
                {
                    text.Append("\n\n**References**");
                    // One reference a paragraph: markers never stand side by side ("[14][15]" would read as one
                    // Markdown reference link), and each "[n]" is the marker Teams matches to Claim n.
                    foreach (var r in references) text.Append("\n\n[").Append(r.Number).Append("] ").Append(r.Text);
                    if (cutNote is not null) text.Append("\n\n*").Append(cutNote).Append('*');
                }
                else
                {
                    text.Append("\n\nThe summary gives no numbered reference for this passage.");
                }
            }
            if (answer.Source is { } source) text.Append("\n\n*Source:* ").Append(_sourceLines.GetOrAdd(source, s => s.Describe()));
            if (view.PersonalDecision) text.Append("\n\n").Append(PersonalReminder);
            if (!isReference) text.Append("\n\nWas this helpful?");
            reply = Markdown(text.ToString(), actions);
        }
        Citations.Attach(reply, references, quoted.Id, Claim);
        return reply;
    }

    /// <summary>
    /// The answer as an Adaptive Card (built as JSON; version at most 1.5, which Teams renders): the notes,
    /// the passage verbatim, its references, the source, and Helpful / Not helpful submits whose data
    /// (<c>{"feedback": "yes"|"no"}</c>) the dialog handles like typed feedback.
    /// </summary>
    private JObject AnswerCard(Answer answer, AnswerView view, IReadOnlyList<string> notes, string header,
        IReadOnlyList<CitedReference> references, string? cutNote, bool isReference)
    {
        var quoted = answer.Quoted!;
        var body = new JArray();
        foreach (var note in notes) body.Add(TextBlock(note, subtle: true));
        body.Add(TextBlock(header, bold: true));
        if (isReference)
        {
            body.Add(TextBlock($"[{references[0].Number}] {references[0].Text}"));
        }
        else
        {
            body.Add(new JObject
            {
                ["type"] = "Container",
                ["style"] = "emphasis",
                ["items"] = new JArray(TextBlock(quoted.Text)),
            });
            if (answer.References.Count > 0)
            {
                body.Add(TextBlock("References", bold: true));
                foreach (var r in references) body.Add(TextBlock($"[{r.Number}] {r.Text}", small: true));
                if (cutNote is not null) body.Add(TextBlock(cutNote, subtle: true));
            }
            else
            {
                body.Add(TextBlock("The summary gives no numbered reference for this passage.", subtle: true));
            }
        }
        if (answer.Source is { } source) body.Add(TextBlock("Source: " + source.Describe(), subtle: true, small: true));
        if (view.PersonalDecision) body.Add(TextBlock(PersonalReminder));
        var card = new JObject
        {
            ["type"] = "AdaptiveCard",
            ["$schema"] = "http://adaptivecards.io/schemas/adaptive-card.json",
            ["version"] = teams.EffectiveCardVersion.ToString(2),
            ["body"] = body,
        };
        if (!isReference)
        {
            body.Add(TextBlock("Was this helpful?"));
            card["actions"] = new JArray(Submit(Helpful, "yes"), Submit(NotHelpful, "no"));
        }
        return card;
    }

    private static JObject TextBlock(string text, bool bold = false, bool subtle = false, bool small = false)
    {
        var block = new JObject { ["type"] = "TextBlock", ["text"] = text, ["wrap"] = true };
        if (bold) block["weight"] = "Bolder";
        if (subtle) block["isSubtle"] = true;
        if (small) block["size"] = "Small";
        return block;
    }

    private static JObject Submit(string title, string vote) => new()
    {
        ["type"] = "Action.Submit",
        ["title"] = title,
        ["data"] = new JObject { ["feedback"] = vote },
    };

    private static IMessageActivity Card(JObject card, IReadOnlyList<string> suggestions)
    {
        var reply = MessageFactory.Attachment(new Attachment { ContentType = AdaptiveCardType, Content = card });
        if (suggestions.Count > 0)
            reply.SuggestedActions = new SuggestedActions
            {
                Actions = suggestions.Select(s => new CardAction(ActionTypes.ImBack, title: s, value: s)).ToList(),
            };
        return reply;
    }

    private static IEnumerable<string> Corrections(IReadOnlyList<SpellingFix> fixes) =>
        fixes.Select(f => $"I read “{MarkdownText.Escape(f.From)}” as “{MarkdownText.Escape(f.To)}”.");

    private static string Prefix(IReadOnlyList<string> notes) =>
        notes.Count == 0 ? "" : string.Concat(notes.Select(n => $"*{n}*\n\n"));

    private static string Version(SourceDescription source) => source.Version.Length > 0 ? source.Version : "Health Professional Version";

    internal static IMessageActivity Markdown(string text, IReadOnlyList<string>? suggestions = null)
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
