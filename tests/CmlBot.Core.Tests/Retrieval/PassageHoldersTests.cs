using CmlBot.Core.Evaluation;
using CmlBot.Core.Retrieval;
using CmlBot.Core.Retrieval.Speed;

namespace CmlBot.Core.Tests.Retrieval;

/// <summary>The passage bits answer exactly what the term sets answer, for every question of the evaluation set.</summary>
[Collection(RepoCollection.Name)]
public sealed class PassageHoldersTests(RepoFixture repo)
{
    private IEnumerable<string> Questions() =>
        EvaluationSet.Load(Path.Combine(repo.Root, "tests", "evaluation", "eval-set.json")).Questions.Select(q => q.Question)
            .Concat(["imatinib imatanib", "bone marrow transplant", "stem cell transplant", "Roferon after BMT relapse", "", "?"]);

    [Fact]
    public void Each_concepts_passages_are_those_whose_term_sets_match_it()
    {
        var retriever = repo.Answerer.Retriever;
        var checkedConcepts = 0;
        foreach (var question in Questions())
        {
            var plan = retriever.Plan(question);
            Assert.Equal(plan.Concepts.Count, plan.Holders.Count);
            for (var i = 0; i < plan.Concepts.Count; i++)
            {
                var concept = plan.Concepts[i];
                foreach (var p in repo.Answerer.Passages)
                {
                    Assert.Equal(concept.MatchedBy(p.Terms), PassageHolders.Has(plan.Holders[i].Own, p.Ordinal));
                    Assert.Equal(concept.MatchedBy(p.LeadTerms), PassageHolders.Has(plan.Holders[i].Lead, p.Ordinal));
                    Assert.Equal(concept.MatchedBy(p.ContextTerms), PassageHolders.Has(plan.Holders[i].Context, p.Ordinal));
                }
                checkedConcepts++;
            }
        }
        Assert.True(checkedConcepts > 100, $"only {checkedConcepts} concepts checked");
    }

    [Fact]
    public void Coverage_from_the_bits_equals_coverage_from_the_term_sets()
    {
        var retriever = repo.Answerer.Retriever;
        var options = repo.RetrievalOptions;
        foreach (var question in Questions())
        {
            var plan = retriever.Plan(question);
            foreach (var p in repo.Answerer.Passages)
            {
                double total = 0, matched = 0;
                foreach (var c in plan.Concepts)
                {
                    total += c.Weight;
                    if (c.MatchedBy(p.Terms)) matched += c.Weight;
                    else if (c.MatchedBy(p.LeadTerms)) matched += c.Weight * options.LeadCredit;
                    else if (c.MatchedBy(p.ContextTerms)) matched += c.Weight * options.ContextCredit;
                }
                var expected = total <= 0 ? 0 : matched / total * Math.Min(1.0, matched / options.SpecificityFloor);
                Assert.Equal(expected, retriever.Coverage(plan, p));
                // A plan without its bits (made elsewhere) is ranked the same.
                Assert.Equal(expected, retriever.Coverage(plan with { Holders = [] }, p));
            }
        }
    }

    [Fact]
    public void A_phrase_is_held_by_a_passage_only_when_it_holds_every_term()
    {
        var passages = repo.Answerer.Passages;
        var holders = new PassageHolders(passages);
        string[][] phrases = [["imatinib"], ["stem", "cell", "transplant"], ["stem", "cell"], ["imatinib", "nosuchterm"], ["nosuchterm"], []];
        foreach (var phrase in phrases)
            foreach (var set in new[] { TermSet.Own, TermSet.Lead, TermSet.Context })
            {
                var bits = holders.Holding(set, phrase);
                var expected = passages.Where(p => phrase.Length > 0 && phrase.All(Terms(p, set).Contains)).Select(p => p.Ordinal).ToList();
                Assert.Equal(expected, passages.Where(p => PassageHolders.Has(bits, p.Ordinal)).Select(p => p.Ordinal).ToList());
                Assert.Equal(expected.Count, PassageHolders.Count(bits));
                Assert.Equal(phrase.Length == 0 ? passages.Count > 0 : expected.Count > 0, holders.Any(set, phrase));
            }
    }

    [Fact]
    public void More_than_64_passages_take_more_than_one_word()
    {
        var passages = repo.Answerer.Passages;
        Assert.True(passages.Count < 64 * 3);
        // The corpus's passages three times over, renumbered: bits past the first word are set and read back.
        var many = Enumerable.Range(0, 3).SelectMany(_ => passages).Select((p, i) => p with { Ordinal = i }).ToList();
        var holders = new PassageHolders(many);
        Assert.Equal((many.Count + 63) / 64, holders.Words);
        var bits = holders.Holding(TermSet.Own, ["imatinib"]);
        Assert.Equal(many.Where(p => p.Terms.Contains("imatinib")).Select(p => p.Ordinal), many.Where(p => PassageHolders.Has(bits, p.Ordinal)).Select(p => p.Ordinal));
        Assert.Contains(many, p => p.Ordinal >= 64 && PassageHolders.Has(bits, p.Ordinal));
    }

    private static IReadOnlySet<string> Terms(Passage p, TermSet set) => set switch
    {
        TermSet.Own => p.Terms,
        TermSet.Lead => p.LeadTerms,
        _ => p.ContextTerms,
    };
}
