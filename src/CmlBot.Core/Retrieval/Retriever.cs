using System.Text.RegularExpressions;
using Lucene.Net.Index;
using Lucene.Net.Search;

namespace CmlBot.Core.Retrieval;

/// <summary>A question's analysed meaning: the concepts it asks about, each with its synonyms and spelling fixes.</summary>
public sealed record Concept(IReadOnlyList<string> Originals, IReadOnlyList<string> Synonyms, double Weight, bool Corrected)
{
    public IEnumerable<string> AllTerms => Originals.Concat(Synonyms);
}

public sealed record QueryPlan(
    string Question,
    IReadOnlyList<Concept> Concepts,
    IReadOnlyList<SpellingFix> Corrections,
    bool ReferenceIntent,
    int? ReferenceNumber,
    IReadOnlySet<string> AllTerms);

public sealed record SpellingFix(string From, string To);

/// <param name="Score">Lucene's BM25 score with the passage kind's weight applied.</param>
/// <param name="Coverage">How much of the question (by concept, weighted by rarity) the passage covers, 0..1.</param>
public sealed record Hit(Passage Passage, double Score, double Coverage);

public sealed record RetrievalResult(QueryPlan Plan, IReadOnlyList<Hit> Hits);

/// <summary>
/// Turns a question into a Lucene query without the classic QueryParser (so "?", "*", "AND", "field:"
/// are just text), runs it, and scores how well each hit covers the question.
/// </summary>
public sealed partial class Retriever
{
    private static readonly HashSet<string> ReferenceIntentWords = new(StringComparer.OrdinalIgnoreCase)
    {
        "study", "studies", "paper", "papers", "article", "articles", "author", "authors", "wrote", "written",
        "published", "publication", "journal", "reference", "references", "source", "sources", "researchers",
        "citation", "citations", "cite", "cited", "evidence", "studied", "publish", "paper's", "wrote",
    };

    [GeneratedRegex(@"\b(?:ref(?:erence)?|citation|source)s?\s*(?:number|no\.?|#)?\s*\[?(\d{1,4})\]?", RegexOptions.IgnoreCase)]
    private static partial Regex ReferenceNumberRx();

    [GeneratedRegex(@"[\p{L}][\p{L}'’-]*")]
    private static partial Regex WordRx();

    private readonly PassageIndex _index;
    private readonly TextAnalysis _analysis;
    private readonly SpellingCorrector _speller;
    private readonly RetrievalOptions _options;

    public Retriever(PassageIndex index, TextAnalysis analysis, SpellingCorrector speller, RetrievalOptions options)
    {
        _index = index;
        _analysis = analysis;
        _speller = speller;
        _options = options;
    }

    public RetrievalOptions Options => _options;

    public QueryPlan Plan(string question)
    {
        if (question.Length > _options.MaxQuestionLength) question = question[.._options.MaxQuestionLength];

        // Spelling: rewrite only words that neither the corpus nor the synonym file knows.
        var fixes = new List<SpellingFix>();
        var corrected = WordRx().Replace(question, m =>
        {
            var word = m.Value.ToLowerInvariant();
            if (_analysis.StopWords.Contains(word)) return m.Value;
            var fix = _speller.Correct(word);
            if (fix is null) return m.Value;
            fixes.Add(new SpellingFix(m.Value, fix));
            return fix;
        });

        var concepts = GroupConcepts(corrected, fixes);
        var number = ReferenceNumberRx().Match(question);
        var intent = WordRx().Matches(question).Any(w => ReferenceIntentWords.Contains(w.Value));
        return new QueryPlan(question, concepts, fixes, intent || number.Success,
            number.Success && int.TryParse(number.Groups[1].Value, out var n) ? n : null,
            concepts.SelectMany(c => c.AllTerms).ToHashSet(StringComparer.Ordinal));
    }

    /// <summary>The query analyzer's tokens for a question (for explaining results).</summary>
    public IReadOnlyList<AnalyzedToken> Tokens(string question) => TextAnalysis.Tokens(_analysis.Query, question);

    public RetrievalResult Search(string question, int max = 10)
    {
        var plan = Plan(question);
        if (plan.Concepts.Count == 0) return new RetrievalResult(plan, []);

        var query = new BooleanQuery();
        foreach (var concept in plan.Concepts)
        {
            var dismax = new DisjunctionMaxQuery(0.1f);
            foreach (var term in concept.Originals)
                AddTerm(dismax, term, concept.Corrected ? _options.CorrectedWeight : 1.0);
            foreach (var term in concept.Synonyms)
                AddTerm(dismax, term, _options.SynonymWeight);
            query.Add(dismax, Occur.SHOULD);
        }

        var top = _index.Searcher.Search(query, Math.Max(max * 3, 30));
        var hits = new List<Hit>(top.ScoreDocs.Length);
        foreach (var sd in top.ScoreDocs)
        {
            var passage = _index.Passages[_index.OrdinalByDoc[sd.Doc]];
            var kindWeight = passage.Kind == PassageKind.Reference
                ? (plan.ReferenceIntent ? _options.ReferenceIntentWeight : _options.ReferenceWeight)
                : 1.0;
            hits.Add(new Hit(passage, sd.Score * kindWeight, Coverage(plan, passage)));
        }
        var ranked = hits
            .OrderByDescending(h => h.Score)
            .ThenBy(h => h.Passage.Ordinal) // deterministic: ties go to the earlier passage
            .Take(max)
            .ToList();
        return new RetrievalResult(plan, ranked);
    }

