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

    /// <summary>
    /// Whether a term set holds one of the concept's phrases whole: the definition of a match. Ranking answers it from
    /// the index's passage bits (<see cref="PassageHolders"/>), which tests check against this.
    /// </summary>
    public bool MatchedBy(IReadOnlySet<string> terms)
    {
        if (Holds(Original, terms)) return true;
        for (var i = 0; i < Synonyms.Count; i++)
            if (Holds(Synonyms[i], terms)) return true;
        return false;
    }

    private static bool Holds(IReadOnlyList<string> phrase, IReadOnlySet<string> terms)
    {
        if (phrase.Count == 0) return false;
        for (var i = 0; i < phrase.Count; i++)
            if (!terms.Contains(phrase[i])) return false;
        return true;
    }
}

public sealed record QueryPlan(
    string Question,
    IReadOnlyList<Concept> Concepts,
    IReadOnlyList<SpellingFix> Corrections,
    bool ReferenceIntent,
    int? ReferenceNumber,
    IReadOnlySet<string> AllTerms)
{
    /// <summary>Per concept (in order), the passages that match it in each term set; worked out once per plan for ranking.</summary>
    internal IReadOnlyList<ConceptHolders> Holders { get; init; } = [];
}

/// <summary>The passages that match a concept through their own terms, their lead's, or their context's.</summary>
internal sealed record ConceptHolders(ulong[] Own, ulong[] Lead, ulong[] Context);

public sealed record SpellingFix(string From, string To);

