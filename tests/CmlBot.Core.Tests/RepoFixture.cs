using CmlBot.Core;
using CmlBot.Core.Answers;
using CmlBot.Core.Corpus;
using CmlBot.Core.Retrieval;
using Microsoft.Extensions.Configuration;

namespace CmlBot.Core.Tests;

/// <summary>The repository's corpus and settings, loaded once for the test run.</summary>
public sealed class RepoFixture : IDisposable
{
    public RepoFixture()
    {
        Root = FindRoot();
        var configuration = new ConfigurationBuilder().AddJsonFile(Path.Combine(Root, "appsettings.json")).Build();
        CorpusOptions = new CorpusOptions { Path = Path.Combine(Root, "corpus") };
        RetrievalOptions = configuration.GetSection("Retrieval").Get<RetrievalOptions>()!;
        AnswerOptions = configuration.GetSection("Answers").Get<AnswerOptions>()!;
        Answerer = QuestionAnswerer.CreateAsync(CorpusOptions, RetrievalOptions, AnswerOptions).GetAwaiter().GetResult();
    }

    public string Root { get; }
    public CorpusOptions CorpusOptions { get; }
    public RetrievalOptions RetrievalOptions { get; }
    public AnswerOptions AnswerOptions { get; }
    public QuestionAnswerer Answerer { get; }
    public PdqDocument Document => Answerer.Corpus.Documents[0];
    public string SeedPath => Path.Combine(Root, "corpus", "000_ab607018458266da.txt");

    public static string FindRoot() => RepoRoot.Path;

    public void Dispose() => Answerer.Dispose();
}

[CollectionDefinition(Name)]
public sealed class RepoCollection : ICollectionFixture<RepoFixture>
{
    public const string Name = "repo";
}
