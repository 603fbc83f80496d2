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

    public IEnumerable<string> MissedTargets()
    {
        if (Top1 < Goals.Top1) yield return $"top-1 {Top1:P1} < {Goals.Top1:P0}";
        if (RecallAt3 < Goals.RecallAt3) yield return $"recall@3 {RecallAt3:P1} < {Goals.RecallAt3:P0}";
        if (CitationCorrectness < Goals.CitationCorrectness) yield return $"citation correctness {CitationCorrectness:P1} < {Goals.CitationCorrectness:P0}";
        if (AbstentionRecall < Goals.OutOfScopeRefused) yield return $"out-of-scope refused {AbstentionRecall:P1} < {Goals.OutOfScopeRefused:P0}";
        if (FalseRefusalRate > Goals.MaxFalseRefusals) yield return $"answerable refused {FalseRefusalRate:P1} > {Goals.MaxFalseRefusals:P0}";
    }
}

public sealed record Targets(double Top1, double RecallAt3, double CitationCorrectness, double OutOfScopeRefused, double MaxFalseRefusals);

/// <summary>What a system under evaluation says for one question.</summary>
/// <param name="PassageIds">Passages best first: sentence ids, or "…:refN" for references.</param>
/// <param name="QuotedSentenceIds">The sentences the answer quotes (for citation checking).</param>
public sealed record SystemOutput(bool Answered, IReadOnlyList<string> PassageIds, IReadOnlyList<string> QuotedSentenceIds, IReadOnlyList<int> CitedNumbers);

public sealed class Evaluator(QuestionAnswerer answerer)
{
    /// <summary>Runs CmlBot itself.</summary>
    public EvaluationReport Run(EvaluationSet set) => Run(set, "CmlBot (lexical)", q =>
    {
        var a = answerer.Ask(q);
        var quotedIds = new List<string>();
        if (a.Quoted is { Kind: PassageKind.Sentence } quoted)
        {
            var passage = answerer.PassageById(quoted.Id)!;
            quotedIds.AddRange(AnswerComposer.QuotedSentences(passage).Select(s => s.Id));
        }
        else if (a.Quoted is not null) quotedIds.Add(a.Quoted.Id);
        return new SystemOutput(a.Answered, a.Passages.Select(p => p.Id).ToList(), quotedIds, a.References.Select(r => r.Number).ToList());
    });

    public EvaluationReport Run(EvaluationSet set, string system, Func<string, SystemOutput> ask)
    {
        var sentences = answerer.Corpus.Documents.SelectMany(d => d.Sentences).ToList();
        string? SentenceIdFor(string key) => sentences.FirstOrDefault(s => s.PlainText.StartsWith(key, StringComparison.Ordinal))?.Id;
        var annotated = set.Sentences.ToDictionary(s => SentenceIdFor(s.Key) ?? throw new InvalidDataException($"gold sentence \"{s.Key}\" is not in the corpus"), s => s.References);

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
                else failures.Add($"answered out-of-scope: \"{q.Question}\" → {output.PassageIds.FirstOrDefault()}");
            }
            else
            {
                answerable++;
                var gold = q.Gold.Select(g => g.StartsWith("ref:", StringComparison.Ordinal) ? g[4..] : SentenceIdFor(g)!).ToHashSet();
                bool IsGold(string id) => gold.Contains(id) || gold.Any(g => id.EndsWith(":ref" + g, StringComparison.Ordinal));
                if (!output.Answered)
                {
                    refusedAnswerable++;
                    failures.Add($"refused: \"{q.Question}\"");
                }
                else
                {
                    if (output.PassageIds.Count > 0 && IsGold(output.PassageIds[0])) top1++;
                    else failures.Add($"top-1 wrong: \"{q.Question}\" → {output.PassageIds.FirstOrDefault()} (gold {string.Join(", ", q.Gold)})");
                    if (output.PassageIds.Take(3).Any(IsGold)) recall3++;
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

        static double Ratio(int a, int b) => b == 0 ? 1 : (double)a / b;
        return new EvaluationReport(system, answerable, outOfScope,
            Ratio(top1, answerable), Ratio(recall3, answerable), Ratio(citationsRight, answeredCount),
            Ratio(refusedOos, refusedAll), Ratio(refusedOos, outOfScope), Ratio(refusedAnswerable, answerable), failures);
    }
}
