using CmlBot.Core;
using CmlBot.Core.Answers;
using CmlBot.Core.Corpus;
using CmlBot.Core.Evaluation;
using CmlBot.Core.Retrieval;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.Logging.Abstractions;

namespace CmlBot.Embeddings.Tests;

/// <summary>The real model, loaded once, and CmlBot in both modes with the repository's settings.</summary>
public sealed class HybridFixture : IDisposable
{
    public HybridFixture()
    {
        Root = RepoRoot.Path;
        var configuration = new ConfigurationBuilder().AddJsonFile(Path.Combine(Root, "appsettings.json")).Build();
        CorpusOptions = new CorpusOptions { Path = Path.Combine(Root, "corpus") };
        Options = configuration.GetSection("Retrieval").Get<RetrievalOptions>()!;
        AnswerOptions = configuration.GetSection("Answers").Get<AnswerOptions>()!;
        Corpus = new CorpusLoader(CorpusOptions).LoadAsync().GetAwaiter().GetResult();
        // As the host builds it: the configured model and precision, behind the question-vector cache.
        var model = EmbedderLoader.TryLoad(NullLogger.Instance, Options.Model, Options.ModelPrecision) ?? throw new InvalidOperationException("the embedding model did not load");
        Embedder = new CachingEmbedder(model, Options.QuestionVectorCapacity);
        Hybrid = QuestionAnswerer.Create(Corpus, CorpusOptions, Options, AnswerOptions, Embedder);
        var lexical = configuration.GetSection("Retrieval").Get<RetrievalOptions>()!;
        lexical.Mode = RetrievalOptions.Lexical;
        Lexical = QuestionAnswerer.Create(Corpus, CorpusOptions, lexical, AnswerOptions);
        Set = EvaluationSet.Load(Path.Combine(Root, "tests", "evaluation", "eval-set.json"));
    }

    public string Root { get; }
    public CorpusOptions CorpusOptions { get; }
    public RetrievalOptions Options { get; }
    public AnswerOptions AnswerOptions { get; }
    public CorpusSet Corpus { get; }
    public ITextEmbedder Embedder { get; }
    public QuestionAnswerer Hybrid { get; }
    public QuestionAnswerer Lexical { get; }
    public EvaluationSet Set { get; }

    public void Dispose()
    {
        Hybrid.Dispose();
        Lexical.Dispose();
        (Embedder as IDisposable)?.Dispose();
    }
}

[CollectionDefinition(Name)]
public sealed class HybridCollection : ICollectionFixture<HybridFixture>
{
    public const string Name = "hybrid";
}
