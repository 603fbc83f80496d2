using Lucene.Net.Analysis;
using Lucene.Net.Analysis.Core;
using Lucene.Net.Analysis.En;
using Lucene.Net.Analysis.Miscellaneous;
using Lucene.Net.Analysis.Standard;
using Lucene.Net.Analysis.Synonym;
using Lucene.Net.Analysis.TokenAttributes;
using Lucene.Net.Analysis.Util;
using Lucene.Net.Util;

namespace CmlBot.Core.Retrieval;

/// <summary>
/// The analysis chains, built from small Lucene filters:
/// surface  = standard tokenizer → English possessive → ASCII folding → lower case;
/// index    = surface → stop words → Porter stemmer;
/// query    = surface → synonyms (multi-word rules match here, before stop words remove their glue) → stop words → Porter stemmer.
/// </summary>
public sealed class TextAnalysis : IDisposable
{
    public const LuceneVersion Version = LuceneVersion.LUCENE_48;

    // Lucene's English stop words plus the filler of patients' questions ("what can you tell me about…").
    // Applied on both sides, so a question word never matches and never counts towards confidence.
    private static readonly string[] ExtraStopWords =
    [
        "what", "which", "who", "whom", "whose", "when", "where", "why", "how", "i", "me", "my", "mine", "myself",
        "we", "us", "our", "you", "your", "he", "him", "his", "she", "her", "its", "them", "am", "been", "being",
        "do", "does", "did", "doing", "done", "have", "has", "had", "having", "can", "could", "would", "should",
        "shall", "may", "might", "must", "those", "from", "about", "so", "than", "too", "very", "just", "any",
        "some", "all", "tell", "know", "explain", "mean", "means", "meant", "please", "thanks", "thank", "say",
        "says", "said", "anything", "something", "thing", "things", "someone", "kind", "sort", "much", "many",
        "lot", "really", "ok", "okay", "hi", "hello", "hey", "get", "got", "also", "there", "here", "out", "up",
        "going", "go", "want", "like", "need", "im", "i'm", "dont", "don't", "cant", "can't", "doesn't", "doesnt",
        "isn't", "isnt", "again", "still", "ever", "now", "other", "own", "both", "each", "more", "most", "one",
        "yes", "well", "happen", "happens", "happened", "after", "before", "during", "while", "since", "until",
        "take", "taking", "took", "taken", "use", "using", "try", "trying", "tried", "work", "works", "worked",
        "help", "helps", "helped", "find", "look", "looked", "show", "give", "gives", "make", "makes", "made",
        "someone", "patient", "patients", "doctor", "doctors", "oncologist", "cancer", "disease", "option", "options",
    ];

    public TextAnalysis(SynonymMap? synonyms, IEnumerable<string>? synonymRuleFirstWords = null)
    {
        SynonymStarts = (synonymRuleFirstWords ?? []).ToHashSet(StringComparer.Ordinal);
        MaxSynonymWords = synonyms?.MaxHorizontalContext ?? 0;
        var stop = new CharArraySet(Version, StopAnalyzer.ENGLISH_STOP_WORDS_SET.Count + ExtraStopWords.Length, ignoreCase: true);
        foreach (var w in StopAnalyzer.ENGLISH_STOP_WORDS_SET) stop.Add(w);
        foreach (var w in ExtraStopWords) stop.Add(w);
        StopWords = stop.AsReadOnly();

        Surface = Analyzer.NewAnonymous((_, reader) =>
        {
            var source = new StandardTokenizer(Version, reader);
            return new TokenStreamComponents(source, SurfaceFilters(source));
        });
        Index = Analyzer.NewAnonymous((_, reader) =>
        {
            var source = new StandardTokenizer(Version, reader);
            return new TokenStreamComponents(source, Stem(SurfaceFilters(source)));
        });
        Query = Analyzer.NewAnonymous((_, reader) =>
        {
            var source = new StandardTokenizer(Version, reader);
            TokenStream ts = SurfaceFilters(source);
            if (synonyms is not null && synonyms.Fst is not null) ts = new SynonymFilter(ts, synonyms, ignoreCase: true);
            return new TokenStreamComponents(source, Stem(ts));
        });
    }

    public CharArraySet StopWords { get; }
    /// <summary>Surface forms of the first word of every synonym rule: only spans starting with one can match a rule.</summary>
    public IReadOnlySet<string> SynonymStarts { get; }
    /// <summary>The longest rule input, in words.</summary>
    public int MaxSynonymWords { get; }
    public Analyzer Surface { get; }
    public Analyzer Index { get; }
    public Analyzer Query { get; }

    private static TokenStream SurfaceFilters(Tokenizer source)
    {
        TokenStream ts = new EnglishPossessiveFilter(Version, source);
        ts = new ASCIIFoldingFilter(ts);
        return new LowerCaseFilter(Version, ts);
    }

    private TokenStream Stem(TokenStream ts) => new PorterStemFilter(new StopFilter(Version, ts, StopWords));

    public static List<AnalyzedToken> Tokens(Analyzer analyzer, string text)
    {
        var tokens = new List<AnalyzedToken>();
        using var ts = analyzer.GetTokenStream("text", text);
        var term = ts.AddAttribute<ICharTermAttribute>();
        var posInc = ts.AddAttribute<IPositionIncrementAttribute>();
        var offset = ts.AddAttribute<IOffsetAttribute>();
        var type = ts.AddAttribute<ITypeAttribute>();
        ts.Reset();
        var position = -1;
        while (ts.IncrementToken())
        {
            position += posInc.PositionIncrement;
            tokens.Add(new AnalyzedToken(term.ToString(), position, offset.StartOffset, offset.EndOffset,
                type.Type == SynonymFilter.TYPE_SYNONYM));
        }
        ts.End();
        return tokens;
    }

    public HashSet<string> Terms(string text) => Tokens(Index, text).Select(t => t.Term).ToHashSet(StringComparer.Ordinal);

    public void Dispose()
    {
        Surface.Dispose();
        Index.Dispose();
        Query.Dispose();
    }
}

public readonly record struct AnalyzedToken(string Term, int Position, int Start, int End, bool IsSynonym);
