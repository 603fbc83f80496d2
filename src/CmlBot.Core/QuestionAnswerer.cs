using CmlBot.Core.Answers;
using CmlBot.Core.Corpus;
using CmlBot.Core.Retrieval;

namespace CmlBot.Core;

/// <summary>
/// The core's one entry point: load the corpus, build the index, answer questions. Thread-safe after
/// construction (Lucene's searcher is), so one instance serves every conversation.
/// </summary>
public sealed class QuestionAnswerer : IDisposable
{
    private readonly TextAnalysis _analysis;
    private readonly PassageIndex _index;
    private readonly Retriever _retriever;
    private readonly AnswerComposer _composer;
    private readonly SectionMatcher _sections;
    private readonly AnswerOptions _options;
    // What a passage looks like quoted (its sentences, references and label) depends on the passage alone: worked
    // out once per passage, by Passage.Ordinal, rather than for every hit of every question.
    private readonly AnswerPassage[] _quotes;
    private readonly Dictionary<string, Passage> _passagesById;
    private readonly Dictionary<(string DocumentId, int Number), CitedReference> _cited;

    private QuestionAnswerer(CorpusSet corpus, TextAnalysis analysis, PassageIndex index, Retriever retriever, AnswerOptions options)
    {
        Corpus = corpus;
        _analysis = analysis;
        _index = index;
        _retriever = retriever;
        _options = options;
        _composer = new AnswerComposer(options);
        _sections = new SectionMatcher(corpus.Documents, analysis);
        _quotes = index.Passages.Select(p => AnswerComposer.ToPassage(p, 0)).ToArray();
        _passagesById = index.Passages.ToDictionary(p => p.Id, StringComparer.Ordinal);
        // "Which study?" lists the last answer's references on most turns: each is built (its short name worked out) once.
        _cited = corpus.Documents.SelectMany(d => d.References.Select(r => (d.Id, r)))
            .DistinctBy(x => (x.Id, x.r.Number))
            .ToDictionary(x => (x.Id, x.r.Number), x => AnswerComposer.ToCited(x.r));
    }

    public CorpusSet Corpus { get; }
    public AnswerOptions Options => _options;
    public Retriever Retriever => _retriever;
    /// <summary>"lexical" or "hybrid": what retrieval actually runs with (hybrid needs a loaded model).</summary>
    public string Mode => _retriever.Mode;
    public bool ReusedPersistedIndex => _index.ReusedPersistedIndex;

    public static async Task<QuestionAnswerer> CreateAsync(CorpusOptions corpusOptions, RetrievalOptions? retrievalOptions = null,
        AnswerOptions? answerOptions = null, ITextEmbedder? embedder = null, CancellationToken cancellationToken = default)
    {
        var corpus = await new CorpusLoader(corpusOptions).LoadAsync(cancellationToken);
        return Create(corpus, corpusOptions, retrievalOptions, answerOptions, embedder, cancellationToken);
    }

    /// <param name="embedder">A sentence-embedding model for hybrid retrieval; used only when the options ask for "hybrid".</param>
    public static QuestionAnswerer Create(CorpusSet corpus, CorpusOptions corpusOptions, RetrievalOptions? retrievalOptions = null, AnswerOptions? answerOptions = null,
        ITextEmbedder? embedder = null, CancellationToken cancellationToken = default)
    {
        retrievalOptions ??= new RetrievalOptions();
        var synonymsFile = Path.Combine(corpusOptions.Path, corpusOptions.SynonymsFile);
        var analysis = new TextAnalysis();
        var synonyms = new SynonymLookup(SynonymRules.Parse(synonymsFile, corpus.Synonyms, analysis.Surface));
        var model = retrievalOptions.IsHybrid ? embedder : null;
        var index = PassageIndex.Build(corpus, analysis, corpusOptions.IndexPath, model, cancellationToken);
        var speller = new SpellingCorrector(Vocabulary(corpus, analysis));
        var retriever = new Retriever(index, analysis, synonyms, speller, retrievalOptions, model);
        return new QuestionAnswerer(corpus, analysis, index, retriever, answerOptions ?? new AnswerOptions());
    }

    /// <summary>Answers a question from the summary, or says honestly that it cannot. Never throws for odd input.</summary>
    public Answer Ask(string? question)
    {
        question = (question ?? "").Trim();
        var result = _retriever.Search(question, max: 12);
        var plan = result.Plan;

        if (plan.ReferenceNumber is int number && plan.ReferenceIntent)
            return AnswerReference(question, number, plan.Corrections);

        var missing = plan.ReferenceIntent ? null : _sections.MissingSectionAskedAbout(plan);
        var top = result.Hits.FirstOrDefault();
        var confidence = top?.Confidence ?? 0;
        if (top is null || confidence < _options.ConfidenceThreshold || missing is not null)
            return _composer.NoAnswer(question, confidence, Corpus.Documents, missing, plan.Corrections);

        var relevant = result.Hits.Where(h => h.Confidence >= _options.ConfidenceThreshold * 0.6).ToList();
        var quoted = Quote(top.Passage, top.Confidence);
        var others = relevant.Skip(1).Select(h => Quote(h.Passage, h.Confidence)).ToList();
        var followUps = DistinctQuotes(others, quoted).Take(_options.MaxFollowUps).ToList();
        return _composer.Compose(question, confidence, quoted, others, followUps, Alternatives(result.Hits, quoted), top.Passage.Document, plan.Corrections);
    }

