using CmlBot.Core.Retrieval;
using CmlBot.Core.Retrieval.Speed;
using Lucene.Net.Index;
using Lucene.Net.Search;

namespace CmlBot.Core.Tests.Retrieval;

/// <summary>
/// The index looks every term up once when it opens and scores document at a time, to spare each question
/// Lucene's per-clause lookups and its 2,048-bucket disjunction table. Neither may change a result.
/// </summary>
[Collection(RepoCollection.Name)]
public sealed class PassageIndexTests(RepoFixture repo)
{
    private static readonly string[][] Phrases =
    [
        ["imatinib"], ["donor", "lymphocyt", "infus"], ["stem", "cell", "transplant"], ["relaps"],
        ["interferon"], ["buffi", "coat"], ["t", "cell"], ["nilotinib"], ["mutat"], ["allogen", "transplant"],
    ];

    [Fact]
    public void Held_postings_find_and_score_exactly_as_fresh_term_queries()
    {
        using var analysis = new TextAnalysis();
        using var index = PassageIndex.Build(repo.Answerer.Corpus, analysis);

        // Fresh lookups keep every clause, those that can match nothing included ("lymphocyt" is in no paragraph's context).
        var prebuilt = Query(index, (field, term) => index.TermQuery(field, term));
        Assert.Null(index.TermQuery(PassageIndex.ContextField, "lymphocyt"));
        var fresh = Query(index, (field, term) => new TermQuery(new Term(field, term)));
        Assert.IsType<HeldTermQuery>(index.TermQuery(PassageIndex.TextField, "imatinib"));

        // Lucene's own path: fresh lookups, its default collector, its BM25Similarity.
        var lucene = new IndexSearcher(index.Searcher.IndexReader) { Similarity = new Lucene.Net.Search.Similarities.BM25Similarity() };
        var expected = lucene.Search(fresh, 100).ScoreDocs;
        var actual = index.Search(prebuilt, 100);
        Assert.True(expected.Length > 10, "the probe query should match many passages");
        Assert.Equal(expected.Select(d => d.Doc), actual.Select(d => d.Doc));
        foreach (var (e, a) in expected.Zip(actual)) Assert.Equal(e.Score, a.Score); // to the float
        Assert.IsType<FixedIndexBm25Similarity>(index.Searcher.Similarity);
    }

    [Fact]
    public void Every_term_alone_finds_the_same_passages_with_the_same_scores_and_explanations()
    {
        using var analysis = new TextAnalysis();
        using var index = PassageIndex.Build(repo.Answerer.Corpus, analysis);
        var lucene = new IndexSearcher(index.Searcher.IndexReader) { Similarity = index.Searcher.Similarity };
        var checkedTerms = 0;
        foreach (var field in new[] { PassageIndex.TextField, PassageIndex.ContextField })
        {
            var terms = MultiFields.GetTerms(index.Searcher.IndexReader, field).GetEnumerator();
            while (terms.MoveNext())
            {
                var text = terms.Term.Utf8ToString();
                var held = index.TermQuery(field, text)!;
                held.Boost = 0.8f;
                var fresh = new TermQuery(new Term(field, text)) { Boost = 0.8f };
                var expected = lucene.Search(fresh, 1000).ScoreDocs;
                var actual = index.Search(held, 1000);
                Assert.Equal(expected.Select(d => (d.Doc, d.Score)), actual.Select(d => (d.Doc, d.Score)));
                var first = expected[0].Doc;
                Assert.Equal(lucene.Explain(fresh, first).Value, index.Searcher.Explain(held, first).Value);
                Assert.False(index.Searcher.Explain(held, Enumerable.Range(0, index.DocumentCount).First(d => expected.All(e => e.Doc != d))).IsMatch);
                checkedTerms++;
            }
        }
        Assert.True(checkedTerms > 300, $"only {checkedTerms} terms"); // 449 on the current corpus
    }

    [Fact]
    public void A_term_no_passage_holds_gets_no_clause_and_document_frequencies_match_lucene()
    {
        using var analysis = new TextAnalysis();
        using var index = PassageIndex.Build(repo.Answerer.Corpus, analysis);

        Assert.Null(index.TermQuery(PassageIndex.TextField, "zzzunknown"));
        Assert.Equal(0, index.DocFreq("zzzunknown"));
        foreach (var term in Phrases.SelectMany(p => p).Distinct())
            Assert.Equal(index.Searcher.IndexReader.DocFreq(new Term(PassageIndex.TextField, term)), index.DocFreq(term));
        Assert.True(index.DocFreq("imatinib") > 0);
    }

    // The shape the retriever builds: per phrase, all of its terms; the phrases of a concept as a disjunction.
    private static BooleanQuery Query(PassageIndex index, Func<string, string, Query?> term)
    {
        var query = new BooleanQuery();
        foreach (var phrase in Phrases)
        {
            var dismax = new DisjunctionMaxQuery(0.1f);
            foreach (var (field, boost) in new[] { (PassageIndex.TextField, 1f), (PassageIndex.ContextField, 0.35f) })
            {
                var clauses = phrase.Select(t => term(field, t)).ToList();
                if (clauses.Any(c => c is null)) continue; // as the retriever does: a phrase with a term no passage holds matches nothing
                var all = new BooleanQuery { Boost = boost };
                foreach (var c in clauses) all.Add(c, Occur.MUST);
                dismax.Add(all);
            }
            query.Add(dismax, Occur.SHOULD);
        }
        return query;
    }
}

public sealed class SynonymLookupTests
{
    [Fact]
    public void Every_rule_input_starts_with_a_known_first_word_and_other_words_start_none()
    {
        using var analysis = new TextAnalysis();
        var lookup = new SynonymLookup(SynonymRules.Parse("synonyms.txt",
            "gleevec, imatinib mesylate\ntasigna, nilotinib, amn 107\nbone marrow transplant => bmt\n", analysis.Surface));

        foreach (var first in new[] { "gleevec", "imatinib", "tasigna", "nilotinib", "amn", "bone" })
            Assert.True(lookup.MayStart(first), first);
        foreach (var other in new[] { "mesylate", "107", "marrow", "transplant", "what", "bmt" })
            Assert.False(lookup.MayStart(other), other);

        // The words a rule starts with still find the rule whole.
        Assert.NotNull(lookup.Outputs(["bone", "marrow", "transplant"]));
        Assert.NotNull(lookup.Outputs(["imatinib", "mesylate"]));
    }
}