    private void AddTerm(DisjunctionMaxQuery dismax, string term, double weight)
    {
        dismax.Add(new TermQuery(new Term(PassageIndex.TextField, term)) { Boost = (float)weight });
        dismax.Add(new TermQuery(new Term(PassageIndex.ContextField, term)) { Boost = (float)(weight * _options.ContextWeight) });
    }

    /// <summary>
    /// The share of the question's weight that the passage matches: a concept found in the passage
    /// counts fully, one found only in its paragraph counts half; rare concepts weigh more (idf), and a
    /// word the corpus never uses weighs most, so "what does imatinib cost?" is not half answered by any
    /// sentence that says "imatinib". Below a floor of matched weight, only common words matched.
    /// </summary>
    public double Coverage(QueryPlan plan, Passage passage)
    {
        double total = 0, matched = 0;
        foreach (var c in plan.Concepts)
        {
            total += c.Weight;
            if (c.AllTerms.Any(passage.Terms.Contains)) matched += c.Weight;
            else if (c.AllTerms.Any(passage.ContextTerms.Contains)) matched += c.Weight * 0.5;
        }
        if (total <= 0) return 0;
        var coverage = matched / total;
        return coverage * Math.Min(1.0, matched / _options.SpecificityFloor);
    }

    private List<Concept> GroupConcepts(string text, List<SpellingFix> fixes)
    {
        // Synonym rules are matched span by span: each candidate run of words (longest first) goes through
        // the synonym chain on its own, and a run whose every output token is a synonym matched one rule.
        // Lucene 4's SynonymFilter lays multi-word outputs over the following words ("sausage" graphs), so
        // reading concepts off one stream of the whole question would glue unrelated words together.
        var words = TextAnalysis.Tokens(_analysis.Surface, text);
        var correctedWords = fixes.Select(f => f.To).ToHashSet(StringComparer.OrdinalIgnoreCase);
        var concepts = new List<Concept>();
        for (var i = 0; i < words.Count;)
        {
            var matched = 0;
            List<AnalyzedToken>? output = null;
            if (_analysis.SynonymStarts.Contains(words[i].Term))
            {
                for (var n = Math.Min(_analysis.MaxSynonymWords, words.Count - i); n >= 1 && matched == 0; n--)
                {
                    var candidate = TextAnalysis.Tokens(_analysis.Query, text[words[i].Start..words[i + n - 1].End]);
                    if (candidate.Count == 0 || !candidate.All(t => t.IsSynonym)) continue;
                    if (n > 1 && SplitsIntoRules(text, words, i, n)) continue; // two rules side by side, not one
                    matched = n;
                    output = candidate;
                }
            }
            var span = text[words[i].Start..words[i + Math.Max(matched, 1) - 1].End];
            var originals = TextAnalysis.Tokens(_analysis.Index, span).Select(t => t.Term).Distinct().ToList();
            var synonyms = (output ?? []).Select(t => t.Term).Distinct().Where(t => !originals.Contains(t)).ToList();
            if (originals.Count + synonyms.Count > 0)
            {
                var corrected = correctedWords.Contains(span);
                concepts.Add(new Concept(originals, synonyms, ConceptWeight(originals.Concat(synonyms)), corrected));
            }
            i += Math.Max(matched, 1);
        }
        // The same concept asked twice ("imatinib … imatinib") counts once.
        return concepts.GroupBy(c => string.Join("|", c.AllTerms.Order(StringComparer.Ordinal))).Select(g => g.First()).ToList();
    }

    private bool SplitsIntoRules(string text, List<AnalyzedToken> words, int start, int n)
    {
        for (var k = 1; k < n; k++)
            if (IsRule(text[words[start].Start..words[start + k - 1].End]) && IsRule(text[words[start + k].Start..words[start + n - 1].End]))
                return true;
        return false;
    }

    private bool IsRule(string span)
    {
        var tokens = TextAnalysis.Tokens(_analysis.Query, span);
        return tokens.Count > 0 && tokens.All(t => t.IsSynonym);
    }

    /// <summary>
    /// The rarity of a concept as a whole (a passage matches it through any of its terms): the idf of the
    /// number of passages that hold any term. A concept no passage holds weighs most.
    /// </summary>
    private double ConceptWeight(IEnumerable<string> terms)
    {
        var set = terms.ToHashSet(StringComparer.Ordinal);
        var df = _index.Passages.Count(p => p.Terms.Overlaps(set));
        return Idf(df);
    }

    private double Idf(int docFreq)
    {
        var n = _index.DocumentCount;
        return Math.Log(1 + (n - docFreq + 0.5) / (docFreq + 0.5));
    }
}

/// <summary>Retrieval tuning, bound from the "Retrieval" section of appsettings.json; the defaults are the values the evaluation was run with.</summary>
public sealed class RetrievalOptions
{
    public double ContextWeight { get; set; } = 0.35;
    public double SynonymWeight { get; set; } = 0.8;
    public double CorrectedWeight { get; set; } = 0.9;
    public double ReferenceWeight { get; set; } = 0.6;
    public double ReferenceIntentWeight { get; set; } = 1.6;
    public double SpecificityFloor { get; set; } = 2.0;
    public int MaxQuestionLength { get; set; } = 1000;
}
