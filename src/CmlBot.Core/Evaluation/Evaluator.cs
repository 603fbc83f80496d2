using CmlBot.Core.Answers;
using CmlBot.Core.Retrieval;

namespace CmlBot.Core.Evaluation;

/// <summary>The figures the README quotes, and what the evaluation test holds them to.</summary>
public sealed record EvaluationReport(
    string System,
    int Answerable,
    int OutOfScope,
    double Top1,
    double RecallAt3,
    double CitationCorrectness,
    double AbstentionPrecision,
    double AbstentionRecall,
    double FalseRefusalRate,
    IReadOnlyList<string> Failures)
{
    public static readonly Targets Goals = new(0.90, 0.97, 1.0, 0.90, 0.05);

    /// <summary>The targets on the whole of a split (paraphrases and subjects included): see <see cref="MissedSplitTargets"/>.</summary>
    public static readonly SplitTargets SplitGoals = new(0.90, 0.80, 1.0, 0.95, 0.80, 0.05, 0.95);

    /// <summary>Top-1 over the answerable questions tagged "paraphrase".</summary>
    public double ParaphraseTop1 { get; init; } = double.NaN;
    /// <summary>Over out-of-scope questions that name a subject: the share refused with that subject named.</summary>
    public double SubjectNamed { get; init; } = double.NaN;
    /// <summary>Top-1 over the questions tagged "reference".</summary>
    public double ReferenceTop1 { get; init; } = double.NaN;

    public IEnumerable<string> MissedSplitTargets()
    {
        var g = SplitGoals;
        if (Top1 < g.Top1) yield return $"top-1 {Top1:P1} < {g.Top1:P0}";
        if (ParaphraseTop1 < g.ParaphraseTop1) yield return $"paraphrase top-1 {ParaphraseTop1:P1} < {g.ParaphraseTop1:P0}";
        if (CitationCorrectness < g.CitationCorrectness) yield return $"citation correctness {CitationCorrectness:P1} < {g.CitationCorrectness:P0}";
        if (AbstentionRecall < g.OffTopicRefused) yield return $"off-topic refused {AbstentionRecall:P1} < {g.OffTopicRefused:P0}";
        if (SubjectNamed < g.SubjectNamed) yield return $"right subject named {SubjectNamed:P1} < {g.SubjectNamed:P0}";
        if (FalseRefusalRate > g.MaxFalseRefusals) yield return $"answerable refused {FalseRefusalRate:P1} > {g.MaxFalseRefusals:P0}";
        if (ReferenceTop1 < g.ReferenceTop1) yield return $"reference questions {ReferenceTop1:P1} < {g.ReferenceTop1:P0}";
    }

    public IEnumerable<string> MissedTargets()
    {
        // NaN (nothing to measure, e.g. no refusal at all) misses no target.
        if (Top1 < Goals.Top1) yield return $"top-1 {Top1:P1} < {Goals.Top1:P0}";
        if (RecallAt3 < Goals.RecallAt3) yield return $"recall@3 {RecallAt3:P1} < {Goals.RecallAt3:P0}";
        if (CitationCorrectness < Goals.CitationCorrectness) yield return $"citation correctness {CitationCorrectness:P1} < {Goals.CitationCorrectness:P0}";
        if (AbstentionRecall < Goals.OutOfScopeRefused) yield return $"out-of-scope refused {AbstentionRecall:P1} < {Goals.OutOfScopeRefused:P0}";
        if (FalseRefusalRate > Goals.MaxFalseRefusals) yield return $"answerable refused {FalseRefusalRate:P1} > {Goals.MaxFalseRefusals:P0}";
    }
}

public sealed record Targets(double Top1, double RecallAt3, double CitationCorrectness, double OutOfScopeRefused, double MaxFalseRefusals);

public sealed record SplitTargets(double Top1, double ParaphraseTop1, double CitationCorrectness, double OffTopicRefused, double SubjectNamed,
    double MaxFalseRefusals, double ReferenceTop1);

/// <summary>What a system under evaluation says for one question.</summary>
/// <param name="Passages">Passages best first, each as the ids of the sentences it quotes ("…:refN" for a reference).</param>
/// <param name="CitedNumbers">The references the answer cites, checked against the hand annotation of the first passage's sentences.</param>
/// <param name="Subject">The not-covered subject named when refusing, if any.</param>
public sealed record SystemOutput(bool Answered, IReadOnlyList<IReadOnlyList<string>> Passages, IReadOnlyList<int> CitedNumbers, string? Subject = null)
{
    public IReadOnlyList<string> QuotedSentenceIds => Passages.Count > 0 ? Passages[0] : [];
}

public sealed class Evaluator(QuestionAnswerer answerer)
{
    /// <summary>Runs CmlBot itself.</summary>
    public EvaluationReport Run(EvaluationSet set) => Run(set, $"CmlBot {answerer.Mode}", q => Output(answerer.Ask(q)));

    /// <summary>What an answer says, as the evaluation reads it.</summary>
    public SystemOutput Output(Answer a)
    {
        // A passage "holds" the sentences it quotes: the hit and those quoted with it to read on its own.
        IReadOnlyList<string> Quoted(AnswerPassage p) => answerer.PassageById(p.Id) is { Kind: PassageKind.Sentence } passage
            ? AnswerComposer.QuotedSentences(passage).Select(s => s.Id).ToList()
            : [p.Id];
        return new SystemOutput(a.Answered, a.Passages.Select(Quoted).ToList(), a.References.Select(r => r.Number).ToList(), a.Subject);
    }

