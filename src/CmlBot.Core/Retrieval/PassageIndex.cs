using CmlBot.Core.Corpus;
using Lucene.Net.Documents;
using Lucene.Net.Index;
using Lucene.Net.Search;
using Lucene.Net.Search.Similarities;
using Lucene.Net.Store;
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

    private readonly Directory _directory;
    private readonly DirectoryReader _reader;

    private PassageIndex(Directory directory, DirectoryReader reader, IReadOnlyList<Passage> passages, int[] ordinalByDoc, bool reused)
    {
        _directory = directory;
        _reader = reader;
        Passages = passages;
        OrdinalByDoc = ordinalByDoc;
        ReusedPersistedIndex = reused;
        Searcher = new IndexSearcher(reader) { Similarity = new BM25Similarity() };
    }

    public IReadOnlyList<Passage> Passages { get; }
    public IndexSearcher Searcher { get; }
    /// <summary>Maps a Lucene doc id to the passage's ordinal.</summary>
    public int[] OrdinalByDoc { get; }
    public bool ReusedPersistedIndex { get; }
    public int DocumentCount => _reader.NumDocs;

    public int DocFreq(string term) => _reader.DocFreq(new Term(TextField, term));

    public static PassageIndex Build(CorpusSet corpus, TextAnalysis analysis, string? persistPath = null)
    {
        var passages = CreatePassages(corpus, analysis);
        Directory directory = string.IsNullOrWhiteSpace(persistPath) ? new RAMDirectory() : FSDirectory.Open(persistPath);
        var reused = false;
        if (directory is FSDirectory && DirectoryReader.IndexExists(directory))
        {
            using var existing = DirectoryReader.Open(directory);
            reused = existing.IndexCommit.UserData.TryGetValue(FingerprintKey, out var fp) && fp == corpus.Fingerprint
                     && existing.NumDocs == passages.Count;
        }
        if (!reused) Write(directory, passages, analysis, corpus.Fingerprint);

        var reader = DirectoryReader.Open(directory);
        var ordinalByDoc = new int[reader.MaxDoc];
        for (var doc = 0; doc < reader.MaxDoc; doc++)
            ordinalByDoc[doc] = reader.Document(doc).GetField("ord").GetInt32Value() ?? throw new InvalidDataException("index document without ord");
        return new PassageIndex(directory, reader, passages, ordinalByDoc, reused);
    }

    private static void Write(Directory directory, IReadOnlyList<Passage> passages, TextAnalysis analysis, string fingerprint)
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
            writer.AddDocument(doc);
        }
        writer.SetCommitData(new Dictionary<string, string> { [FingerprintKey] = fingerprint });
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
