using CmlBot.Core.Retrieval;
using Lucene.Net.Analysis.En;
using Lucene.Net.Documents;
using Lucene.Net.Index;
using Lucene.Net.Search;
using Lucene.Net.Search.Similarities;
using Lucene.Net.Store;
using Lucene.Net.Util;

namespace CmlBot.Core.Evaluation;

/// <summary>
/// The yardstick: the same passages in a plain Lucene index (EnglishAnalyzer, BM25), no synonyms, no
/// spelling correction, no confidence threshold: it always quotes its best hit.
/// </summary>
public sealed class PlainBm25Baseline : IDisposable
{
    private readonly EnglishAnalyzer _analyzer = new(TextAnalysis.Version);
    private readonly RAMDirectory _directory = new();
    private readonly DirectoryReader _reader;
    private readonly IndexSearcher _searcher;
    private readonly IReadOnlyList<Passage> _passages;

    public PlainBm25Baseline(IReadOnlyList<Passage> passages)
    {
        _passages = passages;
        using (var writer = new IndexWriter(_directory, new IndexWriterConfig(TextAnalysis.Version, _analyzer) { Similarity = new BM25Similarity() }))
        {
            foreach (var p in passages)
                writer.AddDocument(new Document
                {
                    new StoredField("ord", p.Ordinal),
                    new TextField("text", p.Kind == PassageKind.Sentence ? p.Sentence!.PlainText : p.Text, Field.Store.NO),
                });
            writer.Commit();
        }
        _reader = DirectoryReader.Open(_directory);
        _searcher = new IndexSearcher(_reader) { Similarity = new BM25Similarity() };
    }

    public SystemOutput Ask(string question)
    {
        var query = new QueryBuilder(_analyzer).CreateBooleanQuery("text", question);
        if (query is null) return new SystemOutput(false, [], []);
        var hits = _searcher.Search(query, 3).ScoreDocs
            .Select(sd => _passages[_reader.Document(sd.Doc).GetField("ord").GetInt32Value()!.Value])
            .ToList();
        if (hits.Count == 0) return new SystemOutput(false, [], []);
        var top = hits[0];
        var cited = top.Kind == PassageKind.Sentence ? top.Sentence!.Citations : [top.Reference!.Number];
        // It quotes its hit alone.
        return new SystemOutput(true, hits.Select(h => (IReadOnlyList<string>)[h.Id]).ToList(), cited);
    }

    public void Dispose()
    {
        _reader.Dispose();
        _directory.Dispose();
        _analyzer.Dispose();
    }
}
