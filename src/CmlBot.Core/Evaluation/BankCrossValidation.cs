using CmlBot.Core.Retrieval;

namespace CmlBot.Core.Evaluation;

/// <summary>
/// k-fold figures over the bank itself: each fold of bank questions and subject examples is taken out of the matcher
/// and asked of what is left. A bank question should find its own passage through the others; a subject example
/// should be refused with its subject named. Folds are dealt round-robin in file order, so each passage's and each
/// subject's questions spread over every fold.
/// </summary>
public sealed class BankCrossValidation(QuestionAnswerer answerer)
{
    /// <param name="ask">How to ask a held-out question of a matcher without its fold; by default the answerer's own decision.</param>
    public EvaluationReport Run(EvaluationSet dev, int folds = 5, Func<string, Understanding.ExampleMatcher, SystemOutput>? ask = null)
    {
        var matcher = answerer.Matcher ?? throw new InvalidOperationException("k-fold figures need the model (hybrid mode) and a question bank");
        var sentences = answerer.Corpus.Documents.SelectMany(d => d.Sentences).ToDictionary(s => s.Id, StringComparer.Ordinal);
        var questions = new List<(EvalQuestion Question, int Fold)>();
        for (var i = 0; i < matcher.Bank.Count; i++)
        {
            var b = matcher.Bank[i];
            var passage = answerer.PassageById(b.PassageId)!;
            var gold = passage.Kind == PassageKind.Reference
                ? $"ref:{passage.Reference!.Number}"
                : dev.Sentences.First(k => passage.Sentence!.PlainText.StartsWith(k.Key, StringComparison.Ordinal)).Key;
            questions.Add((new EvalQuestion(b.Text, [gold], passage.Kind == PassageKind.Reference ? ["reference"] : ["bank"]), i % folds));
        }
        for (var i = 0; i < matcher.Examples.Count; i++)
            questions.Add((new EvalQuestion(matcher.Examples[i].Example, [], ["out-of-scope"], matcher.Examples[i].Subject.Id), i % folds));

        var foldOf = new Dictionary<string, int>(StringComparer.Ordinal);
        foreach (var (q, fold) in questions) foldOf.TryAdd(q.Question, fold);
        var matchers = Enumerable.Range(0, folds).Select(f => matcher.Without(
            Enumerable.Range(0, matcher.Bank.Count).Where(i => i % folds == f).ToHashSet(),
            Enumerable.Range(0, matcher.Examples.Count).Where(i => i % folds == f).ToHashSet())).ToList();
        var evaluator = new Evaluator(answerer);
        var set = new EvaluationSet(dev.Sentences, questions.Select(x => x.Question).ToList());
        ask ??= (q, matcher) => evaluator.Output(answerer.Ask(q, matcher));
        return evaluator.Run(set, $"{folds}-fold bank", q => ask(q, matchers[foldOf[q]]));
    }
}
