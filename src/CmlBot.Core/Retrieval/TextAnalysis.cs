using Lucene.Net.Analysis;
using Lucene.Net.Analysis.Core;
using Lucene.Net.Analysis.En;
using Lucene.Net.Analysis.Miscellaneous;
using Lucene.Net.Analysis.Standard;
using Lucene.Net.Analysis.TokenAttributes;
using Lucene.Net.Analysis.Util;
using Lucene.Net.Util;

namespace CmlBot.Core.Retrieval;

/// <summary>
/// The analysis chains, built from small Lucene filters:
/// surface  = standard tokenizer → English possessive → ASCII folding → lower case (synonym rules and
///            spelling work on these words, before stop words remove the glue of "came back");
/// index    = surface → stop words → Porter stemmer (passages and questions alike).
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
        "yes", "well", "happen", "happens", "happened", "longer", "anymore", "considered", "consider", "matter",
        "treatment", "treatments", "treat", "treated", "treating", "therapy", "therapies", "after", "before", "during", "while", "since", "until",
        "take", "taking", "took", "taken", "use", "using", "try", "trying", "tried", "work", "works", "worked", "working",
        "following", "followed",
        "help", "helps", "helped", "find", "look", "looked", "show", "give", "gives", "make", "makes", "made",
        "someone", "patient", "patients", "doctor", "doctors", "oncologist", "cancer", "disease", "option", "options",
    ];

    public TextAnalysis()
    {
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
    }

    public CharArraySet StopWords { get; }
    public Analyzer Surface { get; }
    public Analyzer Index { get; }

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
        ts.Reset();
        var position = -1;
        while (ts.IncrementToken())
        {
            position += posInc.PositionIncrement;
            tokens.Add(new AnalyzedToken(term.ToString(), position, offset.StartOffset, offset.EndOffset));
        }
        ts.End();
        return tokens;
    }

    public HashSet<string> Terms(string text) => Tokens(Index, text).Select(t => t.Term).ToHashSet(StringComparer.Ordinal);

    public void Dispose()
    {
        Surface.Dispose();
        Index.Dispose();
    }
}

public readonly record struct AnalyzedToken(string Term, int Position, int Start, int End);
