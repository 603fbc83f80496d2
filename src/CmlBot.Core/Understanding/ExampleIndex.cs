using Lucene.Net.Documents;
using Lucene.Net.Index;
using Lucene.Net.Store;
using Directory = Lucene.Net.Store.Directory;

namespace CmlBot.Core.Understanding;

/// <summary>
/// The vectors of the bank's questions and the subjects' examples, embedded when the index is built. With a
/// persisted index they are kept in Lucene documents beside it (a folder "examples" inside the index folder) and
/// reused only while the corpus fingerprint (which covers both list files) and the model are the same.
/// </summary>
public static class ExampleIndex
{
    public const string Folder = "examples";
    private const string FingerprintKey = "corpusFingerprint";
    private const string EmbedderKey = "embedder";
    private const int Batch = 32;

    /// <summary>The vectors of <paramref name="texts"/>, in order, and whether they were read back from disk.</summary>
    public static (float[][] Vectors, bool Reused) Build(IReadOnlyList<string> texts, string fingerprint, Retrieval.ITextEmbedder embedder,
        string? persistPath, CancellationToken cancellationToken)
    {
        if (string.IsNullOrWhiteSpace(persistPath)) return (Embed(texts, embedder, cancellationToken), false);
        using Directory directory = FSDirectory.Open(Path.Combine(persistPath, Folder));
        if (DirectoryReader.IndexExists(directory) && Read(directory, texts, fingerprint, embedder.Name) is { } stored) return (stored, true);
        var vectors = Embed(texts, embedder, cancellationToken);
        Write(directory, texts, vectors, fingerprint, embedder.Name);
        return (vectors, false);
    }

    private static float[][] Embed(IReadOnlyList<string> texts, Retrieval.ITextEmbedder embedder, CancellationToken cancellationToken)
    {
        // In batches: one batch pads every text to the longest, and a few hundred at once is memory for nothing.
        var vectors = new List<float[]>(texts.Count);
        for (var start = 0; start < texts.Count; start += Batch)
            vectors.AddRange(embedder.EmbedCorpus(texts.Skip(start).Take(Batch).ToList(), cancellationToken));
        return [.. vectors];
    }

    private static float[][]? Read(Directory directory, IReadOnlyList<string> texts, string fingerprint, string embedder)
    {
        using var reader = DirectoryReader.Open(directory);
        var data = reader.IndexCommit.UserData;
        if (!data.TryGetValue(FingerprintKey, out var fp) || fp != fingerprint || !data.TryGetValue(EmbedderKey, out var model) || model != embedder
            || reader.NumDocs != texts.Count) return null;
        var vectors = new float[texts.Count][];
        for (var doc = 0; doc < reader.MaxDoc; doc++)
        {
            var document = reader.Document(doc);
            var ordinal = document.GetField("ord").GetInt32Value() ?? -1;
            if (ordinal < 0 || ordinal >= texts.Count || document.Get("text") != texts[ordinal]) return null;
            var bytes = document.GetBinaryValue("vector");
            if (bytes is null) return null;
            var floats = new float[bytes.Length / sizeof(float)];
            Buffer.BlockCopy(bytes.Bytes, bytes.Offset, floats, 0, floats.Length * sizeof(float));
            vectors[ordinal] = floats;
        }
        return vectors.Any(v => v is null) ? null : vectors;
    }

    private static void Write(Directory directory, IReadOnlyList<string> texts, float[][] vectors, string fingerprint, string embedder)
    {
        using var analyzer = new Lucene.Net.Analysis.Core.KeywordAnalyzer();
        using var writer = new IndexWriter(directory, new IndexWriterConfig(Retrieval.TextAnalysis.Version, analyzer) { OpenMode = OpenMode.CREATE });
        for (var i = 0; i < texts.Count; i++)
        {
            var bytes = new byte[vectors[i].Length * sizeof(float)];
            Buffer.BlockCopy(vectors[i], 0, bytes, 0, bytes.Length);
            writer.AddDocument(new Document
            {
                new StoredField("ord", i),
                new StoredField("text", texts[i]),
                new StoredField("vector", bytes),
            });
        }
        writer.SetCommitData(new Dictionary<string, string> { [FingerprintKey] = fingerprint, [EmbedderKey] = embedder });
        writer.Commit();
    }
}
