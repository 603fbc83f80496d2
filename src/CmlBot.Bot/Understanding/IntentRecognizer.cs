using System.Globalization;
using System.Text.RegularExpressions;

namespace CmlBot.Bot.Understanding;

/// <summary>
/// Recognises the conversation's own commands and follow-ups. Patterns match the whole message, so a real
/// question that merely contains "more" or "source" still goes to the core.
/// </summary>
public static partial class IntentRecognizer
{
    [GeneratedRegex(@"^(help|\?|menu|commands|what can you do|how does this work|how do i use this)$")]
    private static partial Regex HelpRx();

    [GeneratedRegex(@"^(start over|start again|restart|reset|new conversation|clear|begin again)$")]
    private static partial Regex RestartRx();

    [GeneratedRegex(@"^(hi|hello|hey|hiya|good (morning|afternoon|evening)|greetings)( there)?( cmlbot)?$")]
    private static partial Regex GreetingRx();

    [GeneratedRegex(@"^(thanks|thank you|thank you very much|thank you so much|thanks so much|thanks a lot|many thanks|thx|ty|cheers|great,? thanks|ok,? thanks|thanks,? that helps)( cmlbot)?$")]
    private static partial Regex ThanksRx();

    [GeneratedRegex(@"^(bye|goodbye|good bye|bye bye|see you|see ya|farewell|quit|exit|end|stop|that'?s all|i'?m done|done)( for now)?$")]
    private static partial Regex GoodbyeRx();

    [GeneratedRegex(@"^((please )?tell me more( please)?|more|more please|go on|continue|next|keep going|what else|anything else|show more|tell me more about (it|that|this)|more about (that|this|it))$")]
    private static partial Regex MoreRx();

    [GeneratedRegex(@"^((which|what) (study|studies|trial|trials|paper|papers|reference|references|source|sources|citation|citations)( is (it|that|this)| was (it|that|this)| are (they|those|these)| says? (that|so))?|what'?s the source|what is the source|source|sources|references|citations|where (is|does) (that|this|it) (from|come from)|where did (that|this|you get that) come from|cite (it|that|this)|show (me )?the (references|sources|studies|citations)|(show|list|see)( me)? all( the)? (references|sources|studies|citations)|all (references|sources|citations))$")]
    private static partial Regex SourcesRx();

    [GeneratedRegex(@"^((show|see|open|give|read|display)( me)?( the)? )?(ref|reference|citation|cite|source)\.? ?(no\.? ?|number |#)?(?<n>\d{1,4})$")]
    private static partial Regex ReferenceRx();

    [GeneratedRegex(@"^(yes|y|yep|yeah|yes,? (it was|helpful|thanks)|helpful|it was helpful|very helpful|👍)$")]
    private static partial Regex YesRx();

    [GeneratedRegex(@"^(no|n|nope|no,? (it wasn'?t|not really)|not helpful|unhelpful|it wasn'?t helpful|👎)$")]
    private static partial Regex NoRx();

    [GeneratedRegex(@"^(?:(?:and|but|ok|so),? )?(?:what|how) about (?<x>.+)$|^and (?<x>.+)$")]
    private static partial Regex ShortFollowUpRx();

    /// <summary>
    /// Lower case, single spaces, ’ read as ', no closing punctuation or spaces (unless that is all there is):
    /// "Tell me MORE!!" reads as "tell me more". One pass over the text, which comes back as it is when already so.
    /// </summary>
    public static string Normalize(string text)
    {
        var trimmed = text.AsSpan().Trim();
        var t = trimmed.Length <= 256 ? stackalloc char[trimmed.Length] : new char[trimmed.Length];
        trimmed.ToLowerInvariant(t);
        var length = 0;
        var afterSpace = false;
        foreach (var c in t)
        {
            // Every run of white space (as Regex's \s and Trim see it) becomes one space.
            if (char.IsWhiteSpace(c))
            {
                if (!afterSpace) t[length++] = ' ';
                afterSpace = true;
                continue;
            }
            afterSpace = false;
            t[length++] = c == '’' ? '\'' : c;
        }
        var end = length;
        while (end > 0 && (char.IsWhiteSpace(t[end - 1]) || char.IsPunctuation(t[end - 1]))) end--;
        var normalized = t[..(end > 0 ? end : length)];
        return normalized.SequenceEqual(text) ? text : normalized.ToString();
    }

    public static Intent Recognize(string text) => RecognizeNormalized(Normalize(text));

    /// <summary>Whether the text is only a greeting or a thanks ("Hello there.", "Thanks so much!").</summary>
    public static bool IsCourtesy(string text)
    {
        var t = Normalize(text);
        return GreetingRx().IsMatch(t) || ThanksRx().IsMatch(t);
    }

    /// <summary>As <see cref="Recognize"/>, for text that has been through <see cref="Normalize"/> already.</summary>
    public static Intent RecognizeNormalized(string t)
    {
        if (HelpRx().IsMatch(t)) return new(IntentKind.Help);
        if (RestartRx().IsMatch(t)) return new(IntentKind.Restart);
        if (GreetingRx().IsMatch(t)) return new(IntentKind.Greeting);
        if (ThanksRx().IsMatch(t)) return new(IntentKind.Thanks);
        if (GoodbyeRx().IsMatch(t)) return new(IntentKind.Goodbye);
        if (MoreRx().IsMatch(t)) return new(IntentKind.More);
        if (SourcesRx().IsMatch(t)) return new(IntentKind.Sources);
        if (ReferenceRx().Match(t) is { Success: true } m)
            return new(IntentKind.ShowReference, int.Parse(m.Groups["n"].Value, CultureInfo.InvariantCulture));
        if (YesRx().IsMatch(t)) return new(IntentKind.FeedbackYes);
        if (NoRx().IsMatch(t)) return new(IntentKind.FeedbackNo);
        return Intent.Question;
    }

    /// <summary>
    /// The new subject of a short follow-up ("what about nilotinib?" → "nilotinib"), or null when the
    /// message is a question of its own. Short means at most <paramref name="maxWords"/> words.
    /// </summary>
    public static string? ShortFollowUp(string text, int maxWords = 4) => ShortFollowUpNormalized(Normalize(text), maxWords);

    /// <summary>As <see cref="ShortFollowUp"/>, for text that has been through <see cref="Normalize"/> already.</summary>
    public static string? ShortFollowUpNormalized(string normalized, int maxWords = 4)
    {
        var m = ShortFollowUpRx().Match(normalized);
        if (!m.Success) return null;
        var subject = m.Groups["x"].Value.Trim();
        var words = subject.Split(' ', StringSplitOptions.RemoveEmptyEntries).Length;
        return words is > 0 && words <= maxWords ? subject : null;
    }

    /// <summary>The index of the pending "did you mean" choice the text picks (its label, or 1, 2, 3), or -1.</summary>
    public static int Choice(string text, IReadOnlyList<string> labels) => ChoiceNormalized(Normalize(text), labels);

    /// <summary>As <see cref="Choice"/>, for text that has been through <see cref="Normalize"/> already.</summary>
    public static int ChoiceNormalized(string t, IReadOnlyList<string> labels)
    {
        for (var i = 0; i < labels.Count; i++)
            if (Normalize(labels[i]) == t) return i;
        var number = t.StartsWith("option ", StringComparison.Ordinal) ? t[7..] : t.TrimStart('#');
        return int.TryParse(number, NumberStyles.None, CultureInfo.InvariantCulture, out var n) && n >= 1 && n <= labels.Count ? n - 1 : -1;
    }
}