    /// <summary>The same figures on the questions carrying a tag ("paraphrase"); out-of-scope questions stay in.</summary>
    public static EvaluationSet Subset(EvaluationSet set, string tag) =>
        set with { Questions = set.Questions.Where(q => !q.Answerable || q.TagList.Contains(tag)).ToList() };

    /// <summary>The set without the answerable questions carrying a tag: the main set the targets apply to.</summary>
    public static EvaluationSet Without(EvaluationSet set, string tag) =>
        set with { Questions = set.Questions.Where(q => !q.TagList.Contains(tag)).ToList() };

    public EvaluationReport Run(EvaluationSet set, string system, Func<string, SystemOutput> ask)
    {
        var sentences = answerer.Corpus.Documents.SelectMany(d => d.Sentences).ToList();
        string? SentenceIdFor(string key) => sentences.FirstOrDefault(s => s.PlainText.StartsWith(key, StringComparison.Ordinal))?.Id;
        var annotated = set.Sentences.ToDictionary(s => SentenceIdFor(s.Key) ?? throw new InvalidDataException($"gold sentence \"{s.Key}\" is not in the corpus"), s => s.References);

        int paraphrases = 0, paraphraseTop1 = 0, withSubject = 0, subjectNamed = 0, references = 0, referenceTop1 = 0;
        int answerable = 0, outOfScope = 0, top1 = 0, recall3 = 0, answeredCount = 0, citationsRight = 0, refusedOos = 0, refusedAll = 0, refusedAnswerable = 0;
        var failures = new List<string>();
        foreach (var q in set.Questions)
        {
            var output = ask(q.Question);
            if (!output.Answered) refusedAll++;
            if (!q.Answerable)
            {
                outOfScope++;
                if (!output.Answered) refusedOos++;
                else failures.Add($"answered out-of-scope: \"{q.Question}\" → {output.Passages.FirstOrDefault()?.LastOrDefault()}");
                if (q.Subject is not null)
                {
                    withSubject++;
                    if (!output.Answered && output.Subject == q.Subject) subjectNamed++;
                    else if (!output.Answered) failures.Add($"subject not named: \"{q.Question}\" → {output.Subject ?? "none"} (expected {q.Subject})");
                }
            }
            else
            {
                answerable++;
                var paraphrase = q.TagList.Contains("paraphrase");
                var reference = q.TagList.Contains("reference");
                if (paraphrase) paraphrases++;
                if (reference) references++;
                var gold = q.Gold.Select(g => g.StartsWith("ref:", StringComparison.Ordinal) ? g[4..] : SentenceIdFor(g)!).ToHashSet();
                bool IsGoldId(string id) => gold.Contains(id) || gold.Any(g => id.EndsWith(":ref" + g, StringComparison.Ordinal));
                bool IsGold(IReadOnlyList<string> passage) => passage.Any(IsGoldId);
                if (!output.Answered)
                {
                    refusedAnswerable++;
                    failures.Add($"refused: \"{q.Question}\"");
                }
                else
                {
                    if (output.Passages.Count > 0 && IsGold(output.Passages[0]))
                    {
                        top1++;
                        if (paraphrase) paraphraseTop1++;
                        if (reference) referenceTop1++;
                    }
                    else failures.Add($"top-1 wrong: \"{q.Question}\" → {output.Passages.FirstOrDefault()?.LastOrDefault()} (gold {string.Join(", ", q.Gold)})");
                    if (output.Passages.Take(3).Any(IsGold)) recall3++;
                }
            }

            if (output.Answered)
            {
                answeredCount++;
                var expected = output.QuotedSentenceIds
                    .SelectMany(id => id.Contains(":ref", StringComparison.Ordinal)
                        ? [int.Parse(id[(id.LastIndexOf(":ref", StringComparison.Ordinal) + 4)..], System.Globalization.CultureInfo.InvariantCulture)]
                        : annotated.GetValueOrDefault(id) ?? throw new InvalidDataException($"sentence {id} has no hand annotation in the evaluation set"))
                    .Distinct().Order().ToList();
                if (expected.SequenceEqual(output.CitedNumbers.Distinct().Order())) citationsRight++;
                else failures.Add($"citations wrong: \"{q.Question}\" cites [{string.Join(",", output.CitedNumbers)}], the quoted text carries [{string.Join(",", expected)}]");
            }
        }

        static double Ratio(int a, int b) => b == 0 ? double.NaN : (double)a / b;
        return new EvaluationReport(system, answerable, outOfScope,
            Ratio(top1, answerable), Ratio(recall3, answerable), Ratio(citationsRight, answeredCount),
            Ratio(refusedOos, refusedAll), Ratio(refusedOos, outOfScope), Ratio(refusedAnswerable, answerable), failures)
        {
            ParaphraseTop1 = Ratio(paraphraseTop1, paraphrases),
            SubjectNamed = Ratio(subjectNamed, withSubject),
            ReferenceTop1 = Ratio(referenceTop1, references),
        };
    }
}
