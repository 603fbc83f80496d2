using CmlBot.Core.Evaluation;

namespace CmlBot.Core.Tests;

[Collection(RepoCollection.Name)]
public sealed class EvaluationTests(RepoFixture repo)
{
    private EvaluationSet Set => EvaluationSet.Load(Path.Combine(repo.Root, "tests", "evaluation", "eval-set.json"));

    [Fact]
    public void The_set_is_large_enough()
    {
        Assert.True(Set.Questions.Count(q => q.Answerable) >= 60);
        Assert.True(Set.Questions.Count(q => !q.Answerable) >= 15);
        Assert.True(Set.Questions.Count(q => q.TagList.Contains("near-miss")) >= 5);
        Assert.Equal(repo.Document.Sentences.Count(), Set.Sentences.Count);
    }

    [Fact]
    public void The_hand_annotation_agrees_with_the_parser()
    {
        foreach (var gold in Set.Sentences)
        {
            var sentence = Assert.Single(repo.Document.Sentences, s => s.PlainText.StartsWith(gold.Key, StringComparison.Ordinal));
            Assert.Equal(gold.References, sentence.Citations);
        }
    }

    [Fact]
    public void CmlBot_meets_its_targets_on_the_evaluation_set()
    {
        // Lexical mode here (no model in the core's tests); the hybrid figures are held in CmlBot.Embeddings.Tests.
        var report = new Evaluator(repo.Answerer).Run(Evaluator.Without(Set, "paraphrase"));
        Assert.True(!report.MissedTargets().Any(), string.Join("\n", report.MissedTargets().Concat(report.Failures)));
    }

    [Fact]
    public void The_plain_bm25_baseline_is_measured_on_the_same_set()
    {
        using var baseline = new PlainBm25Baseline(repo.Answerer.Passages);
        var main = Evaluator.Without(Set, "paraphrase");
        var report = new Evaluator(repo.Answerer).Run(main, "plain BM25", baseline.Ask);
        // No threshold: it refuses only when Lucene finds nothing at all.
        var ours = new Evaluator(repo.Answerer).Run(main);
        Assert.True(report.AbstentionRecall < ours.AbstentionRecall);
        Assert.True(ours.Top1 > report.Top1);
    }

    [Fact]
    public void A_malformed_set_names_the_file()
    {
        var path = Path.GetTempFileName();
        try
        {
            File.WriteAllText(path, "{ \"sentences\": [], \"questions\": [ { \"q\": \"x\", \"gold\": [\"Nope\"] } ] }");
            var e = Assert.Throws<InvalidDataException>(() => EvaluationSet.Load(path));
            Assert.Contains(path, e.Message, StringComparison.Ordinal);
            File.WriteAllText(path, "{ \"sentences\": [\n  oops ] }");
            e = Assert.Throws<InvalidDataException>(() => EvaluationSet.Load(path));
            Assert.StartsWith($"{path}:2:", e.Message, StringComparison.Ordinal);
            File.WriteAllText(path, "{ \"questions\": [] }");
            e = Assert.Throws<InvalidDataException>(() => EvaluationSet.Load(path));
            Assert.Contains("sentences", e.Message, StringComparison.Ordinal);
            File.WriteAllText(path, "{ \"sentences\": [], \"questions\": [ { \"q\": \"x\" } ] }");
            e = Assert.Throws<InvalidDataException>(() => EvaluationSet.Load(path));
            Assert.Contains("gold", e.Message, StringComparison.Ordinal);
        }
        finally { File.Delete(path); }
    }
}

[Collection(RepoCollection.Name)]
public sealed class ParaphraseSetTests(RepoFixture repo)
{
    [Fact]
    public void Paraphrases_share_no_content_word_with_their_gold_sentences()
    {
        using var analysis = new CmlBot.Core.Retrieval.TextAnalysis();
        var set = EvaluationSet.Load(Path.Combine(repo.Root, "tests", "evaluation", "eval-set.json"));
        var paraphrases = set.Questions.Where(q => q.TagList.Contains("paraphrase")).ToList();
        Assert.True(paraphrases.Count >= 30);
        Assert.True(set.Questions.Count(q => q.Answerable) >= 100);
        var offenders = new List<string>();
        foreach (var q in paraphrases)
        {
            var words = analysis.Terms(q.Question);
            foreach (var key in q.Gold)
            {
                var gold = repo.Document.Sentences.Single(s => s.PlainText.StartsWith(key, StringComparison.Ordinal));
                var shared = words.Intersect(analysis.Terms(gold.PlainText)).ToList();
                if (shared.Count > 0) offenders.Add($"\"{q.Question}\" shares {string.Join(", ", shared)} with \"{key}…\"");
            }
        }
        Assert.True(offenders.Count == 0, string.Join("\n", offenders));
    }
}
