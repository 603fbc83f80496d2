using System.Security.Cryptography;
using System.Text;
using CmlBot.Core.Retrieval;
using Microsoft.Extensions.Logging;

namespace CmlBot.Embeddings;

/// <summary>
/// Keeps the vectors of the corpus's own texts (passages, bank questions, subject examples, safety examples) in one
/// file per model, so a restart reads them instead of running the model on every one of them again: embedding those
/// few hundred texts is most of a hybrid start-up.
/// </summary>
/// <remarks>
/// <para>Only <see cref="EmbedCorpus"/> is kept; a patient's words go through <see cref="Embed"/> and
/// <see cref="EmbedQueries"/>, which pass straight to the model and never reach the file. Texts are keyed by their
/// SHA-256, so an edited question is embedded afresh and the others are reused.</para>
/// <para>The file names the model and its package build; another model, another package version, a damaged or
/// unreadable file is simply worked out again. It is replaced whole, by writing a temporary file and renaming it,
/// so instances sharing a folder never read half a file; when the folder cannot be written the vectors are still
/// returned, and worked out again at the next start.</para>
/// </remarks>
public sealed class CorpusVectorStore : ITextEmbedder, IDisposable
{
    private static readonly byte[] Magic = "CmlBot corpus vectors 1\n"u8.ToArray();
    private const int HashBytes = 32;
    /// <summary>Beyond this many entries (about 15 MB), entries this process did not ask for are dropped when it saves.</summary>
    private const int MaxEntries = 10_000;

    private readonly ITextEmbedder _inner;
    private readonly string _identity;
    private readonly ILogger _logger;
    private readonly Lock _lock = new();
    private Dictionary<Hash, float[]>? _vectors;
    private readonly HashSet<Hash> _used = [];
    private bool _writable = true;

    /// <param name="folder">Where the file is kept (created when missing).</param>
    /// <param name="identity">Names the model exactly (its name, precision and package build): vectors of another identity are not reused.</param>
    /// <param name="modelName">Names the file; by default the inner model's name.</param>
    public CorpusVectorStore(ITextEmbedder inner, string folder, string identity, ILogger logger, string? modelName = null)
    {
        _inner = inner;
        _identity = identity;
        _logger = logger;
        FilePath = Path.Combine(folder, FileName(modelName ?? inner.Name));
    }

    public string FilePath { get; }

    public string Name => _inner.Name;

    public bool HasQueryInstruction => _inner.HasQueryInstruction;

    public float[][] Embed(IReadOnlyList<string> texts, CancellationToken cancellationToken = default) => _inner.Embed(texts, cancellationToken);

    public float[][] EmbedQueries(IReadOnlyList<string> texts, CancellationToken cancellationToken = default) =>
        _inner.EmbedQueries(texts, cancellationToken);

    /// <summary>The stored vectors of texts embedded before; the model runs only on the others, which are then stored.</summary>
    public float[][] EmbedCorpus(IReadOnlyList<string> texts, CancellationToken cancellationToken = default)
    {
        lock (_lock)
        {
            _vectors ??= Load();
            var hashes = texts.Select(Hash.Of).ToArray();
            var result = new float[texts.Count][];
            var missing = new List<int>();
            for (var i = 0; i < texts.Count; i++)
            {
                _used.Add(hashes[i]);
                if (_vectors.TryGetValue(hashes[i], out var vector)) result[i] = vector;
                else missing.Add(i);
            }
            if (missing.Count == 0) return result;
            var computed = _inner.EmbedCorpus(missing.Select(i => texts[i]).ToList(), cancellationToken);
            for (var m = 0; m < missing.Count; m++)
            {
                result[missing[m]] = computed[m];
                _vectors[hashes[missing[m]]] = computed[m];
            }
            Save();
            return result;
        }
    }

    public void Dispose() => (_inner as IDisposable)?.Dispose();

    /// <summary>The model's name as a file name: letters, digits, dots and hyphens.</summary>
    public static string FileName(string modelName) => ModelFile.SafeName(modelName) + ".vectors";

    private Dictionary<Hash, float[]> Load()
    {
        var vectors = new Dictionary<Hash, float[]>();
        if (!File.Exists(FilePath)) return vectors;
        try
        {
            using var reader = new BinaryReader(File.OpenRead(FilePath), Encoding.UTF8);
            if (!reader.ReadBytes(Magic.Length).AsSpan().SequenceEqual(Magic) || reader.ReadString() != _identity)
            {
                _logger.LogInformation("Corpus vectors in {File} are from another model build; working them out again", FilePath);
                return vectors;
            }
            var dimensions = reader.ReadInt32();
            var count = reader.ReadInt32();
            if (dimensions is <= 0 or > 65_536 || count is < 0 or > MaxEntries * 2) throw new InvalidDataException("implausible header");
            for (var e = 0; e < count; e++)
            {
                var hash = new Hash(reader.ReadBytes(HashBytes));
                var vector = new float[dimensions];
                reader.BaseStream.ReadExactly(System.Runtime.InteropServices.MemoryMarshal.AsBytes(vector.AsSpan()));
                vectors[hash] = vector;
            }
            if (reader.BaseStream.Position != reader.BaseStream.Length) throw new InvalidDataException("trailing bytes");
            return vectors;
        }
        catch (Exception e) when (e is IOException or InvalidDataException or UnauthorizedAccessException or ArgumentException)
        {
            _logger.LogWarning("Corpus vectors in {File} could not be read ({Error}); working them out again", FilePath, e.GetType().Name);
            return [];
        }
    }

    private void Save()
    {
        if (!_writable) return;
        var kept = _vectors!.Count <= MaxEntries ? _vectors.ToList() : _vectors.Where(v => _used.Contains(v.Key)).ToList();
        var dimensions = kept.Count > 0 ? kept[0].Value.Length : 0;
        var entries = kept.Where(e => e.Value.Length == dimensions).ToList();
        var temporary = $"{FilePath}.{Environment.ProcessId}.{Guid.NewGuid():N}.tmp";
        try
        {
            Directory.CreateDirectory(Path.GetDirectoryName(FilePath)!);
            using (var writer = new BinaryWriter(File.Create(temporary), Encoding.UTF8))
            {
                writer.Write(Magic);
                writer.Write(_identity);
                writer.Write(dimensions);
                writer.Write(entries.Count);
                foreach (var (hash, vector) in entries)
                {
                    writer.Write(hash.Bytes);
                    writer.Write(System.Runtime.InteropServices.MemoryMarshal.AsBytes(vector.AsSpan()));
                }
            }
            File.Move(temporary, FilePath, overwrite: true);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            _writable = false;
            _logger.LogWarning("Corpus vectors cannot be kept in {File} ({Error}); they are worked out at each start", FilePath, e.GetType().Name);
            try { File.Delete(temporary); } catch (Exception) { /* nothing was written, or it cannot be removed either */ }
        }
    }

    /// <summary>A text's SHA-256, as a dictionary key.</summary>
    private readonly record struct Hash(byte[] Bytes)
    {
        public static Hash Of(string text) => new(SHA256.HashData(Encoding.UTF8.GetBytes(text)));

        public bool Equals(Hash other) => Bytes.AsSpan().SequenceEqual(other.Bytes);

        public override int GetHashCode() => BitConverter.ToInt32(Bytes, 0);
    }
}
