using System.Text.RegularExpressions;
using CmlBot.Bot.Answers;
using CmlBot.Core.Retrieval;
using Microsoft.Extensions.Logging;

namespace CmlBot.Bot.Understanding.Safety;

/// <summary>
/// Screens every message before anything else, recall first: a needless pointer to help costs a line; a missed
/// one could cost far more. The content file's phrases (a negated one does not count: "no chest pain") and,
/// when the core has loaded the sentence model, similarity to the file's example messages, a classifier that
/// tells them from ordinary questions (the core's question bank), and the two learnt steps fitted on labelled messages,
/// over the sentence vector (<see cref="SafetyLearned"/>) and over the words (<see cref="SafetyWords"/>), the last of
/// which may also overrule what the rest found where both steps read the message as ordinary. Without the
/// model the phrases work alone: the word step chooses its reply by the model's similarities, and shares the model's gates.
/// </summary>
/// <param name="ordinary">Ordinary questions for the classifier when there is no core to take its bank from (the evaluation).</param>
/// <param name="logger">Says when the learnt step is off because the loaded model is not the one it was fitted with.</param>
public sealed partial class SafetyScreen(SafetyRules rules, ICoreProvider? core = null, Answers.ComputeGate? gate = null, IReadOnlyList<string>? ordinary = null,
    ILogger? logger = null)
{
    private readonly Lock _gate = new();
    private SafetyExampleVectors? _vectors;
    private IReadOnlyList<string>? _ordinary = ordinary;

    [GeneratedRegex(@"\b((should|shall|can|could|must|may|do|would|will) (i|we)|am i|for me|in my case|my (treatment|dose|dosage|medication|medicine|meds|imatinib|gleevec|glivec|dasatinib|sprycel|nilotinib|tasigna|drug|drugs|therapy|pills?|tablets?|doctor|oncologist|transplant))\b")]
    private static partial Regex PersonalRx();

    [GeneratedRegex(@"[^.!?\n]+[.!?\n]*")]
    private static partial Regex SentenceRx();

    [GeneratedRegex(@"^(what|which|who|whom|whose|where|when|why|how|is|are|was|were|do|does|did|can|could|should|would|will|has|have)\b")]
    private static partial Regex QuestionStartRx();

    public SafetyRules Rules => rules;

    /// <summary>With the core's sentence model when it has one (waiting for a core that is still being built).</summary>
    public async Task<SafetyResult> CheckAsync(string text, CancellationToken cancellationToken)
    {
        var model = await ModelAsync(cancellationToken);
        return gate is null ? Check(text, model, cancellationToken) : await gate.RunAsync(() => Check(text, model, cancellationToken), cancellationToken);
    }

    /// <summary>The screen itself; <paramref name="embedder"/> null means phrases alone.</summary>
    public SafetyResult Check(string text, ITextEmbedder? embedder = null, CancellationToken cancellationToken = default)
    {
        var cut = text.Length > SafetyRules.MaxTextLength ? text[..SafetyRules.MaxTextLength] : text;
        var prepared = rules.Prepare(cut);
        var alerts = rules.Alerts;
        var hit = new bool[alerts.Count];
        var dismissedOnly = new bool[alerts.Count];
        // A sign the file judged (long over, asked of people in general, negated, in an idiom) is not one the model
        // may raise under another name: "my mum had a stroke in 2015" reads close to an emergency other than the stroke's.
        var signJudged = false;
        for (var g = 0; g < alerts.Count; g++)
        {
            var (found, dismissed) = Phrases(alerts[g], prepared);
            hit[g] = found;
            dismissedOnly[g] = dismissed && !found;
            signJudged |= dismissedOnly[g] && IsSign(alerts[g].Class);
        }
        var overruled = SafetyClasses.None;
        if (embedder is not null)
        {
            var read = Vectors(embedder, cancellationToken).Read(Pieces(cut), cancellationToken);
            // Whether the model may count for a group: asked only of groups it would add, since an idiom search costs.
            var open = new bool?[alerts.Count];
            bool Open(int g) => open[g] ??= !dismissedOnly[g] && !(signJudged && IsSign(alerts[g].Class)) && !HasIdiom(alerts[g], prepared);
            for (var g = 0; g < alerts.Count; g++)
                if (!hit[g] && read.Groups[g] && Open(g)) hit[g] = true;
            if (LearntGroup(cut, read.Learnt, read, hit, Open) is var learnt and >= 0) hit[learnt] = true;
            if (rules.Words is { } words)
            {
                var scores = words.Scores(prepared);
                if (LearntGroup(cut, words.Read(scores), read, hit, Open) is var worded and >= 0) hit[worded] = true;
                overruled = Overrule(cut, words, scores, read, hit);
            }
        }

        var classes = SafetyClasses.None;
        var replies = new List<SafetyGroup>();
        foreach (var c in SafetyClassNames.Ordered)
        {
            var first = Enumerable.Range(0, alerts.Count).FirstOrDefault(g => hit[g] && alerts[g].Class == c, -1);
            if (first < 0) continue;
            classes |= c;
            if (c == SafetyClasses.Urgent && (classes & SafetyClasses.Emergency) != 0) continue;
            replies.Add(alerts[first]);
        }
        var personal = PersonalRx().IsMatch(IntentRecognizer.Normalize(cut));
        var result = classes == SafetyClasses.None && !personal ? SafetyResult.None : new SafetyResult(classes, replies, personal);
        return overruled == SafetyClasses.None ? result : result with { Overruled = overruled };
    }

    private static bool IsSign(SafetyClasses c) => c is SafetyClasses.Emergency or SafetyClasses.Urgent;

    /// <summary>
    /// The group a learnt step adds for the class it read (<paramref name="learnt"/>), or -1. It adds a class nothing
    /// else found, with the reply of that class's open group the message reads most like (a fall reads as the emergency
    /// group, not as an overdose). A command or a courtesy ("start over", "goodbye") and a message of a few words are
    /// not read: they lie far from anything the steps were fitted on, where a linear score says little.
    /// </summary>
    private int LearntGroup(string text, SafetyClasses learnt, SafetyRecognition read, bool[] hit, Func<int, bool> open)
    {
        var alerts = rules.Alerts;
        if (learnt == SafetyClasses.None || Enumerable.Range(0, alerts.Count).Any(g => hit[g] && alerts[g].Class == learnt)
            || !LongEnoughToLearnFrom(text)) return -1;
        var chosen = -1;
        for (var g = 0; g < alerts.Count; g++)
            if (alerts[g].Class == learnt && open(g) && (chosen < 0 || read.Closest[g] > read.Closest[chosen])) chosen = g;
        return chosen;
    }

    /// <summary>
    /// Takes out of <paramref name="hit"/> the classes the word step overrules (<see cref="SafetyWords.Overrules"/>), and
    /// says which: only with the vector step's scores to agree, and only in a message long enough for the steps to read.
    /// </summary>
    private SafetyClasses Overrule(string text, SafetyWords words, double[] scores, SafetyRecognition read, bool[] hit)
    {
        var alerts = rules.Alerts;
        var found = SafetyClasses.None;
        for (var g = 0; g < alerts.Count; g++)
            if (hit[g]) found |= alerts[g].Class;
        if ((found & words.Vetoes) == SafetyClasses.None || read.LearntScores is not { } vector || !LongEnoughToLearnFrom(text)) return SafetyClasses.None;
        var overruled = words.Overrules(scores, vector, found);
        for (var g = 0; g < alerts.Count; g++)
            if ((alerts[g].Class & overruled) != 0) hit[g] = false;
        return overruled;
    }

    /// <summary>The fewest words of a message the learnt step reads.</summary>
    public const int LearntStepWords = 6;

    private static bool LongEnoughToLearnFrom(string text) =>
        IntentRecognizer.Recognize(text).Kind == IntentKind.Question
        && text.Split((char[]?)null, LearntStepWords + 1, StringSplitOptions.RemoveEmptyEntries).Length >= LearntStepWords;

    /// <summary>
    /// The parts of the message that are questions of their own and trigger nothing ("Chest pain since my dose.
    /// Does dasatinib work after a transplant?"), joined; null when there are none.
    /// </summary>
    public string? SeparateQuestion(string text)
    {
        var cut = text.Length > SafetyRules.MaxTextLength ? text[..SafetyRules.MaxTextLength] : text;
        var parts = new List<string>();
        foreach (Match sentence in SentenceRx().Matches(cut))
        {
            var part = sentence.Value.Trim();
            var prepared = rules.Prepare(part);
            if (rules.Alerts.Any(g => Phrases(g, prepared).Found)) continue;
            var words = part.Split(' ', StringSplitOptions.RemoveEmptyEntries).Length;
            if (words >= 3 && (part.EndsWith('?') || QuestionStartRx().IsMatch(IntentRecognizer.Normalize(part)))) parts.Add(part);
        }
        return parts.Count == 0 ? null : string.Join(" ", parts);
    }

    /// <summary>Which triggers match the text, and whether negated: for the evaluation's explanations.</summary>
    public IReadOnlyList<string> Explain(string text)
    {
        var prepared = rules.Prepare(text);
        var lines = new List<string>();
        foreach (var g in rules.Alerts)
            foreach (var t in g.Triggers)
            {
                // An explanation is for reading, and a busy machine can run a pattern out of time: it says so, and goes on.
                try
                {
                    foreach (var m in t.Regex.EnumerateMatches(prepared))
                        lines.Add($"[{g.Id}] line {t.Line}{(InIdiom(Idioms(g, prepared), m.Index, m.Length) ? " (idiom)" : SafetyText.IsNegated(prepared, m.Index) ? " (negated)" : "")}: {t.Source}");
                }
                catch (RegexMatchTimeoutException)
                {
                    lines.Add($"[{g.Id}] line {t.Line} (timed out): {t.Source}");
                }
            }
        return lines;
    }

    private static (bool Found, bool Dismissed) Phrases(SafetyGroup group, string prepared)
    {
        // A search that ran out of time is tried once more: the wall-clock limit also counts a busy machine's waits
        // and a pattern's first use building its automaton, and a false alarm from either would tell a patient to
        // call for help over nothing.
        for (var attempt = 0; attempt < 2; attempt++)
        {
            try
            {
                return Matches(group, prepared);
            }
            catch (RegexMatchTimeoutException)
            {
            }
        }
        // Recall first: a screen that could not finish errs towards the advice.
        return (true, false);
    }

    private static (bool Found, bool Dismissed) Matches(SafetyGroup group, string prepared)
    {
        // A trigger negated, inside one of the group's idioms ("a rash I had two years ago") or, for an emergency or an
        // urgent sign, told of as long over (PastEvent) or asked about people in general (GeneralQuestion), is dismissed: the file has
        // judged the message not this group's, so the sentence model is not asked to overrule it either.
        var dismissed = false;
        List<(int Index, int End)>? idioms = null;
        foreach (var (index, length) in group.TriggerMatcher.Matches(prepared))
        {
            idioms ??= Idioms(group, prepared);
            var sign = group.Class is SafetyClasses.Emergency or SafetyClasses.Urgent;
            if (!InIdiom(idioms, index, length) && !Negated(prepared, index, sign)
                && !(sign && (PastEvent.IsOver(prepared, index, length) || GeneralQuestion.IsAsked(prepared, index, length))))
                return (true, dismissed);
            dismissed = true;
        }
        return (false, dismissed);
    }

    /// <summary>
    /// Whether a negation or a question about a risk dismisses the trigger. A sign asked about as a risk but told of as
    /// going on now ("does asciminib cause chest pain down the arm? i've had it for 30 minutes") is a report.
    /// </summary>
    private static bool Negated(string prepared, int index, bool sign) =>
        SafetyText.IsNegated(prepared, index) && !(sign && HappeningNow.IsSaid(prepared) && !SafetyText.IsNegated(prepared, index, risks: false));

    /// <summary>Where the group's idioms (<c>unless:</c>) are in the text, found once per text.</summary>
    private static List<(int Index, int End)> Idioms(SafetyGroup group, string prepared)
    {
        var spans = new List<(int, int)>();
        foreach (var (index, length) in group.UnlessMatcher.Matches(prepared)) spans.Add((index, index + length));
        return spans;
    }

    /// <summary>
    /// Whether one of the group's idioms is in the text ("i could scream", "my feet are killing me"): then the file has
    /// read the strong words as a figure of speech, and the sentence model, which reads only how close the message
    /// sounds, does not overrule it. A trigger outside the idiom still counts.
    /// </summary>
    private static bool HasIdiom(SafetyGroup group, string prepared)
    {
        try
        {
            return group.UnlessMatcher.Matches(prepared).Any();
        }
        catch (RegexMatchTimeoutException)
        {
            return false;
        }
    }

    private static bool InIdiom(List<(int Index, int End)> idioms, int index, int length)
    {
        foreach (var (start, end) in idioms)
            if (start < index + length && index < end) return true;
        return false;
    }

    /// <summary>
    /// The whole message and, when it has several sentences that say something, each of them: one alarming sentence
    /// in a long message still reads as itself. A greeting or a thanks ("Thank you.") says nothing a screen could
    /// miss, so a question with one beside it is read whole, as the search reads it, and costs no second inference.
    /// </summary>
    private static List<string> Pieces(string text)
    {
        var pieces = new List<string> { text };
        var sentences = SentenceRx().Matches(text).Select(m => m.Value.Trim())
            .Where(s => s.Contains(' ', StringComparison.Ordinal) && !IntentRecognizer.IsCourtesy(s)).Take(6).ToList();
        if (sentences.Count > 1) pieces.AddRange(sentences);
        return pieces;
    }

    private SafetyExampleVectors Vectors(ITextEmbedder embedder, CancellationToken cancellationToken)
    {
        var vectors = _vectors;
        if (vectors is not null && ReferenceEquals(vectors.Embedder, embedder)) return vectors;
        lock (_gate)
        {
            if (_vectors is null || !ReferenceEquals(_vectors.Embedder, embedder))
            {
                _vectors = new SafetyExampleVectors(rules, embedder, _ordinary, cancellationToken);
                // Otherwise a hospital that changes the model would lose the step without a word.
                if (rules.Learned is { } learned && !_vectors.ReadsLearned && logger is not null) LogLearnedOff(logger, learned.Model, embedder.Name);
            }
            return _vectors;
        }
    }

    /// <summary>The model the core loaded, or null: no core, a lexical core, or a core that failed to build.</summary>
    private async Task<ITextEmbedder?> ModelAsync(CancellationToken cancellationToken)
    {
        if (core is null) return null;
        try
        {
            var built = await core.GetAsync(cancellationToken);
            _ordinary ??= Ordinary(built);
            return built.Retriever.Embedder;
        }
        catch (Exception e) when (e is not OperationCanceledException)
        {
            return null;
        }
    }

    /// <summary>Works out the example vectors with the core's model, and its bank as ordinary questions, now (the host does, before it says it is ready), so no patient's message waits for them.</summary>
    public void Prepare(Core.QuestionAnswerer built, CancellationToken cancellationToken)
    {
        if (built.Retriever.Embedder is not { } embedder) return;
        _ordinary ??= Ordinary(built);
        Vectors(embedder, cancellationToken);
    }

    /// <summary>Works out the example vectors with <paramref name="embedder"/> now (with the ordinary questions given or known).</summary>
    public void Prepare(ITextEmbedder embedder, CancellationToken cancellationToken) => Vectors(embedder, cancellationToken);

    [LoggerMessage(Level = LogLevel.Warning,
        Message = "The safety screen's learnt step is off: safety.weights was fitted with {Fitted}, the sentence model is {Loaded} (run: eval --safety --fit)")]
    private static partial void LogLearnedOff(ILogger logger, string fitted, string loaded);

    private static List<string> Ordinary(Core.QuestionAnswerer built) => built.Bank.Questions.Select(q => q.Text).ToList();
}
