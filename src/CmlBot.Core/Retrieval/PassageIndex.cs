using CmlBot.Core.Corpus;
using CmlBot.Core.Retrieval.Speed;
using Lucene.Net.Documents;
using Lucene.Net.Index;
using Lucene.Net.Search;
using Lucene.Net.Search.Similarities;
using Lucene.Net.Store;
using Lucene.Net.Util;
using Directory = Lucene.Net.Store.Directory;

namespace CmlBot.Core.Retrieval;

public enum PassageKind { Sentence, Reference }

/// <summary>
/// A unit of retrieval: one sentence of a summary (with its paragraph as context), or one reference.
/// The term sets are kept to judge how much of a question a passage covers: <see cref="Terms"/> its own,
/// <see cref="LeadTerms"/> those of the sentences quoted with it (see <see cref="QuoteSpan"/>),
/// <see cref="ContextTerms"/> the rest of its paragraph and its section title.
/// </summary>
public sealed record Passage(
    int Ordinal,
    string Id,
    PassageKind Kind,
    PdqDocument Document,
    Paragraph? Paragraph,
    Sentence? Sentence,
    Reference? Reference,
    string Text,
    IReadOnlySet<string> Terms,
    IReadOnlySet<string> LeadTerms,
    IReadOnlySet<string> ContextTerms);

/// <summary>
/// The Lucene index of every passage: BM25 on writer and searcher; fields "text" (the sentence or the
/// reference) and "context" (the rest of the sentence's paragraph and its section title). Built in
/// memory at start-up, or kept in a folder and rebuilt only when the corpus fingerprint changes.
/// </summary>
public sealed class PassageIndex : IDisposable
{
    public const string TextField = "text";
    public const string ContextField = "context";
    private const string FingerprintKey = "corpusFingerprint";
    private const string EmbedderKey = "embedder";
    private const string VectorField = "vector";

    private readonly Directory _directory;
    private readonly DirectoryReader _reader;

    private PassageIndex(Directory directory, DirectoryReader reader, IReadOnlyList<Passage> passages, int[] ordinalByDoc, bool reused, float[][]? vectors)
    {
        _directory = directory;
        _reader = reader;
        Passages = passages;
        OrdinalByDoc = ordinalByDoc;
        ReusedPersistedIndex = reused;
        Vectors = vectors;
        Searcher = new IndexSearcher(reader) { Similarity = new FixedIndexBm25Similarity() };
        _postings = ReadPostings(Searcher, TextField, ContextField);
        Holders = new PassageHolders(passages);
    }

    // Every term of the searched fields with its postings, read once: the index never changes after it is
    // opened, and a fresh lookup per query clause (a new terms enumerator and its seek frames, ~10 KB), then a
    // postings reader per clause (~4 KB), were most of what a question allocated. Bounded by the corpus's
    // vocabulary, whatever patients type.
    private readonly Dictionary<(string Field, string Term), HeldPostings> _postings;

    public IReadOnlyList<Passage> Passages { get; }
    /// <summary>Which passages hold each term, by term set.</summary>
    public PassageHolders Holders { get; }
    public IndexSearcher Searcher { get; }
    /// <summary>Maps a Lucene doc id to the passage's ordinal.</summary>
    public int[] OrdinalByDoc { get; }
    public bool ReusedPersistedIndex { get; }
    /// <summary>Each passage's embedding, by ordinal, when the index was built with a model; null otherwise.</summary>
    public float[][]? Vectors { get; }
    public int DocumentCount => _reader.NumDocs;

    public int DocFreq(string term) => _postings.TryGetValue((TextField, term), out var postings) ? (int)postings.Statistics.DocFreq : 0;

    /// <summary>
    /// A query for one term of one field, scoring as <see cref="Lucene.Net.Search.TermQuery"/> does over postings
    /// read ahead; null when no passage holds the term (it could match nothing).
    /// </summary>
    public Query? TermQuery(string field, string term) =>
        _postings.TryGetValue((field, term), out var postings) ? new HeldTermQuery(postings) : null;

    /// <summary>
    /// Whether any passage holds all of <paramref name="terms"/> in <paramref name="field"/>: a conjunction no passage
    /// satisfies can match nothing, so it need not be asked of Lucene. Passages keep their fields' terms (see <see cref="Holders"/>).
    /// </summary>
    public bool AnyPassageHolds(string field, IReadOnlyList<string> terms) =>
        Holders.Any(field == TextField ? TermSet.Own : TermSet.Context, terms);

    /// <summary>
    /// The best <paramref name="count"/> documents for a query, scored document at a time: Lucene's default
    /// for a disjunction is a bucket table of 2,048 entries allocated per query, far larger than this index.
    /// </summary>
    public ScoreDoc[] Search(Query query, int count)
    {
        var collector = TopScoreDocCollector.Create(count, docsScoredInOrder: true);
        Searcher.Search(query, collector);
        return collector.GetTopDocs().ScoreDocs;
    }

    private static Dictionary<(string, string), HeldPostings> ReadPostings(IndexSearcher searcher, params string[] fields)
    {
        var postings = new Dictionary<(string, string), HeldPostings>();
        foreach (var field in fields)
        {
            var terms = MultiFields.GetTerms(searcher.IndexReader, field);
            if (terms is null) continue;
            var collection = searcher.CollectionStatistics(field);
            var enumerator = terms.GetEnumerator();
            while (enumerator.MoveNext())
            {
                var term = new Term(field, BytesRef.DeepCopyOf(enumerator.Term));
                postings[(field, term.Text)] = HeldPostings.Read(searcher, term, TermContext.Build(searcher.IndexReader.Context, term), collection);
            }
        }
        return postings;
    }

