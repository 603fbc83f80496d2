using System.Text;
using CmlBot.Core.Answers;
using Microsoft.Bot.Schema;

namespace CmlBot.Bot.Replies;

/// <summary>
/// The reply to a question on a subject the summary does not cover (side effects, cost, diet…): the subject's own
/// reply from <c>corpus/not-covered.txt</c>, which says where to ask instead, then two or three questions the summary
/// does answer, listed and offered as suggested actions (buttons in Web Chat, the Emulator and Teams; numbered lines in
/// the terminal). No quote and no citation: nothing of the summary is claimed to answer it.
/// </summary>
public static class SubjectReply
{
    public const string Lead = "You could ask me instead:";

    /// <param name="prefix">The bot's notes, already formatted.</param>
    /// <param name="fallback">Questions to offer when the answer suggests none.</param>
    /// <param name="reminder">A closing line (the reminder to decide with the care team), or null.</param>
    public static IMessageActivity Build(string prefix, Answer answer, IReadOnlyList<string> fallback, string? reminder = null)
    {
        var suggestions = answer.Suggestions.Count > 0 ? answer.Suggestions : fallback;
        // The reply and the questions come from the corpus files a clinician edits, not from the patient: not escaped.
        var text = new StringBuilder(prefix).Append(answer.Text);
        if (suggestions.Count > 0)
        {
            text.Append("\n\n").Append(Lead);
            foreach (var s in suggestions) text.Append("\n\n- ").Append(s);
        }
        if (reminder is not null) text.Append("\n\n").Append(reminder);
        var reply = ReplyFactory.Markdown(text.ToString(), suggestions);
        Citations.Attach(reply, [], null, summaryUrl: null);
        return reply;
    }
}