/// <param name="Score">The ranking score (coverage with BM25 as tie-break; fused with similarity in hybrid mode), with the passage kind's weight.</param>
/// <param name="Coverage">How much of the question (by concept, weighted by rarity) the passage covers, 0..1.</param>
/// <param name="Similarity">Cosine similarity of question and passage embeddings; 0 in lexical mode.</param>
/// <param name="Confidence">What the answer threshold is applied to, 0..1: coverage, or coverage fused with calibrated similarity.</param>
public sealed record Hit(Passage Passage, double Score, double Coverage, double Similarity, double Confidence);

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

    // Words are looked up as spans: every question is planned, and a string or two per word was much of what it allocated.
    private static readonly HashSet<string>.AlternateLookup<ReadOnlySpan<char>> ReferenceIntentLookup =
        ReferenceIntentWords.GetAlternateLookup<ReadOnlySpan<char>>();

    [GeneratedRegex(@"\b(?:ref(?:erence)?|citation|source)s?\s*(?:number|no\.?|#)?\s*\[?(\d{1,4})\]?", RegexOptions.IgnoreCase | RegexOptions.NonBacktracking)]
    private static partial Regex ReferenceNumberRx();

    // "Who studied nilotinib…?", "who wrote…": a question about the people behind a study.
    [GeneratedRegex(@"^\W*who\b", RegexOptions.IgnoreCase | RegexOptions.NonBacktracking)]
    private static partial Regex WhoDidRx();

    [GeneratedRegex(@"[\p{L}][\p{L}'’-]*", RegexOptions.NonBacktracking)]
    private static partial Regex WordRx();

    private readonly PassageIndex _index;
    private readonly TextAnalysis _analysis;
    private readonly SynonymLookup _synonyms;
    private readonly ITextEmbedder? _embedder;
    private readonly HashSet<string> _focus;
    private readonly HashSet<string>.AlternateLookup<ReadOnlySpan<char>> _focusLookup;
    // Keyed by synonym rules only, so bounded by the synonym file whatever patients type.
    private readonly System.Collections.Concurrent.ConcurrentDictionary<string, List<IReadOnlyList<string>>> _ruleCache = new(StringComparer.Ordinal);
    private readonly SpellingCorrector _speller;
    private readonly RetrievalOptions _options;
    // Each word of a question was run through Lucene's analysis chain (a token stream per word) and, when
    // unknown, through the speller, and "tell me more" plans its question again: the larger part of a
    // question's analysis. Both depend on the word alone, so they are remembered, within a bound.
    private readonly BoundedMemo<string?> _spelling;
    private readonly BoundedMemo<IReadOnlyList<string>> _analysed;
    // Every run of words that may start a rule is looked up in the synonym FST once per length, on every plan:
    // the answer depends on those words alone, so it is remembered too (null: no rule has exactly them).
    private readonly BoundedMemo<IReadOnlyList<string[]>?> _ruleOutputs;
    // "Tell me more" answers the question its conversation has just asked, with the next passage: the plan of each
    // recent search is kept for it (not used by searches, which always plan afresh).
    private readonly BoundedMemo<QueryPlan> _recentPlans;

    public Retriever(PassageIndex index, TextAnalysis analysis, SynonymLookup synonyms, SpellingCorrector speller, RetrievalOptions options,
        ITextEmbedder? embedder = null)
    {
        _embedder = options.IsHybrid && index.Vectors is not null ? embedder : null;
        _index = index;
        _synonyms = synonyms;
        _focus = options.FocusTerms.Select(t => string.Join(' ', TextAnalysis.Tokens(analysis.Index, t).Select(x => x.Term))).ToHashSet(StringComparer.Ordinal);
        _focusLookup = _focus.GetAlternateLookup<ReadOnlySpan<char>>();
        _analysis = analysis;
        _speller = speller;
        _options = options;
        _spelling = new BoundedMemo<string?>(options.WordMemoCapacity, Correction);
        _analysed = new BoundedMemo<IReadOnlyList<string>>(options.WordMemoCapacity, IndexTerms);
        _recentPlans = new BoundedMemo<QueryPlan>(Math.Max(1, options.RecentPlanCapacity), Plan);
        _ruleOutputs = new BoundedMemo<IReadOnlyList<string[]>?>(options.WordMemoCapacity,
            words => synonyms.Outputs(words.Split(Lucene.Net.Analysis.Synonym.SynonymMap.WORD_SEPARATOR)));
    }

    /// <summary>How long a question may be; longer ones are cut (see <see cref="RetrievalOptions.MaxQuestionLength"/>).</summary>
    public int MaxQuestionLength => _options.MaxQuestionLength;

    /// <summary>"hybrid" when a model is loaded and the options ask for it, else "lexical".</summary>
    public string Mode => _embedder is null ? RetrievalOptions.Lexical : RetrievalOptions.Hybrid;

    /// <summary>The sentence model retrieval runs with (null when lexical): the bot's safety screen shares it.</summary>
    public ITextEmbedder? Embedder => _embedder;

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
        var corrected = Correct(question, fixes, out var intentWord);

        var holders = new List<ConceptHolders>();
        var concepts = GroupConcepts(corrected, fixes, holders);
        var number = ReferenceNumberRx().Match(question);
        var intent = intentWord || WhoDidRx().IsMatch(question);
        var allTerms = new HashSet<string>(StringComparer.Ordinal);
        foreach (var concept in concepts)
            foreach (var phrase in concept.Phrases)
                allTerms.UnionWith(phrase);
        return new QueryPlan(question, concepts, fixes, intent || number.Success,
            number.Success && int.TryParse(number.Groups[1].Value, out var n) ? n : null, allTerms)
        {
            Holders = holders,
        };
    }

    /// <summary>
    /// The question with each word the speller corrects replaced by its correction (listed in <paramref name="fixes"/>);
    /// <paramref name="intentWord"/> says whether one of its words asks about studies or sources (the same pass over its words).
    /// </summary>
    private string Correct(string question, List<SpellingFix> fixes, out bool intentWord)
    {
        System.Text.StringBuilder? corrected = null;
        var copied = 0;
        intentWord = false;
        Span<char> buffer = stackalloc char[64];
        foreach (var m in WordRx().EnumerateMatches(question))
        {
            var word = question.AsSpan(m.Index, m.Length);
            intentWord = intentWord || ReferenceIntentLookup.Contains(word);
            var lower = word.Length <= buffer.Length ? buffer[..word.Length] : new char[word.Length];
            word.ToLowerInvariant(lower);
            var fix = _spelling.Get(lower);
            if (fix is null) continue;
            corrected ??= new System.Text.StringBuilder(question.Length + 16);
            corrected.Append(question, copied, m.Index - copied).Append(fix);
            copied = m.Index + m.Length;
            fixes.Add(new SpellingFix(word.ToString(), fix));
        }
        return corrected is null ? question : corrected.Append(question, copied, question.Length - copied).ToString();
    }

    /// <summary>The plan of a question searched recently (the same as <see cref="Plan"/> gives), else planned now.</summary>
    public QueryPlan RecentPlan(string question) => _recentPlans[question];

    /// <param name="questionVector">The question's vector when the caller has it already (it is used for the bank too).</param>
    public RetrievalResult Search(string question, int max = 10, float[]? questionVector = null, CancellationToken cancellationToken = default)
    {
        var plan = Plan(question);
        _recentPlans.Set(question, plan);
        var similarity = _embedder is null || plan.Question.Length == 0 ? null
            : Similarities(questionVector ?? EmbedQuestion(plan.Question, cancellationToken)!);
        if (plan.Concepts.Count == 0 && similarity is null) return new RetrievalResult(plan, []);

        // Candidates: what Lucene finds by the question's words, and in hybrid mode the passages closest
        // in meaning, which a paraphrase sharing no word with them would never reach through Lucene.
        var bm25 = new Dictionary<int, float>();
        if (plan.Concepts.Count > 0)
        {
            var query = BuildQuery(plan);
            if (query.Clauses.Count > 0)
                foreach (var sd in _index.Search(query, Math.Max(max * 3, 30)))
                    bm25[_index.OrdinalByDoc[sd.Doc]] = sd.Score;
        }
        var candidates = bm25.Keys.ToHashSet();
        if (similarity is not null)
            candidates.UnionWith(Enumerable.Range(0, similarity.Length).OrderByDescending(o => similarity[o]).Take(_options.SemanticCandidates));

        // Ranked by how much of the question each passage covers, with BM25 (which also rewards term
        // frequency and short passages) breaking near-ties; in hybrid mode fused with calibrated similarity.
        var best = bm25.Count > 0 ? bm25.Values.Max() : 1f;
        var alpha = similarity is null ? 0 : _options.SemanticWeight;
        var hits = new List<Hit>(candidates.Count);
        foreach (var ordinal in candidates)
        {
            var passage = _index.Passages[ordinal];
            var kindWeight = passage.Kind == PassageKind.Reference
                ? (plan.ReferenceIntent ? _options.ReferenceIntentWeight : _options.ReferenceWeight)
                : 1.0;
            var coverage = Coverage(plan, passage);
            var lexical = coverage * (1 - _options.Bm25Share + _options.Bm25Share * bm25.GetValueOrDefault(ordinal) / best);
            var cosine = similarity?[ordinal] ?? 0;
            var semantic = Calibrate(cosine);
            // Similarity adds evidence and never takes it away: a passage the words already cover keeps
            // its confidence, and one they miss (a paraphrase) can still be found and trusted.
            hits.Add(new Hit(passage, kindWeight * (lexical + alpha * semantic), coverage, cosine,
                Math.Max(coverage, (1 - alpha) * coverage + alpha * semantic)));
        }
        var ranked = hits
            .Where(h => h.Score > 0)
            .OrderByDescending(h => h.Score)
            .ThenBy(h => h.Passage.Ordinal) // deterministic: ties go to the earlier passage
            .Take(max)
            .ToList();
        return new RetrievalResult(plan, ranked);
    }

    /// <summary>
    /// Cosine similarity of the question with every passage. Exact search is right at this size: one
    /// summary is ~32 passages × 384 dimensions, about 12,000 multiply-adds, microseconds beside the ~5 ms
    /// the model takes to embed the question. At 100 summaries (~3,000 passages) it is still under a
    /// millisecond; past some 100,000 passages an approximate index (HNSW, or Lucene 9's KNN vectors)
    /// would take its place, and the vectors would move out of stored fields into vector fields.
    /// </summary>
    private float[] Similarities(float[] q)
    {
        var vectors = _index.Vectors!;
        var result = new float[vectors.Length];
        for (var i = 0; i < vectors.Length; i++)
        {
            var v = vectors[i];
            float dot = 0;
            for (var d = 0; d < v.Length && d < q.Length; d++) dot += q[d] * v[d]; // the model's vectors are unit length
            result[i] = dot;
        }
        return result;
    }

    /// <summary>The question's vector, as the model embeds questions (null without a model); cut as <see cref="Plan"/> cuts it.</summary>
    public float[]? EmbedQuestion(string question, CancellationToken cancellationToken = default)
    {
        if (_embedder is null || question.Length == 0) return null;
        if (question.Length > _options.MaxQuestionLength) question = question[.._options.MaxQuestionLength];
        return _embedder.EmbedQueries([question], cancellationToken)[0];
    }

    /// <summary>Maps cosine similarity onto 0..1 between a floor (unrelated) and a ceiling (a close paraphrase), fitted on the evaluation set.</summary>
    private double Calibrate(double cosine) =>
        Math.Clamp((cosine - _options.SimilarityFloor) / (_options.SimilarityCeiling - _options.SimilarityFloor), 0, 1);

    // A clause that could match nothing (a term no passage holds, a phrase whose terms no passage holds together)
    // is left out: under BM25 (coord and query norm both 1) that changes no score, and each clause costs a weight
    // and a scorer per query.
    private BooleanQuery BuildQuery(QueryPlan plan)
    {
        var query = new BooleanQuery();
        foreach (var concept in plan.Concepts)
        {
            var dismax = new DisjunctionMaxQuery(0.1f);
            if (concept.Original.Count > 0) AddPhrase(dismax, concept.Original, concept.Corrected ? _options.CorrectedWeight : 1.0);
            foreach (var phrase in concept.Synonyms)
                AddPhrase(dismax, phrase, _options.SynonymWeight);
            if (dismax.Disjuncts.Count > 0) query.Add(dismax, Occur.SHOULD);
        }
        return query;
    }

    private void AddPhrase(DisjunctionMaxQuery dismax, IReadOnlyList<string> terms, double weight)
    {
        if (PhraseQuery(PassageIndex.TextField, terms, weight) is { } text) dismax.Add(text);
        if (PhraseQuery(PassageIndex.ContextField, terms, weight * _options.ContextWeight) is { } context) dismax.Add(context);
    }

    // All of a phrase's terms, in any order: stop words leave gaps that an exact PhraseQuery would trip on.
    private Query? PhraseQuery(string field, IReadOnlyList<string> terms, double weight)
    {
        if (terms.Count == 1) return _index.TermQuery(field, terms[0]) is { } single ? Boosted(single, weight) : null;
        if (!_index.AnyPassageHolds(field, terms)) return null;
        var all = new BooleanQuery { Boost = (float)weight };
        foreach (var t in terms)
        {
            if (_index.TermQuery(field, t) is not { } clause) return null;
            all.Add(clause, Occur.MUST);
        }
        return all;
    }

    private static Query Boosted(Query query, double weight)
    {
        query.Boost = (float)weight;
        return query;
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
        // Concept.MatchedBy on each term set, answered from the plan's passage bits (a plan made elsewhere gets them here).
        var holders = plan.Holders.Count == plan.Concepts.Count ? plan.Holders : plan.Concepts.Select(Holders).ToList();
        double total = 0, matched = 0;
        for (var i = 0; i < plan.Concepts.Count; i++)
        {
            var c = plan.Concepts[i];
            var h = holders[i];
            total += c.Weight;
            if (PassageHolders.Has(h.Own, passage.Ordinal)) matched += c.Weight;
            else if (PassageHolders.Has(h.Lead, passage.Ordinal)) matched += c.Weight * _options.LeadCredit;
            else if (PassageHolders.Has(h.Context, passage.Ordinal)) matched += c.Weight * _options.ContextCredit;
        }
        if (total <= 0) return 0;
        var coverage = matched / total;
        return coverage * Math.Min(1.0, matched / _options.SpecificityFloor);
    }

    /// <summary>The passages holding any of the concept's phrases whole, in each term set: what <see cref="Concept.MatchedBy"/> answers per passage.</summary>
    private ConceptHolders Holders(Concept concept) => _index.Holders.ForPhrases(concept.Phrases);

    /// <summary>The question's concepts, each once; <paramref name="holders"/> gets each one's passages, in the same order.</summary>
    private List<Concept> GroupConcepts(string text, List<SpellingFix> fixes, List<ConceptHolders> holders)
    {
        // Longest rule first: "bone marrow transplant" is one concept, not three.
        var words = TextAnalysis.Tokens(_analysis.Surface, text);
        var concepts = new List<Concept>();
        Span<char> key = stackalloc char[256];
        for (var i = 0; i < words.Count;)
        {
            var length = 1;
            IReadOnlyList<string[]>? outputs = null;
            var keyLength = 0;
            for (var n = _synonyms.MayStart(words[i].Term) ? Math.Min(_synonyms.MaxWords, words.Count - i) : 0; n >= 1; n--)
            {
                keyLength = RuleKey(words, i, n, ref key);
                outputs = _ruleOutputs.Get(key[..keyLength]);
                if (outputs is null) continue;
                length = n;
                break;
            }
            var span = text.AsSpan(words[i].Start, words[i + length - 1].End - words[i].Start);
            var original = _analysed.Get(span);
            var synonyms = outputs is null ? [] : SynonymsBesides(original, AnalysedOutputs(key[..keyLength], outputs));
            if (original.Count > 0 || synonyms.Count > 0)
            {
                var concept = new Concept(original, synonyms, 0, IsCorrection(span, fixes));
                // The same concept asked twice ("imatinib … imatinib") counts once: the first of those with the same phrases.
                if (!concepts.Exists(kept => SamePhrases(kept, concept)))
                {
                    var held = Holders(concept);
                    concepts.Add(concept with { Weight = ConceptWeight(concept, held) });
                    holders.Add(held);
                }
            }
            i += length;
        }
        return concepts;
    }

    /// <summary>A rule's phrases other than the question's own words (those are the concept's original).</summary>
    private static List<IReadOnlyList<string>> SynonymsBesides(IReadOnlyList<string> original, List<IReadOnlyList<string>> phrases)
    {
        var synonyms = new List<IReadOnlyList<string>>(phrases.Count);
        foreach (var phrase in phrases)
            if (!phrase.SequenceEqual(original)) synonyms.Add(phrase);
        return synonyms;
    }

    /// <summary>Whether two concepts hold the same phrases, as many times each, in any order.</summary>
    private static bool SamePhrases(Concept a, Concept b)
    {
        if (a.Synonyms.Count != b.Synonyms.Count) return false;
        foreach (var phrase in a.Phrases)
            if (Occurrences(a, phrase) != Occurrences(b, phrase)) return false;
        return true;
    }

    private static int Occurrences(Concept concept, IReadOnlyList<string> phrase)
    {
        var count = 0;
        foreach (var p in concept.Phrases)
            if (p.Count == phrase.Count && p.SequenceEqual(phrase, StringComparer.Ordinal)) count++;
        return count;
    }

    /// <summary>Whether the words are what the speller corrected a word to (the concept then counts a little less).</summary>
    private static bool IsCorrection(ReadOnlySpan<char> words, List<SpellingFix> fixes)
    {
        foreach (var fix in fixes)
            if (words.Equals(fix.To, StringComparison.OrdinalIgnoreCase)) return true;
        return false;
    }

    /// <summary>
    /// Writes words <paramref name="start"/>…+<paramref name="count"/> into <paramref name="key"/> joined as SynonymMap joins
    /// a rule's words (a larger buffer replaces it when they do not fit); returns the length written.
    /// </summary>
    private static int RuleKey(List<AnalyzedToken> words, int start, int count, ref Span<char> key)
    {
        var length = count - 1;
        for (var k = start; k < start + count; k++) length += words[k].Term.Length;
        if (length > key.Length) key = new char[length];
        var at = 0;
        for (var k = start; k < start + count; k++)
        {
            if (k > start) key[at++] = Lucene.Net.Analysis.Synonym.SynonymMap.WORD_SEPARATOR;
            words[k].Term.CopyTo(key[at..]);
            at += words[k].Term.Length;
        }
        return length;
    }

    private string[] IndexTerms(string text) => TextAnalysis.Tokens(_analysis.Index, text).Select(t => t.Term).ToArray();

    /// <summary>A lower-case word's correction, or null to keep it (a stop word, or a form of a word the corpus holds).</summary>
    private string? Correction(string word)
    {
        if (_analysis.StopWords.Contains(word)) return null;
        var stem = TextAnalysis.Tokens(_analysis.Index, word).FirstOrDefault().Term;
        if (stem is not null && _index.DocFreq(stem) > 0) return null; // "treatments": a form of a known word
        return _speller.Correct(word);
    }

    // A rule's outputs, analysed, depend only on the rule: worked out once, not on every question.
    /// <param name="rule">The rule's words, joined as SynonymMap joins them.</param>
    private List<IReadOnlyList<string>> AnalysedOutputs(ReadOnlySpan<char> rule, IReadOnlyList<string[]> outputs) =>
        _ruleCache.GetAlternateLookup<ReadOnlySpan<char>>().TryGetValue(rule, out var analysed)
            ? analysed
            : _ruleCache.GetOrAdd(rule.ToString(), _ => outputs
                // Not through the word memo: _ruleCache already keeps these, and the memo is for what patients type.
                .Select(phrase => (IReadOnlyList<string>)IndexTerms(string.Join(' ', phrase)))
                .Where(p => p.Count > 0)
                .DistinctBy(p => string.Join(' ', p))
                .ToList());

    /// <summary>
    /// The rarity of a concept as a whole (a passage matches it through any of its phrases): the idf of the
    /// number of passages whose own text holds one (<paramref name="holders"/>). A concept no passage holds weighs most.
    /// For one word that count is the index's document frequency, since the text field is the passage's own text.
    /// </summary>
    private double ConceptWeight(Concept concept, ConceptHolders holders)
    {
        var df = PassageHolders.Count(holders.Own);
        var weight = df == 0 ? _options.UnknownWordWeight : Idf(df);
        // A treatment the patient names is what the question is about: "can I take imatinib if my CML
        // returns after my transplant?" wants the imatinib sentence, not the transplant one.
        return IsFocus(concept.Original) || concept.Synonyms.Any(IsFocus) ? weight * _options.FocusWeight : weight;
    }

    /// <summary>Whether the phrase, its terms joined by spaces, is one of the focus terms.</summary>
    private bool IsFocus(IReadOnlyList<string> phrase)
    {
        if (phrase.Count == 0) return _focus.Contains("");
        var length = phrase.Count - 1;
        foreach (var term in phrase) length += term.Length;
        Span<char> joined = length <= 128 ? stackalloc char[length] : new char[length];
        var at = 0;
        foreach (var term in phrase)
        {
            if (at > 0) joined[at++] = ' ';
            term.CopyTo(joined[at..]);
            at += term.Length;
        }
        return _focusLookup.Contains(joined);
    }

    private double Idf(int docFreq)
    {
        var n = _index.DocumentCount;
        return Math.Log(1 + (n - docFreq + 0.5) / (docFreq + 0.5));
    }
}
