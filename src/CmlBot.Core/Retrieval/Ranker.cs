using CmlBot.Core.Retrieval.Speed;
using Lucene.Net.Search;

namespace CmlBot.Core.Retrieval;

/// <param name="Score">The ranking score (coverage with BM25 as tie-break; fused with similarity in hybrid mode), with the passage kind's weight.</param>
/// <param name="Coverage">How much of the question (by concept, weighted by rarity) the passage covers, 0..1.</param>
/// <param name="Similarity">Cosine similarity of question and passage embeddings; 0 in lexical mode.</param>
/// <param name="Confidence">What the answer threshold is applied to, 0..1: coverage, or coverage fused with calibrated similarity.</param>
public sealed record Hit(Passage Passage, double Score, double Coverage, double Similarity, double Confidence);

/// <summary>
/// Ranks passages for a <see cref="QueryPlan"/>: finds candidates through Lucene (the plan's concepts as a query, run
/// without the classic QueryParser, so "?", "*", "AND", "field:" are just text) and, in hybrid mode, by similarity;
/// scores each by how much of the question it covers, with BM25 breaking near-ties, fused with calibrated similarity.
/// </summary>
internal sealed class Ranker(PassageIndex index, RetrievalOptions options)
{
    /// <param name="similarity">The question's cosine similarity with every passage (null in lexical mode).</param>
    public List<Hit> Rank(QueryPlan plan, float[]? similarity, int max)
    {
        // Candidates: what Lucene finds by the question's words, and in hybrid mode the passages closest
        // in meaning, which a paraphrase sharing no word with them would never reach through Lucene.
        var bm25 = new Dictionary<int, float>();
        if (plan.Concepts.Count > 0)
        {
            var query = BuildQuery(plan);
            if (query.Clauses.Count > 0)
                foreach (var sd in index.Search(query, Math.Max(max * 3, 30)))
                    bm25[index.OrdinalByDoc[sd.Doc]] = sd.Score;
        }
        var candidates = bm25.Keys.ToHashSet();
        if (similarity is not null)
            candidates.UnionWith(Enumerable.Range(0, similarity.Length).OrderByDescending(o => similarity[o]).Take(options.SemanticCandidates));

        // Ranked by how much of the question each passage covers, with BM25 (which also rewards term
        // frequency and short passages) breaking near-ties; in hybrid mode fused with calibrated similarity.
        var best = bm25.Count > 0 ? bm25.Values.Max() : 1f;
        var alpha = similarity is null ? 0 : options.SemanticWeight;
        var hits = new List<Hit>(candidates.Count);
        foreach (var ordinal in candidates)
        {
            var passage = index.Passages[ordinal];
            var kindWeight = passage.Kind == PassageKind.Reference
                ? (plan.ReferenceIntent ? options.ReferenceIntentWeight : options.ReferenceWeight)
                : 1.0;
            var coverage = Coverage(plan, passage);
            var lexical = coverage * (1 - options.Bm25Share + options.Bm25Share * bm25.GetValueOrDefault(ordinal) / best);
            var cosine = similarity?[ordinal] ?? 0;
            var semantic = Calibrate(cosine);
            // Similarity adds evidence and never takes it away: a passage the words already cover keeps
            // its confidence, and one they miss (a paraphrase) can still be found and trusted.
            hits.Add(new Hit(passage, kindWeight * (lexical + alpha * semantic), coverage, cosine,
                Math.Max(coverage, (1 - alpha) * coverage + alpha * semantic)));
        }
        return hits
            .Where(h => h.Score > 0)
            .OrderByDescending(h => h.Score)
            .ThenBy(h => h.Passage.Ordinal) // deterministic: ties go to the earlier passage
            .Take(max)
            .ToList();
    }

    /// <summary>
    /// Cosine similarity of the question with every passage. Exact search is right at this size: one
    /// summary is ~32 passages × 384 dimensions, about 12,000 multiply-adds, microseconds beside the ~5 ms
    /// the model takes to embed the question. At 100 summaries (~3,000 passages) it is still under a
    /// millisecond; past some 100,000 passages an approximate index (HNSW, or Lucene 9's KNN vectors)
    /// would take its place, and the vectors would move out of stored fields into vector fields.
    /// </summary>
    public float[] Similarities(float[] q)
    {
        var vectors = index.Vectors!;
        var result = new float[vectors.Length];
        for (var i = 0; i < vectors.Length; i++) result[i] = VectorMath.Dot(q, vectors[i]);
        return result;
    }

