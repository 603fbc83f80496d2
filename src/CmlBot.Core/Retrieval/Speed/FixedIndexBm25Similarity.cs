using System.Collections.Concurrent;
using Lucene.Net.Index;
using Lucene.Net.Search;
using Lucene.Net.Search.Similarities;
using Lucene.Net.Util;

namespace CmlBot.Core.Retrieval.Speed;

/// <summary>
/// Lucene's BM25 (k1 = 1.2, b = 0.75), scoring exactly as <see cref="BM25Similarity"/> does, for an index that
/// never changes once opened. BM25Similarity builds, for every term clause of every query, a 256-entry table of
/// its length normalisation and an explanation with formatted strings; here the table is built once per field
/// (it depends only on the field's average length) and the idf is a plain number. A question has some 40 term
/// clauses, so that was ~40 tables and ~80 strings per question, most of what a weight cost.
/// </summary>
public sealed class FixedIndexBm25Similarity : Similarity
{
    private const float K1 = 1.2f;
    private const float B = 0.75f;

    // Norms are written by BM25Similarity (see PassageIndex); reading them back is the same arithmetic.
    private static readonly float[] NormTable = LoadNormTable();

    private readonly BM25Similarity _writer = new(K1, B);
    private readonly ConcurrentDictionary<(string Field, float AverageLength), float[]> _tables = new();

    public override long ComputeNorm(FieldInvertState state) => _writer.ComputeNorm(state);

    public override SimWeight ComputeWeight(float queryBoost, CollectionStatistics collectionStats, params TermStatistics[] termStats)
    {
        var idf = 0f;
        foreach (var stat in termStats) idf += Idf(stat.DocFreq, collectionStats.MaxDoc);
        var averageLength = AverageFieldLength(collectionStats);
        // Bounded by the index's fields: the statistics never change while the index is open.
        var table = _tables.GetOrAdd((collectionStats.Field, averageLength), key => LengthTable(key.AverageLength));
        return new Stats(collectionStats.Field, idf, queryBoost, table);
    }

    public override SimScorer GetSimScorer(SimWeight weight, AtomicReaderContext context)
    {
        var stats = (Stats)weight;
        return new Scorer(stats, context.AtomicReader.GetNormValues(stats.Field));
    }

    // As BM25Similarity.Idf, AvgFieldLength and its cache, to the float.
    private static float Idf(long docFreq, long numDocs) => (float)Math.Log(1 + (numDocs - docFreq + 0.5D) / (docFreq + 0.5D));

    private static float AverageFieldLength(CollectionStatistics collectionStats)
    {
        var sum = collectionStats.SumTotalTermFreq;
        return sum <= 0 ? 1f : (float)(sum / (double)collectionStats.MaxDoc);
    }

    private static float[] LengthTable(float averageLength)
    {
        var table = new float[256];
        for (var i = 0; i < table.Length; i++) table[i] = K1 * ((1 - B) + B * NormTable[i] / averageLength);
        return table;
    }

    private static float[] LoadNormTable()
    {
        var table = new float[256];
        for (var i = 0; i < 256; i++)
        {
            var f = SmallSingle.SByte315ToSingle((sbyte)i);
            table[i] = 1.0f / (f * f);
        }
        return table;
    }

    public override string ToString() => $"BM25(k1={K1},b={B}) for a fixed index";

    private sealed class Stats(string field, float idf, float queryBoost, float[] table) : SimWeight
    {
        public string Field { get; } = field;
        public float[] Table { get; } = table;
        public float Weight { get; private set; }

        // BM25 does not normalise by the query; BM25Similarity reports a TF-IDF-like value all the same.
        public override float GetValueForNormalization()
        {
            var queryWeight = idf * queryBoost;
            return queryWeight * queryWeight;
        }

        public override void Normalize(float queryNorm, float topLevelBoost) => Weight = idf * queryBoost * topLevelBoost;

        public Explanation Explain(float tfNorm) => new(Weight * tfNorm, "BM25: weight (idf × boost) × tfNorm");
    }

    private sealed class Scorer(Stats stats, NumericDocValues? norms) : SimScorer
    {
        private readonly float _weight = stats.Weight * (K1 + 1);

        public override float Score(int doc, float freq)
        {
            var norm = norms is null ? K1 : stats.Table[(sbyte)norms.Get(doc) & 0xFF];
            return _weight * freq / (freq + norm);
        }

        public override float ComputeSlopFactor(int distance) => 1.0f / (distance + 1);

        public override float ComputePayloadFactor(int doc, int start, int end, BytesRef payload) => 1f;

        public override Explanation Explain(int doc, Explanation freq)
        {
            var norm = norms is null ? K1 : stats.Table[(sbyte)norms.Get(doc) & 0xFF];
            return stats.Explain(freq.Value * (K1 + 1) / (freq.Value + norm));
        }
    }
}