    public static PassageIndex Build(CorpusSet corpus, TextAnalysis analysis, string? persistPath = null, ITextEmbedder? embedder = null,
        CancellationToken cancellationToken = default)
    {
        var passages = CreatePassages(corpus, analysis);
        Directory directory = string.IsNullOrWhiteSpace(persistPath) ? new RAMDirectory() : FSDirectory.Open(persistPath);
        var reused = false;
        var embedderName = embedder?.Name ?? "";
        if (directory is FSDirectory && DirectoryReader.IndexExists(directory))
        {
            using var existing = DirectoryReader.Open(directory);
            var data = existing.IndexCommit.UserData;
            reused = data.TryGetValue(FingerprintKey, out var fp) && fp == corpus.Fingerprint
                     && data.TryGetValue(EmbedderKey, out var model) && model == embedderName
                     && existing.NumDocs == passages.Count;
        }
        if (!reused)
        {
            // Lucene stays the system of record: each passage's vector is stored in its document and
            // rebuilt with it, so a persisted index never pairs text with stale vectors.
            var vectors = embedder?.EmbedCorpus(passages.Select(EmbeddingText).ToList(), cancellationToken);
            Write(directory, passages, analysis, corpus.Fingerprint, embedderName, vectors);
        }

        var reader = DirectoryReader.Open(directory);
        var ordinalByDoc = new int[reader.MaxDoc];
        var stored = embedder is null ? null : new float[passages.Count][];
        for (var doc = 0; doc < reader.MaxDoc; doc++)
        {
            var document = reader.Document(doc);
            var ordinal = document.GetField("ord").GetInt32Value() ?? throw new InvalidDataException("index document without ord");
            ordinalByDoc[doc] = ordinal;
            if (stored is not null)
            {
                var bytes = document.GetBinaryValue(VectorField) ?? throw new InvalidDataException($"index document {ordinal} has no vector");
                stored[ordinal] = MemoryMarshalFloats(bytes.Bytes, bytes.Offset, bytes.Length);
            }
        }
        return new PassageIndex(directory, reader, passages, ordinalByDoc, reused, stored);
    }

    /// <summary>What a passage's vector stands for: the sentence with the sentences quoted with it, or the reference's title.</summary>
    public static string EmbeddingText(Passage p) => p.Kind == PassageKind.Sentence
        ? string.Join(" ", QuoteSpan.For(p.Paragraph!, p.Sentence!).Select(s => s.PlainText))
        : p.Reference!.Title ?? p.Text;

    private static float[] MemoryMarshalFloats(byte[] bytes, int offset, int length)
    {
        var floats = new float[length / sizeof(float)];
        Buffer.BlockCopy(bytes, offset, floats, 0, floats.Length * sizeof(float));
        return floats;
    }

    private static void Write(Directory directory, IReadOnlyList<Passage> passages, TextAnalysis analysis, string fingerprint, string embedderName, float[][]? vectors)
    {
        var config = new IndexWriterConfig(TextAnalysis.Version, analysis.Index)
        {
            Similarity = new BM25Similarity(),
            OpenMode = OpenMode.CREATE,
        };
        using var writer = new IndexWriter(directory, config);
        foreach (var p in passages)
        {
            var doc = new Document
            {
                new StoredField("ord", p.Ordinal),
                new StringField("id", p.Id, Field.Store.YES),
                new StringField("kind", p.Kind.ToString(), Field.Store.YES),
                new StringField("document", p.Document.Id, Field.Store.YES),
                new TextField(TextField, p.Kind == PassageKind.Sentence ? p.Sentence!.PlainText : p.Text, Field.Store.YES),
                new TextField(ContextField, ContextOf(p), Field.Store.NO),
            };
            if (vectors is not null)
            {
                var bytes = new byte[vectors[p.Ordinal].Length * sizeof(float)];
                Buffer.BlockCopy(vectors[p.Ordinal], 0, bytes, 0, bytes.Length);
                doc.Add(new StoredField(VectorField, bytes));
            }
            writer.AddDocument(doc);
        }
        writer.SetCommitData(new Dictionary<string, string> { [FingerprintKey] = fingerprint, [EmbedderKey] = embedderName });
        writer.Commit();
    }

    private static string ContextOf(Passage p) => p.Kind switch
    {
        PassageKind.Sentence => ContextText(p.Paragraph!, p.Sentence!),
        _ => "",
    };

    private static string ContextText(Paragraph paragraph, Sentence s) =>
        string.Join(" ", paragraph.Sentences.Where(x => x != s).Select(x => x.PlainText).Prepend(s.SectionTitle));

    private static List<Passage> CreatePassages(CorpusSet corpus, TextAnalysis analysis)
    {
        var passages = new List<Passage>();
        foreach (var doc in corpus.Documents)
        {
            foreach (var paragraph in doc.Sections.SelectMany(s => s.Paragraphs))
            {
                foreach (var s in paragraph.Sentences)
                {
                    var lead = string.Join(" ", QuoteSpan.For(paragraph, s).Where(x => x != s).Select(x => x.PlainText));
                    passages.Add(new Passage(passages.Count, s.Id, PassageKind.Sentence, doc, paragraph, s, null, s.Text,
                        analysis.Terms(s.PlainText), analysis.Terms(lead), analysis.Terms(ContextText(paragraph, s))));
                }
            }
            foreach (var r in doc.References)
                passages.Add(new Passage(passages.Count, $"{doc.Id}:ref{r.Number}", PassageKind.Reference, doc, null, null, r, r.Text,
                    analysis.Terms(r.Text), new HashSet<string>(), new HashSet<string>()));
        }
        return passages;
    }

    public void Dispose()
    {
        _reader.Dispose();
        _directory.Dispose();
    }
}
