using Lucene.Net.Index;
using Lucene.Net.Search;
using Lucene.Net.Search.Similarities;
using Lucene.Net.Util;

namespace CmlBot.Core.Retrieval.Speed;

/// <summary>
/// One term's postings (documents and frequencies, per index segment) and its statistics, read once when the
/// index opens: the index never changes afterwards.
/// </summary>
public sealed class HeldPostings
{
    private readonly int[]?[] _docs;
    private readonly int[]?[] _freqs;

    private HeldPostings(Term term, int[]?[] docs, int[]?[] freqs, CollectionStatistics collection, TermStatistics statistics)
    {
        Term = term;
        _docs = docs;
        _freqs = freqs;
        Collection = collection;
        Statistics = statistics;
    }

    public Term Term { get; }
    public CollectionStatistics Collection { get; }
    public TermStatistics Statistics { get; }

    /// <summary>The term's documents in the segment numbered <paramref name="leaf"/> (ascending), or null when it has none there.</summary>
    public int[]? Docs(int leaf) => leaf < _docs.Length ? _docs[leaf] : null;

    public int[]? Freqs(int leaf) => leaf < _freqs.Length ? _freqs[leaf] : null;

    /// <summary>
    /// Reads <paramref name="term"/>'s postings from every segment, as TermQuery would find them;
    /// <paramref name="collection"/> is its field's statistics (the same for every term of the field).
    /// </summary>
    public static HeldPostings Read(IndexSearcher searcher, Term term, TermContext states, CollectionStatistics collection)
    {
        var leaves = searcher.IndexReader.Leaves;
        var docs = new int[]?[leaves.Count];
        var freqs = new int[]?[leaves.Count];
        foreach (var leaf in leaves)
        {
            if (states.Get(leaf.Ord) is not { } state) continue;
            var termsEnum = leaf.AtomicReader.GetTerms(term.Field)!.GetEnumerator();
            termsEnum.SeekExact(term.Bytes, state);
            var postings = termsEnum.Docs(null, null, DocsFlags.FREQS);
            var d = new List<int>();
            var f = new List<int>();
            while (postings.NextDoc() != DocIdSetIterator.NO_MORE_DOCS)
            {
                d.Add(postings.DocID);
                f.Add(postings.Freq);
            }
            docs[leaf.Ord] = [.. d];
            freqs[leaf.Ord] = [.. f];
        }
        return new HeldPostings(term, docs, freqs, collection, searcher.TermStatistics(term, states));
    }
}

/// <summary>
/// A <see cref="TermQuery"/> over postings held in memory: the same weight (the searcher's similarity over the same
/// statistics), the same documents with the same frequencies in the same order, so the same scores to the float.
/// TermQuery opens a terms enumerator and a postings reader per clause per segment to find them, some 4–7 KB a
/// clause; a question has dozens of clauses, and that was most of what a retrieval allocated.
/// </summary>
public sealed class HeldTermQuery(HeldPostings postings) : Query
{
    public Term Term => postings.Term;

    public override Weight CreateWeight(IndexSearcher searcher) => new HeldTermWeight(this, postings, searcher.Similarity);

    public override void ExtractTerms(ISet<Term> terms) => terms.Add(postings.Term);

    public override string ToString(string field) =>
        (postings.Term.Field == field ? "" : postings.Term.Field + ":") + postings.Term.Text + ToStringUtils.Boost(Boost);

    public override bool Equals(object? obj) => obj is HeldTermQuery other && base.Equals(other) && other.Term.Equals(Term);

    public override int GetHashCode() => base.GetHashCode() ^ Term.GetHashCode();

    private sealed class HeldTermWeight(HeldTermQuery query, HeldPostings postings, Similarity similarity) : Weight
    {
        private readonly Similarity.SimWeight _stats = similarity.ComputeWeight(query.Boost, postings.Collection, postings.Statistics);

        public override Query Query => query;

        public override float GetValueForNormalization() => _stats.GetValueForNormalization();

        public override void Normalize(float norm, float topLevelBoost) => _stats.Normalize(norm, topLevelBoost);

        public override Scorer? GetScorer(AtomicReaderContext context, IBits? acceptDocs)
        {
            if (postings.Docs(context.Ord) is not { } docs) return null;
            return new HeldTermScorer(this, docs, postings.Freqs(context.Ord)!, acceptDocs, similarity.GetSimScorer(_stats, context));
        }

        // As TermWeight explains a match.
        public override Explanation Explain(AtomicReaderContext context, int doc)
        {
            var scorer = GetScorer(context, context.AtomicReader.LiveDocs);
            if (scorer is not null && scorer.Advance(doc) == doc)
            {
                float freq = scorer.Freq;
                var score = similarity.GetSimScorer(_stats, context).Explain(doc, new Explanation(freq, "termFreq=" + freq));
                var result = new ComplexExplanation { Description = $"weight({Query} in {doc}) [{similarity.GetType().Name}], result of:" };
                result.AddDetail(score);
                result.Value = score.Value;
                result.Match = true;
                return result;
            }
            return new ComplexExplanation(false, 0.0f, "no matching term");
        }
    }

    private sealed class HeldTermScorer(Weight weight, int[] docs, int[] freqs, IBits? acceptDocs, Similarity.SimScorer docScorer) : Scorer(weight)
    {
        private int _index = -1;
        private int _doc = -1;

        public override int DocID => _doc;

        public override int Freq => freqs[_index];

        public override float GetScore() => docScorer.Score(_doc, freqs[_index]);

        public override int NextDoc()
        {
            while (++_index < docs.Length)
            {
                var doc = docs[_index];
                if (acceptDocs is null || acceptDocs.Get(doc)) return _doc = doc;
            }
            _index = docs.Length;
            return _doc = NO_MORE_DOCS;
        }

        // Postings are a few dozen documents at most: a forward scan is as quick as a search.
        public override int Advance(int target)
        {
            while (++_index < docs.Length)
            {
                var doc = docs[_index];
                if (doc >= target && (acceptDocs is null || acceptDocs.Get(doc))) return _doc = doc;
            }
            _index = docs.Length;
            return _doc = NO_MORE_DOCS;
        }

        public override long GetCost() => docs.Length;
    }
}
