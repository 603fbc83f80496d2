using System.Text.RegularExpressions;
using Lucene.Net.Index;
using Lucene.Net.Search;

namespace CmlBot.Core.Retrieval;

/// <summary>A question's analysed meaning: the concepts it asks about, each with its synonyms and spelling fixes.</summary>
/// <param name="Original">The question's own words, analysed (stemmed, stop words out).</param>
/// <param name="Synonyms">The other phrases its synonym rule names, each analysed; a passage matches a phrase when it holds all its terms.</param>
public sealed record Concept(IReadOnlyList<string> Original, IReadOnlyList<IReadOnlyList<string>> Synonyms, double Weight, bool Corrected)
{
    public IEnumerable<IReadOnlyList<string>> Phrases => Synonyms.Prepend(Original);
    public IEnumerable<string> AllTerms => Phrases.SelectMany(p => p);

    public bool MatchedBy(IReadOnlySet<string> terms) => Phrases.Any(p => p.Count > 0 && p.All(terms.Contains));
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
        "citation", "citations", "cite", "cited", "evidence", "publish",
    };

    [GeneratedRegex(@"\b(?:ref(?:erence)?|citation|source)s?\s*(?:number|no\.?|#)?\s*\[?(\d{1,4})\]?", RegexOptions.IgnoreCase)]
    private static partial Regex ReferenceNumberRx();

    // "Who studied nilotinib…?", "who wrote…": a question about the people behind a study.
    [GeneratedRegex(@"^\W*who\b", RegexOptions.IgnoreCase)]
    private static partial Regex WhoDidRx();

    [GeneratedRegex(@"[\p{L}][\p{L}'’-]*")]
    private static partial Regex WordRx();

    private readonly PassageIndex _index;
    private readonly TextAnalysis _analysis;
    private readonly SynonymLookup _synonyms;
    private readonly HashSet<string> _focus;
    private readonly SpellingCorrector _speller;
    private readonly RetrievalOptions _options;

    public Retriever(PassageIndex index, TextAnalysis analysis, SynonymLookup synonyms, SpellingCorrector speller, RetrievalOptions options)
    {
        _index = index;
        _synonyms = synonyms;
        _focus = options.FocusTerms.Select(t => string.Join(' ', TextAnalysis.Tokens(analysis.Index, t).Select(x => x.Term))).ToHashSet(StringComparer.Ordinal);
        _analysis = analysis;
        _speller = speller;
        _options = options;
    }

    public RetrievalOptions Options => _options;

    public QueryPlan Plan(string question)
    {
        if (question.Length > _options.MaxQuestionLength)
        {
            // Cut at a word boundary so that no half word becomes an unknown "concept".
            var cut = question.LastIndexOf(' ', _options.MaxQuestionLength);
            question = question[..(cut > 0 ? cut : _options.MaxQuestionLength)];
        }

        // Spelling: rewrite only words that neither the corpus nor the synonym file knows.
        var fixes = new List<SpellingFix>();
        var corrected = WordRx().Replace(question, m =>
        {
            var word = m.Value.ToLowerInvariant();
            if (_analysis.StopWords.Contains(word)) return m.Value;
            var stem = TextAnalysis.Tokens(_analysis.Index, word).FirstOrDefault().Term;
            if (stem is not null && _index.DocFreq(stem) > 0) return m.Value; // "treatments": a form of a known word
            var fix = _speller.Correct(word);
            if (fix is null) return m.Value;
            fixes.Add(new SpellingFix(m.Value, fix));
            return fix;
        });

        var concepts = GroupConcepts(corrected, fixes);
        var number = ReferenceNumberRx().Match(question);
        var intent = WordRx().Matches(question).Any(w => ReferenceIntentWords.Contains(w.Value)) || WhoDidRx().IsMatch(question);
        return new QueryPlan(question, concepts, fixes, intent || number.Success,
            number.Success && int.TryParse(number.Groups[1].Value, out var n) ? n : null,
            concepts.SelectMany(c => c.AllTerms).ToHashSet(StringComparer.Ordinal));
    }

    public RetrievalResult Search(string question, int max = 10)
    {
        var plan = Plan(question);
        if (plan.Concepts.Count == 0) return new RetrievalResult(plan, []);

        var query = new BooleanQuery();
        foreach (var concept in plan.Concepts)
        {
            var dismax = new DisjunctionMaxQuery(0.1f);
            if (concept.Original.Count > 0) AddPhrase(dismax, concept.Original, concept.Corrected ? _options.CorrectedWeight : 1.0);
            foreach (var phrase in concept.Synonyms)
                AddPhrase(dismax, phrase, _options.SynonymWeight);
            query.Add(dismax, Occur.SHOULD);
        }

        // Lucene finds the candidates; they are ranked by how much of the question each covers, with
        // BM25 (which also rewards term frequency and short passages) breaking near-ties.
        var top = _index.Searcher.Search(query, Math.Max(max * 3, 30));
        var best = top.ScoreDocs.Length > 0 ? top.ScoreDocs.Max(sd => sd.Score) : 1f;
        var hits = new List<Hit>(top.ScoreDocs.Length);
        foreach (var sd in top.ScoreDocs)
        {
            var passage = _index.Passages[_index.OrdinalByDoc[sd.Doc]];
            var kindWeight = passage.Kind == PassageKind.Reference
                ? (plan.ReferenceIntent ? _options.ReferenceIntentWeight : _options.ReferenceWeight)
                : 1.0;
            var coverage = Coverage(plan, passage);
            var rank = kindWeight * coverage * (1 - _options.Bm25Share + _options.Bm25Share * sd.Score / best);
            hits.Add(new Hit(passage, rank, coverage));
        }
        var ranked = hits
            .OrderByDescending(h => h.Score)
            .ThenBy(h => h.Passage.Ordinal) // deterministic: ties go to the earlier passage
            .Take(max)
            .ToList();
        return new RetrievalResult(plan, ranked);
    }

    private void AddPhrase(DisjunctionMaxQuery dismax, IReadOnlyList<string> terms, double weight)
    {
        dismax.Add(PhraseQuery(PassageIndex.TextField, terms, weight));
        dismax.Add(PhraseQuery(PassageIndex.ContextField, terms, weight * _options.ContextWeight));
    }

    // All of a phrase's terms, in any order: stop words leave gaps that an exact PhraseQuery would trip on.
    private static Query PhraseQuery(string field, IReadOnlyList<string> terms, double weight)
    {
        if (terms.Count == 1) return new TermQuery(new Term(field, terms[0])) { Boost = (float)weight };
        var all = new BooleanQuery { Boost = (float)weight };
        foreach (var t in terms) all.Add(new TermQuery(new Term(field, t)), Occur.MUST);
        return all;
    }

    /// <summary>
    /// The share of the question's weight that the passage matches: a concept found in the passage
    /// counts fully, one found in the sentences quoted with it nearly so, one found only elsewhere in its
    /// paragraph counts half; rare concepts weigh more (idf), and a
    /// word the corpus never uses weighs most, so "what does imatinib cost?" is not half answered by any
    /// sentence that says "imatinib". Below a floor of matched weight, only common words matched.
    /// </summary>
    public double Coverage(QueryPlan plan, Passage passage)
    {
        double total = 0, matched = 0;
        foreach (var c in plan.Concepts)
        {
            total += c.Weight;
            if (c.MatchedBy(passage.Terms)) matched += c.Weight;
            else if (c.MatchedBy(passage.LeadTerms)) matched += c.Weight * _options.LeadCredit;
            else if (c.MatchedBy(passage.ContextTerms)) matched += c.Weight * _options.ContextCredit;
        }
        if (total <= 0) return 0;
        var coverage = matched / total;
        return coverage * Math.Min(1.0, matched / _options.SpecificityFloor);
    }

    private List<Concept> GroupConcepts(string text, List<SpellingFix> fixes)
    {
        // Longest rule first: "bone marrow transplant" is one concept, not three.
        var words = TextAnalysis.Tokens(_analysis.Surface, text);
        var correctedWords = fixes.Select(f => f.To).ToHashSet(StringComparer.OrdinalIgnoreCase);
        var concepts = new List<Concept>();
        for (var i = 0; i < words.Count;)
        {
            var length = 1;
            IReadOnlyList<string[]>? outputs = null;
            for (var n = Math.Min(_synonyms.MaxWords, words.Count - i); n >= 1; n--)
            {
                outputs = _synonyms.Outputs(words.Skip(i).Take(n).Select(w => w.Term));
                if (outputs is null) continue;
                length = n;
                break;
            }
            var span = text[words[i].Start..words[i + length - 1].End];
            var original = Analyse(span);
            var synonyms = (outputs ?? [])
                .Select(phrase => Analyse(string.Join(' ', phrase)))
                .Where(p => p.Count > 0 && !p.SequenceEqual(original))
                .DistinctBy(p => string.Join(' ', p))
                .ToList();
            if (original.Count > 0 || synonyms.Count > 0)
            {
                var concept = new Concept(original, synonyms, 0, correctedWords.Contains(span));
                concepts.Add(concept with { Weight = ConceptWeight(concept) });
            }
            i += length;
        }
        // The same concept asked twice ("imatinib … imatinib") counts once.
        return concepts.DistinctBy(c => string.Join("|", c.Phrases.Select(p => string.Join(' ', p)).Order(StringComparer.Ordinal))).ToList();
    }

    private List<string> Analyse(string text) => TextAnalysis.Tokens(_analysis.Index, text).Select(t => t.Term).ToList();

    /// <summary>
    /// The rarity of a concept as a whole (a passage matches it through any of its terms): the idf of the
    /// number of passages that hold any term. A concept no passage holds weighs most.
    /// </summary>
    private double ConceptWeight(Concept concept)
    {
        var df = _index.Passages.Count(p => concept.MatchedBy(p.Terms));
        var weight = df == 0 ? _options.UnknownWordWeight : Idf(df);
        // A treatment the patient names is what the question is about: "can I take imatinib if my CML
        // returns after my transplant?" wants the imatinib sentence, not the transplant one.
        return concept.Phrases.Any(p => _focus.Contains(string.Join(' ', p))) ? weight * _options.FocusWeight : weight;
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
    public double SpecificityFloor { get; set; } = 1.0;
    /// <summary>The weight of a question word no passage holds ("cost", "diet"): high, so such questions are refused.</summary>
    public double UnknownWordWeight { get; set; } = 2.5;
    public int MaxQuestionLength { get; set; } = 1000;
    /// <summary>How much BM25 counts in the ranking beside coverage (0..1).</summary>
    public double Bm25Share { get; set; } = 0.05;
    /// <summary>Credit for a question concept found in the sentences quoted with a passage, rather than in it.</summary>
    public double LeadCredit { get; set; } = 0.85;
    /// <summary>Credit for a concept found only elsewhere in the passage's paragraph or its section title.</summary>
    public double ContextCredit { get; set; } = 0.5;
    /// <summary>Treatments whose naming makes them the focus of a question (their synonyms come along).</summary>
    public IList<string> FocusTerms { get; set; } = [];
    public double FocusWeight { get; set; } = 3.0;
}
