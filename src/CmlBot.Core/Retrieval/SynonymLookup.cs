using Lucene.Net.Analysis.Synonym;
using Lucene.Net.Store;
using Lucene.Net.Util;
using Lucene.Net.Util.Fst;

namespace CmlBot.Core.Retrieval;

/// <summary>
/// Reads the exact output phrases of a rule from the SynonymMap that SolrSynonymParser built. We apply
/// the map ourselves rather than through SynonymFilter because Lucene 4's filter lays a multi-word
/// synonym over the words that follow it ("sausage" token graphs): a bag of its words would match
/// "cell" in "T cells" for "stem cell transplantation". Phrases kept whole can be matched whole.
/// </summary>
public sealed class SynonymLookup
{
    private readonly SynonymMap? _map;
    // The first word of every rule: a question word that starts none needs no lookups (one per n-gram length).
    private readonly HashSet<string> _firstWords = new(StringComparer.Ordinal);

    public SynonymLookup(SynonymMap? map)
    {
        _map = map?.Fst is null ? null : map;
        if (_map is null) return;
        var rules = new Int32sRefFSTEnum<BytesRef>(_map.Fst);
        while (rules.MoveNext())
        {
            var input = rules.Current.Input;
            var word = new System.Text.StringBuilder();
            for (var i = input.Offset; i < input.Offset + input.Length && input.Int32s[i] != SynonymMap.WORD_SEPARATOR; i++)
                word.Append(char.ConvertFromUtf32(input.Int32s[i]));
            _firstWords.Add(word.ToString());
        }
    }

    /// <summary>Whether some rule's input starts with this word.</summary>
    public bool MayStart(string word) => _firstWords.Contains(word);

    /// <summary>The longest rule input, in words.</summary>
    public int MaxWords => _map?.MaxHorizontalContext ?? 0;

    /// <summary>The phrases a rule maps these words to (each phrase's words in order), or null when no rule has exactly these words.</summary>
    public IReadOnlyList<string[]>? Outputs(IEnumerable<string> words)
    {
        if (_map is null) return null;
        var input = string.Join(SynonymMap.WORD_SEPARATOR, words);
        var codePoints = new List<int>(input.Length);
        for (var i = 0; i < input.Length; i += char.IsSurrogatePair(input, i) ? 2 : 1)
            codePoints.Add(char.ConvertToUtf32(input, i));
        var output = Util.Get(_map.Fst, new Int32sRef(codePoints.ToArray(), 0, codePoints.Count));
        if (output is null) return null;

        // The encoding SynonymFilter reads: a vint (count << 1 | !keepOriginal), then count word ids.
        var reader = new ByteArrayDataInput(output.Bytes, output.Offset, output.Length);
        var code = reader.ReadVInt32();
        var count = code >>> 1;
        var phrases = new List<string[]>(count + 1);
        if ((code & 1) == 0) phrases.Add([.. words]); // the rule keeps the original
        var scratch = new BytesRef();
        for (var i = 0; i < count; i++)
        {
            _map.Words.Get(reader.ReadVInt32(), scratch);
            phrases.Add(scratch.Utf8ToString().Split(SynonymMap.WORD_SEPARATOR));
        }
        return phrases;
    }
}
