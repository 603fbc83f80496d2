using CmlBot.Core.Answers;
using CmlBot.Core.Corpus;
using CmlBot.Core.Retrieval;
using CmlBot.Core.Understanding;

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
    private readonly AnswerDecision _decision;
    private readonly ITextEmbedder? _model;
    // The reference passages each sentence cites, for questions asking where a claim comes from.
    private readonly Dictionary<string, IReadOnlyList<string>> _sources;
    // Only the sentences that carry their own citation marker: what a question asking for the evidence behind a claim maps.
    private readonly Dictionary<string, IReadOnlyList<string>> _ownSources;
    private readonly PublicationDetails _publications;
    private readonly StudyDetails _studies;

    private QuestionAnswerer(CorpusSet corpus, TextAnalysis analysis, PassageIndex index, Retriever retriever, AnswerOptions options,
        Understood understood, UnderstandingOptions understanding)
    {
        Bank = understood.Bank;
        _model = understood.Model;
        Subjects = understood.Subjects;
        Matcher = understood.Matcher;
        _decision = new AnswerDecision(understanding, options.ConfidenceThreshold);
        Corpus = corpus;
        _analysis = analysis;
        _index = index;
        _retriever = retriever;
        _options = options;
        _composer = new AnswerComposer(options);
        _sections = new SectionMatcher(corpus.Documents, analysis,
            index.Passages.Where(p => p.Kind == PassageKind.Sentence).Select(p => (p.Id, retriever.Plan(p.Text))));
        _quotes = index.Passages.Select(p => AnswerComposer.ToPassage(p, 0)).ToArray();
        _passagesById = index.Passages.ToDictionary(p => p.Id, StringComparer.Ordinal);
        _publications = new PublicationDetails(index.Passages);
        _studies = new StudyDetails(index.Passages, analysis);
        _sources = index.Passages.Where(p => p.Sentence is not null).ToDictionary(p => p.Id,
            p => (IReadOnlyList<string>)p.Sentence!.Citations.Select(n => $"{p.Document.Id}:ref{n}").Where(_passagesById.ContainsKey).ToList(),
            StringComparer.Ordinal);
        _ownSources = _sources.Where(s => !_passagesById[s.Key].Sentence!.CitationsInherited)
            .ToDictionary(s => s.Key, s => s.Value, StringComparer.Ordinal);
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
    /// <summary>The question bank (validated against the passages); its vectors are in <see cref="Matcher"/>.</summary>
    public QuestionBank Bank { get; }
    public SubjectCatalog Subjects { get; }
    /// <summary>Matches questions to the bank and the subjects by meaning; null without a model (lexical mode).</summary>
    public ExampleMatcher? Matcher { get; }

    private sealed record Understood(QuestionBank Bank, SubjectCatalog Subjects, ExampleMatcher? Matcher, ITextEmbedder? Model = null);

    public static async Task<QuestionAnswerer> CreateAsync(CorpusOptions corpusOptions, RetrievalOptions? retrievalOptions = null,
        AnswerOptions? answerOptions = null, ITextEmbedder? embedder = null, UnderstandingOptions? understandingOptions = null,
        CancellationToken cancellationToken = default)
    {
        var corpus = await new CorpusLoader(corpusOptions).LoadAsync(cancellationToken);
        return Create(corpus, corpusOptions, retrievalOptions, answerOptions, embedder, understandingOptions, cancellationToken);
    }

    /// <param name="embedder">A sentence-embedding model for hybrid retrieval; used only when the options ask for "hybrid".</param>
    public static QuestionAnswerer Create(CorpusSet corpus, CorpusOptions corpusOptions, RetrievalOptions? retrievalOptions = null, AnswerOptions? answerOptions = null,
        ITextEmbedder? embedder = null, UnderstandingOptions? understandingOptions = null, CancellationToken cancellationToken = default)
    {
        retrievalOptions ??= new RetrievalOptions();
        var synonymsFile = Path.Combine(corpusOptions.Path, corpusOptions.SynonymsFile);
        var analysis = new TextAnalysis();
        var synonyms = new SynonymLookup(SynonymRules.Parse(synonymsFile, corpus.Synonyms, analysis.Surface));
        var model = retrievalOptions.IsHybrid ? embedder : null;
        var index = PassageIndex.Build(corpus, analysis, corpusOptions.IndexPath, model, cancellationToken);
        var contents = corpus.Documents.SelectMany(d => d.TableOfContents).SelectMany(e => Words(analysis, e)).ToHashSet(StringComparer.Ordinal);
        var speller = new SpellingCorrector(Vocabulary(corpus, analysis, contents), contents.Concat(ListPosition.PointingWords.SelectMany(w => Words(analysis, w))));
        var retriever = new Retriever(index, analysis, synonyms, speller, retrievalOptions, model);
        understandingOptions ??= new UnderstandingOptions();
        var understood = Understand(corpus, corpusOptions, index, model, understandingOptions, cancellationToken);
        return new QuestionAnswerer(corpus, analysis, index, retriever, answerOptions ?? new AnswerOptions(), understood, understandingOptions);
    }

    /// <summary>The bank and the subjects, validated (always: a bad file stops the load in every mode), embedded when there is a model.</summary>
    private static Understood Understand(CorpusSet corpus, CorpusOptions options, PassageIndex index, ITextEmbedder? model, UnderstandingOptions understanding,
        CancellationToken cancellationToken)
    {
        var bank = corpus.Questions.Length == 0 ? QuestionBank.Empty
            : QuestionBank.Parse(Path.Combine(options.Path, options.QuestionsFile), corpus.Questions, index.Passages);
        var subjects = corpus.NotCovered.Length == 0 ? SubjectCatalog.Empty
            : SubjectCatalog.Parse(Path.Combine(options.Path, options.NotCoveredFile), corpus.NotCovered);
        if (model is null || index.Vectors is null || bank.Questions.Count == 0) return new Understood(bank, subjects, null);
        var examples = subjects.Subjects.SelectMany(s => s.Examples.Select(e => (s, e))).ToList();
        var texts = bank.Questions.Select(q => q.Text).Concat(examples.Select(x => x.e)).ToList();
        var (vectors, _) = ExampleIndex.Build(texts, corpus.Fingerprint, model, options.IndexPath, cancellationToken);
        var matcher = new ExampleMatcher(bank.Questions, vectors[..bank.Questions.Count], examples, vectors[bank.Questions.Count..],
            understanding.ClassifierRidge, understanding.FitWeight);
        return new Understood(bank, subjects, matcher, model);
    }

    /// <summary>Answers a question from the summary, or says honestly that it cannot. Never throws for odd input.</summary>
    public Answer Ask(string? question) => Ask(question, Matcher);

    /// <summary>As <see cref="Ask(string?)"/>, matching against <paramref name="matcher"/> (the k-fold evaluation holds questions out of it).</summary>
    public Answer Ask(string? question, ExampleMatcher? matcher)
    {
        question = (question ?? "").Trim();
        var (evidence, decision) = Understand(question, matcher);
        var plan = evidence.Retrieval.Plan;
        if (plan.ReferenceNumber is int number && plan.ReferenceIntent)
            return AnswerReference(question, number, plan.Corrections);

        var hits = evidence.Retrieval.Hits;
        switch (decision.Kind)
        {
            case DecisionKind.Answer:
                return AnswerFrom(question, evidence, PassageById(decision.PassageId!)!);
            case DecisionKind.DidYouMean:
                // Each choice is offered in a patient's words: the bank question that brought it.
                var choices = decision.Choices
                    .Select(id => evidence.Examples!.Passages.First(p => p.PassageId == id))
                    .Select(m => Quote(PassageById(m.PassageId)!, m.Cosine) with { Label = m.Question })
                    .ToList();
                var top = choices[0];
                return _composer.Compose(question, top.Confidence, top, [], [], choices, PassageById(top.Id)!.Document, plan.Corrections);
            case DecisionKind.NotCovered:
                return AnswerComposer.NotCovered(question, decision.Subject!, Suggestions(evidence), plan.Corrections, evidence.MissingSection);
            default:
                var confidence = hits.Count > 0 ? hits[0].Confidence : 0;
                return _composer.NoAnswer(question, confidence, Corpus.Documents, evidence.MissingSection, plan.Corrections)
                    with { Suggestions = matcher is null ? [] : Suggestions(evidence) };
        }
    }

    /// <summary>The evidence about a question and the decision it leads to (for <c>ask --explain</c>, and <see cref="Ask(string?)"/>).</summary>
    public (Evidence Evidence, Decision Decision) Understand(string question, ExampleMatcher? matcher = null)
    {
        matcher ??= Matcher;
        var search = matcher is null ? null : _retriever.EmbedQuestion(question);
        var plain = search is null || _model is not { HasQueryInstruction: true } ? search : EmbedPlain(question);
        var result = _retriever.Search(question, max: 12, questionVector: search);
        // The words read for a study's details are those the search reads: a crafted question of any length costs no more.
        var read = question.Length > _retriever.MaxQuestionLength ? question[.._retriever.MaxQuestionLength] : question;
        // An author misspelt ("Gilhot") is read as the search corrected it; no other correction is ("older" is no typo here).
        var publication = _publications.Named(SpellingFix.Apply(read, result.Plan.Corrections.Where(f => _publications.IsAuthor(f.To)).ToList()));
        // A question that names an author of the list, or a volume or page of a citation, is about that study ("Deininger
        // is on two of the papers, which one is about relapse after transplant?", "the Blood volume 110 article"), as one
        // asking for a source is, and so is one asking for a place among a claim's references ("the first one for the
        // donor-infusion sentence").
        var asksForSource = SourceRequest.IsAskedIn(read) || publication.Authors is { Count: > 0 } || publication.NamesCitation
            || result.Plan.PlaceAmongCited is not null || OnlyATitleStatesIt(read, result);
        var asksForEvidence = !asksForSource && SourceRequest.AsksForEvidence(read);
        // A question asking for a study is about that study, not about the section its words may name ("which trial
        // looked at dasatinib in blast crisis?").
        var missing = result.Plan.ReferenceIntent || asksForSource || NamesAStudyAlone(read, result) ? null : _sections.MissingSectionAskedAbout(result.Plan);
        var studyTopics = result.Plan.ReferenceIntent && result.Hits is [{ Passage.Kind: PassageKind.Reference }, ..]
            ? result.Hits.Where(h => h.Passage.Kind == PassageKind.Reference)
                .Select(h => (h, _retriever.TopicCoverage(result.Plan, h.Passage))).ToList()
            : null;
        var evidence = new Evidence(result, plain is null ? null : matcher!.Match(plain, _decision.Neighbours), missing,
            missing is null ? null : _sections.PassagesAnswering(result.Plan), studyTopics,
            asksForSource ? _sources : asksForEvidence ? _ownSources : null, publication, _studies.Named(result.Plan, publication.AskedAbout));
        return (evidence, _decision.Decide(evidence));
    }

    /// <summary>
    /// A run of topic words that one study's title states whole, three concepts at least ("dasatinib blast crisis CML"),
    /// as one types into a search box: no missing section its words name refuses it, since a study CmlBot holds speaks of it.
    /// </summary>
    private static bool NamesAStudyAlone(string question, RetrievalResult result) => ATitleStatesTheRun(question, result, MinTopicConcepts);

    private const int MinTopicConcepts = 3;

    /// <summary>
    /// A run of topic words ("Tasigna in accelerated phase CML") that a study's title states whole and no sentence of the
    /// summary nearly does: the study is what it names, as a search for a paper's subject would find it.
    /// </summary>
    private static bool OnlyATitleStatesIt(string question, RetrievalResult result) =>
        ATitleStatesTheRun(question, result, 2)
        && !result.Hits.Any(h => h.Passage.Kind != PassageKind.Reference && h.Coverage >= SentenceStatesIt);

    // A sentence that states all but a small part of the run is what it asks about ("imatinib after transplant relapse").
    private const double SentenceStatesIt = 0.9;

    /// <summary>Whether the question is a run of topic words, of at least <paramref name="minConcepts"/> concepts, that a reference's title states whole.</summary>
    private static bool ATitleStatesTheRun(string question, RetrievalResult result, int minConcepts) =>
        result.Plan.Concepts.Count >= minConcepts
        && result.Hits.Any(h => h.Passage.Kind == PassageKind.Reference && h.Coverage >= 1)
        && SourceRequest.IsTopicOnly(question);

    private float[] EmbedPlain(string question) =>
        _model!.Embed([question.Length > _retriever.MaxQuestionLength ? question[.._retriever.MaxQuestionLength] : question])[0];

    private Answer AnswerFrom(string question, Evidence evidence, Passage passage)
    {
        var hits = evidence.Retrieval.Hits;
        var bank = evidence.Examples?.Passages.FirstOrDefault(p => p.PassageId == passage.Id)?.Cosine ?? 0;
        var confidence = Math.Clamp(Math.Max(evidence.Confidence(passage.Id), bank), 0, 1);
        var quoted = Quote(passage, confidence);
        var relevant = hits.Where(h => h.Passage.Id != passage.Id && h.Confidence >= _options.ConfidenceThreshold * 0.6).ToList();
        var others = relevant.Select(h => Quote(h.Passage, h.Confidence)).ToList();
        var followUps = DistinctQuotes(others, quoted).Take(_options.MaxFollowUps).ToList();
        // Close calls among the words' hits make a "did you mean" only when the words chose the passage.
        var alternatives = hits.Count > 0 && hits[0].Passage.Id == passage.Id ? Alternatives(hits, quoted) : [];
        return _composer.Compose(question, confidence, quoted, others, followUps, alternatives, passage.Document, evidence.Retrieval.Plan.Corrections);
    }

    /// <summary>
    /// In-scope questions to offer instead: for the closest sentences (not references: a patient is offered what the
    /// summary says, not a citation), each one's first bank question, the plainest wording a clinician filed for it;
    /// the closest bank question may be a misspelling or a fragment.
    /// </summary>
    private List<string> Suggestions(Evidence evidence) =>
        evidence.Examples?.Passages
            .Where(p => PassageById(p.PassageId)?.Kind == PassageKind.Sentence)
            .Take(_decision.Choices)
            .Select(p => Bank.Questions.First(q => q.PassageId == p.PassageId).Text)
            .ToList() ?? [];

    /// <summary>The answer built around one passage (for "tell me more" and "did you mean" choices).</summary>
    public Answer? AnswerWith(string question, string passageId)
    {
        var passage = PassageById(passageId);
        if (passage is null) return null;
        var plan = _retriever.Plan(question);
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

    /// <summary>What a misspelling may become: the words of the summary's text, its references and the synonyms.</summary>
    /// <param name="sectionWords">
    /// Words of the sections' names, which a synonym line may also hold ("middle stage => accelerated phase"): a
    /// correction into one would read "trials in my state" as a question about staging, so only a passage's own use
    /// makes one a correction.
    /// </param>
    private static IEnumerable<string> Vocabulary(CorpusSet corpus, TextAnalysis analysis, IReadOnlySet<string> sectionWords)
    {
        foreach (var doc in corpus.Documents)
        {
            foreach (var w in doc.Sentences.SelectMany(s => Words(analysis, s.PlainText))) yield return w;
            foreach (var w in doc.References.SelectMany(r => Words(analysis, r.Text))) yield return w;
        }
        foreach (var line in corpus.Synonyms.Split('\n'))
            if (!line.TrimStart().StartsWith('#'))
                foreach (var w in Words(analysis, line))
                    if (!sectionWords.Contains(w)) yield return w;
    }

    private static IEnumerable<string> Words(TextAnalysis analysis, string text) =>
        TextAnalysis.Tokens(analysis.Surface, text).Select(t => t.Term).Where(t => t.All(char.IsLetter));

    public void Dispose()
    {
        _index.Dispose();
        _analysis.Dispose();
    }
}