    /// <summary>The answer built around one passage (for "tell me more" and "did you mean" choices).</summary>
    public Answer? AnswerWith(string question, string passageId)
    {
        var passage = PassageById(passageId);
        if (passage is null) return null;
        var plan = _retriever.RecentPlan(question);
        var coverage = _retriever.Coverage(plan, passage);
        return _composer.Compose(question, coverage, Quote(passage, coverage), [], [], [], passage.Document, plan.Corrections);
    }

    /// <summary>A reference by its number, as the summary lists it; an honest no-answer when there is none.</summary>
    public Answer AnswerReference(string question, int number, IReadOnlyList<SpellingFix>? fixes = null, string? documentId = null)
    {
        var doc = (documentId is null ? null : Corpus.FindDocument(documentId))
                  ?? Corpus.Documents.FirstOrDefault(d => d.FindReference(number) is not null);
        var reference = doc?.FindReference(number);
        if (doc is null || reference is null)
        {
            var all = Corpus.Documents.SelectMany(d => d.References).Select(r => r.Number).ToList();
            return _composer.NoAnswer(question, 0, Corpus.Documents, null, fixes ?? [],
                $"The summary has no reference {number}: its references are numbered {all.Min()}–{all.Max()}.");
        }
        var passage = _index.Passages.First(p => p.Kind == PassageKind.Reference && p.Document == doc && p.Reference!.Number == number);
        return _composer.Compose(question, 1.0, Quote(passage, 1.0), [], [], [], doc, fixes ?? []);
    }

    public IReadOnlyList<Passage> Passages => _index.Passages;

    public Passage? PassageById(string id) => _passagesById.GetValueOrDefault(id);

    private AnswerPassage Quote(Passage passage, double confidence) => _quotes[passage.Ordinal] with { Confidence = confidence };

    public IReadOnlyList<CitedReference> References(IEnumerable<int> numbers, string? documentId = null)
    {
        var doc = (documentId is null ? null : Corpus.FindDocument(documentId)) ?? Corpus.Documents[0];
        var cited = new List<CitedReference>();
        foreach (var n in numbers)
            if (_cited.TryGetValue((doc.Id, n), out var r)) cited.Add(r);
        return cited;
    }

    private List<AnswerPassage> Alternatives(IReadOnlyList<Hit> hits, AnswerPassage quoted)
    {
        var top = hits[0];
        var close = hits
            .Where(h => h.Score >= top.Score * (1 - _options.AmbiguityMargin) && h.Confidence >= _options.ConfidenceThreshold)
            .Select(h => Quote(h.Passage, h.Confidence))
            .ToList();
        var distinct = DistinctQuotes(close.Skip(1), quoted).Prepend(quoted).Take(3).ToList();
        return distinct.Count > 1 ? distinct : [];
    }

    private static IEnumerable<AnswerPassage> DistinctQuotes(IEnumerable<AnswerPassage> passages, AnswerPassage quoted)
    {
        var seen = new List<string> { quoted.Text };
        foreach (var p in passages)
        {
            if (seen.Any(s => s.Contains(p.Text, StringComparison.Ordinal) || p.Text.Contains(s, StringComparison.Ordinal))) continue;
            seen.Add(p.Text);
            yield return p;
        }
    }

    private static IEnumerable<string> Vocabulary(CorpusSet corpus, TextAnalysis analysis)
    {
        IEnumerable<string> Words(string text) => TextAnalysis.Tokens(analysis.Surface, text).Select(t => t.Term).Where(t => t.All(char.IsLetter));
        foreach (var doc in corpus.Documents)
        {
            foreach (var w in doc.Sentences.SelectMany(s => Words(s.PlainText))) yield return w;
            foreach (var w in doc.References.SelectMany(r => Words(r.Text))) yield return w;
            foreach (var w in doc.TableOfContents.SelectMany(Words)) yield return w;
        }
        foreach (var line in corpus.Synonyms.Split('\n'))
            if (!line.TrimStart().StartsWith('#'))
                foreach (var w in Words(line)) yield return w;
    }

    public void Dispose()
    {
        _index.Dispose();
        _analysis.Dispose();
    }
}