    /// <summary>
    /// The share of the question's weight that the passage matches: a concept found in the passage
    /// counts fully, one found in the sentences quoted with it nearly so, one found only elsewhere in its
    /// paragraph counts half; rare concepts weigh more (idf), and a
    /// word the corpus never uses weighs most, so "what does imatinib cost?" is not half answered by any
    /// sentence that says "imatinib". Below a floor of matched weight, only common words matched.
    /// </summary>
    /// <param name="topic">Only the concepts that say what is asked about: words asking for a study or source left out.</param>
    public double Coverage(QueryPlan plan, Passage passage, bool topic = false)
    {
        // Concept.MatchedBy on each term set, answered from the plan's passage bits (a plan made elsewhere gets them here).
        var holders = plan.Holders.Count == plan.Concepts.Count ? plan.Holders : plan.Concepts.Select(c => index.Holders.ForPhrases(c.Phrases)).ToList();
        double total = 0, matched = 0;
        for (var i = 0; i < plan.Concepts.Count; i++)
        {
            var c = plan.Concepts[i];
            if (topic && c.AsksForSource) continue;
            var h = holders[i];
            total += c.Weight;
            if (PassageHolders.Has(h.Own, passage.Ordinal)) matched += c.Weight;
            else if (PassageHolders.Has(h.Lead, passage.Ordinal)) matched += c.Weight * options.LeadCredit;
            else if (PassageHolders.Has(h.Context, passage.Ordinal)) matched += c.Weight * options.ContextCredit;
        }
        if (total <= 0) return 0;
        var coverage = matched / total;
        return coverage * Math.Min(1.0, matched / options.SpecificityFloor);
    }

    /// <summary>Maps cosine similarity onto 0..1 between a floor (unrelated) and a ceiling (a close paraphrase), fitted on the evaluation set.</summary>
    private double Calibrate(double cosine) =>
        Math.Clamp((cosine - options.SimilarityFloor) / (options.SimilarityCeiling - options.SimilarityFloor), 0, 1);

    // A clause that could match nothing (a term no passage holds, a phrase whose terms no passage holds together)
    // is left out: under BM25 (coord and query norm both 1) that changes no score, and each clause costs a weight
    // and a scorer per query.
    private BooleanQuery BuildQuery(QueryPlan plan)
    {
        var query = new BooleanQuery();
        foreach (var concept in plan.Concepts)
        {
            var dismax = new DisjunctionMaxQuery(0.1f);
            if (concept.Original.Count > 0) AddPhrase(dismax, concept.Original, concept.Corrected ? options.CorrectedWeight : 1.0);
            foreach (var phrase in concept.Synonyms)
                AddPhrase(dismax, phrase, options.SynonymWeight);
            if (dismax.Disjuncts.Count > 0) query.Add(dismax, Occur.SHOULD);
        }
        return query;
    }

    private void AddPhrase(DisjunctionMaxQuery dismax, IReadOnlyList<string> terms, double weight)
    {
        if (PhraseQuery(PassageIndex.TextField, terms, weight) is { } text) dismax.Add(text);
        if (PhraseQuery(PassageIndex.ContextField, terms, weight * options.ContextWeight) is { } context) dismax.Add(context);
    }

    // All of a phrase's terms, in any order: stop words leave gaps that an exact PhraseQuery would trip on.
    private Query? PhraseQuery(string field, IReadOnlyList<string> terms, double weight)
    {
        if (terms.Count == 1) return index.TermQuery(field, terms[0]) is { } single ? Boosted(single, weight) : null;
        if (!index.AnyPassageHolds(field, terms)) return null;
        var all = new BooleanQuery { Boost = (float)weight };
        foreach (var t in terms)
        {
            if (index.TermQuery(field, t) is not { } clause) return null;
            all.Add(clause, Occur.MUST);
        }
        return all;
    }

    private static Query Boosted(Query query, double weight)
    {
        query.Boost = (float)weight;
        return query;
    }
}
