using CmlBot.Core;
using CmlBot.Core.Answers;
using CmlBot.Core.Corpus;
using CmlBot.Core.Retrieval;
using Microsoft.Extensions.Configuration;

namespace CmlBot.Bot.Tests.Infrastructure;

/// <summary>
/// The real core on the real corpus, built once for all tests: one as configured, and one with a wide
/// ambiguity margin so that "did you mean" can be exercised whatever the core's current tuning.
/// </summary>
public sealed class CoreFixture : IAsyncLifetime
{
    public IConfiguration Configuration { get; } = new ConfigurationBuilder()
        .SetBasePath(RepoRoot.Path)
        .AddJsonFile("appsettings.json")
        .Build();

    public QuestionAnswerer Core { get; private set; } = null!;
    public QuestionAnswerer AmbiguousCore { get; private set; } = null!;

    public async Task InitializeAsync()
    {
        Core = await Create(Configuration.GetSection("Answers").Get<AnswerOptions>() ?? new AnswerOptions());
        var wide = Configuration.GetSection("Answers").Get<AnswerOptions>() ?? new AnswerOptions();
        wide.AmbiguityMargin = 0.9;
        AmbiguousCore = await Create(wide);
    }

    private Task<QuestionAnswerer> Create(AnswerOptions answers)
    {
        var corpus = Configuration.GetSection("Corpus").Get<CorpusOptions>() ?? new CorpusOptions();
        corpus.Path = System.IO.Path.GetFullPath(corpus.Path, RepoRoot.Path);
        corpus.IndexPath = "";
        return QuestionAnswerer.CreateAsync(corpus, Configuration.GetSection("Retrieval").Get<RetrievalOptions>() ?? new RetrievalOptions(), answers);
    }

    public Task DisposeAsync()
    {
        Core.Dispose();
        AmbiguousCore.Dispose();
        return Task.CompletedTask;
    }

    /// <summary>
    /// Questions are chosen by what the core does with them now, not hard-coded per passage, so these tests
    /// keep testing the dialog while the core's ranking is tuned.
    /// </summary>
    public static readonly string[] Candidates =
    [
        "What is relative failure on imatinib?",
        "Is Tasigna an alternative after imatinib resistance?",
        "Does a higher dose of imatinib help with resistance?",
        "What are the options if my CML is resistant to Gleevec?",
        "Can interferon help after relapse from a stem cell transplant?",
        "What is a buffy coat infusion?",
        "Where can I find clinical trials for relapsed CML?",
        "Is it better to resume therapy or continue observation?",
        "What counts as overt failure?",
        "Does Gleevec work for relapse after a bone marrow transplant?",
        "DLI for relapse after allogeneic transplant",
        "What is the graft-versus-leukemia effect?",
    ];

    /// <summary>A question the core answers, citing references, with at least one passage for "tell me more".</summary>
    public string CitedQuestion(int skip = 0) =>
        Candidates.Where(q => Core.Ask(q) is { Answered: true, IsAmbiguous: false, References.Count: > 0, FollowUps.Count: > 0 }).Skip(skip).First();

    public string AmbiguousQuestion() => Candidates.First(q => AmbiguousCore.Ask(q).IsAmbiguous);
}

[CollectionDefinition(Name)]
public sealed class CoreCollection : ICollectionFixture<CoreFixture>
{
    public const string Name = "core";
}
