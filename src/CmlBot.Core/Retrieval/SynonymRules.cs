using Lucene.Net.Analysis;
using Lucene.Net.Analysis.Synonym;
using CmlBot.Core.Corpus;

namespace CmlBot.Core.Retrieval;

/// <summary>
/// The Solr-format synonym file in corpus/ ("a, b, c" equivalences, "a => b" mappings, # comments),
/// parsed by Lucene's own SolrSynonymParser so clinicians can extend it without touching code.
/// </summary>
public static class SynonymRules
{
    public static SynonymMap? Parse(string fileName, string text, Analyzer surface)
    {
        if (string.IsNullOrWhiteSpace(text)) return null;
        try
        {
            return ParseWith(text, surface);
        }
        catch (Exception e) when (e is not CorpusFormatException)
        {
            // The parser's message does not say where; find the first line that fails on its own.
            var lines = text.Replace("\r\n", "\n", StringComparison.Ordinal).Split('\n');
            for (var i = 0; i < lines.Length; i++)
            {
                if (string.IsNullOrWhiteSpace(lines[i]) || lines[i].TrimStart().StartsWith('#')) continue;
                try { ParseWith(lines[i] + "\n", surface); }
                catch (Exception lineError) when (lineError is not CorpusFormatException)
                {
                    throw new CorpusFormatException(fileName, i + 1, $"bad synonym rule: {lineError.Message}");
                }
            }
            throw new CorpusFormatException(fileName, 1, $"bad synonym file: {e.Message}");
        }
    }

    private static SynonymMap ParseWith(string text, Analyzer surface)
    {
        var parser = new SolrSynonymParser(dedup: true, expand: true, analyzer: surface);
        using var reader = new StringReader(text);
        parser.Parse(reader);
        return parser.Build();
    }
}
