namespace CmlBot.Core.Retrieval;

public sealed record RetrievalResult(QueryPlan Plan, IReadOnlyList<Hit> Hits);

/// <summary>
/// Finds the passages that answer a question: plans it (<see cref="QueryPlanner"/>), then ranks the index's
/// passages for the plan (<see cref="Ranker"/>), by words alone or, in hybrid mode, together with the model's similarity.
/// </summary>
public sealed class Retriever
{
    private readonly ITextEmbedder? _embedder;
    private readonly RetrievalOptions _options;
    private readonly QueryPlanner _planner;
    private readonly Ranker _ranker;

    public Retriever(PassageIndex index, TextAnalysis analysis, SynonymLookup synonyms, SpellingCorrector speller, RetrievalOptions options,
        ITextEmbedder? embedder = null)
    {
        _embedder = options.IsHybrid && index.Vectors is not null ? embedder : null;
        _options = options;
        _planner = new QueryPlanner(index, analysis, synonyms, speller, options);
        _ranker = new Ranker(index, options);
    }

    /// <summary>How long a question may be; longer ones are cut (see <see cref="RetrievalOptions.MaxQuestionLength"/>).</summary>
    public int MaxQuestionLength => _options.MaxQuestionLength;

    /// <summary>"hybrid" when a model is loaded and the options ask for it, else "lexical".</summary>
    public string Mode => _embedder is null ? RetrievalOptions.Lexical : RetrievalOptions.Hybrid;

    /// <summary>The sentence model retrieval runs with (null when lexical): the bot's safety screen shares it.</summary>
    public ITextEmbedder? Embedder => _embedder;

    /// <summary>The question's concepts and spelling fixes, as <see cref="Search"/> ranks by them; a long question is cut at a word boundary.</summary>
    public QueryPlan Plan(string question) => _planner.Plan(question);

    /// <param name="questionVector">The question's vector when the caller has it already (it is used for the bank too).</param>
    public RetrievalResult Search(string question, int max = 10, float[]? questionVector = null, CancellationToken cancellationToken = default)
    {
        var plan = Plan(question);
        var similarity = _embedder is null || plan.Question.Length == 0 ? null
            : _ranker.Similarities(questionVector ?? EmbedQuestion(plan.Question, cancellationToken)!);
        if (plan.Concepts.Count == 0 && similarity is null) return new RetrievalResult(plan, []);
        return new RetrievalResult(plan, _ranker.Rank(plan, similarity, max));
    }

    /// <summary>The question's vector, as the model embeds questions (null without a model); cut as <see cref="Plan"/> cuts it.</summary>
    public float[]? EmbedQuestion(string question, CancellationToken cancellationToken = default)
    {
        if (_embedder is null || question.Length == 0) return null;
        if (question.Length > _options.MaxQuestionLength) question = question[.._options.MaxQuestionLength];
        return _embedder.EmbedQueries([question], cancellationToken)[0];
    }

    /// <inheritdoc cref="Ranker.Coverage"/>
    public double Coverage(QueryPlan plan, Passage passage) => _ranker.Coverage(plan, passage);

    /// <summary>Coverage of what the question is about, leaving out its words that ask for a study or source.</summary>
    public double TopicCoverage(QueryPlan plan, Passage passage) => _ranker.Coverage(plan, passage, topic: true);
}
