using System.Security.Cryptography;
using System.Text;

namespace CmlBot.Core.Corpus;

/// <summary>
/// Loads every summary in the corpus folder, all or nothing: one bad file stops the load with an error
/// that names it and the line, so the bot never serves a half-parsed corpus.
/// </summary>
public sealed class CorpusLoader(CorpusOptions options)
{
    private static readonly UTF8Encoding StrictUtf8 = new(encoderShouldEmitUTF8Identifier: false, throwOnInvalidBytes: true);

    public async Task<CorpusSet> LoadAsync(CancellationToken cancellationToken = default)
    {
        var folder = options.Path;
        if (!Directory.Exists(folder))
            throw new CorpusFormatException(folder, 0, "corpus folder not found");

        var synonymsPath = Path.Combine(folder, options.SynonymsFile);
        // Every other text file is a summary: the phrase lists an editor keeps beside them are not.
        string[] lists = [options.SynonymsFile, options.QuestionsFile, options.NotCoveredFile, options.SafetyFile];
        var files = Directory.GetFiles(folder, "*.txt")
            .Where(f => !lists.Contains(Path.GetFileName(f), StringComparer.OrdinalIgnoreCase))
            .Order(StringComparer.Ordinal)
            .ToList();
        if (files.Count == 0)
            throw new CorpusFormatException(folder, 0, "the corpus folder holds no summary (*.txt)");

        using var hash = IncrementalHash.CreateHash(HashAlgorithmName.SHA256);
        var documents = new List<PdqDocument>();
        foreach (var file in files)
        {
            var bytes = await File.ReadAllBytesAsync(file, cancellationToken);
            hash.AppendData(Encoding.UTF8.GetBytes(Path.GetFileName(file)));
            hash.AppendData(bytes);
            documents.Add(PdqPageParser.Parse(file, DecodeText(file, bytes)));
        }

        var synonyms = "";
        if (File.Exists(synonymsPath))
        {
            var bytes = await File.ReadAllBytesAsync(synonymsPath, cancellationToken);
            hash.AppendData(bytes);
            synonyms = bytes.Length == 0 ? "" : DecodeText(synonymsPath, bytes);
        }

        // The question bank and the not-covered subjects are part of the fingerprint: their vectors are kept with the index.
        var questions = await ReadListAsync(Path.Combine(folder, options.QuestionsFile), hash, cancellationToken);
        var notCovered = await ReadListAsync(Path.Combine(folder, options.NotCoveredFile), hash, cancellationToken);

        var duplicate = documents.GroupBy(d => d.Id).FirstOrDefault(g => g.Count() > 1);
        if (duplicate is not null)
            throw new CorpusFormatException(duplicate.Last().FileName, 1, $"a second document with id {duplicate.Key}");
        return new CorpusSet(documents, synonyms, Convert.ToHexStringLower(hash.GetHashAndReset()))
        {
            Questions = questions,
            NotCovered = notCovered,
        };
    }

    /// <summary>An optional list file's text ("" when it is absent), hashed with its name so moving text between lists shows.</summary>
    private static async Task<string> ReadListAsync(string path, IncrementalHash hash, CancellationToken cancellationToken)
    {
        if (!File.Exists(path)) return "";
        var bytes = await File.ReadAllBytesAsync(path, cancellationToken);
        hash.AppendData(Encoding.UTF8.GetBytes(Path.GetFileName(path)));
        hash.AppendData(bytes);
        return DecodeText(path, bytes);
    }

    /// <summary>Strict UTF-8 text, or an error naming the line of the first bad byte.</summary>
    public static string DecodeText(string file, byte[] bytes)
    {
        if (bytes.Length == 0 || bytes.All(b => b is (byte)' ' or (byte)'\n' or (byte)'\r' or (byte)'\t'))
            throw new CorpusFormatException(file, 1, "the file is empty");
        var nul = Array.IndexOf(bytes, (byte)0);
        if (nul >= 0)
            throw new CorpusFormatException(file, LineAt(bytes, nul), "binary content (a NUL byte): not a text file");
        try
        {
            var text = StrictUtf8.GetString(bytes);
            return text.Length > 0 && text[0] == '\uFEFF' ? text[1..] : text;
        }
        catch (DecoderFallbackException e)
        {
            throw new CorpusFormatException(file, LineAt(bytes, Math.Max(0, e.Index)), "not UTF-8 text (save the file as UTF-8)");
        }
    }

    private static int LineAt(byte[] bytes, int index)
    {
        var line = 1;
        for (var i = 0; i < index && i < bytes.Length; i++)
            if (bytes[i] == (byte)'\n') line++;
        return line;
    }
}

/// <summary>Where the corpus lives; bound from the "Corpus" section of appsettings.json.</summary>
public sealed class CorpusOptions
{
    public string Path { get; set; } = "corpus";
    public string SynonymsFile { get; set; } = "synonyms.txt";
    /// <summary>The question bank: patients' questions, each under the passage that answers it.</summary>
    public string QuestionsFile { get; set; } = "questions.txt";
    /// <summary>Subjects the summary does not cover, each with its reply and example questions.</summary>
    public string NotCoveredFile { get; set; } = "not-covered.txt";
    /// <summary>The safety screen's content (read by the bot, not a summary).</summary>
    public string SafetyFile { get; set; } = "safety.txt";
    /// <summary>Optional folder for a persisted index; empty means in memory, rebuilt at every start.</summary>
    public string IndexPath { get; set; } = "";
}
