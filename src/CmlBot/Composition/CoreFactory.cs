using CmlBot.Core;
using CmlBot.Core.Answers;
using CmlBot.Core.Corpus;
using CmlBot.Core.Retrieval;
using CmlBot.Core.Understanding;
using CmlBot.Embeddings;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.Logging;

namespace CmlBot.Composition;

/// <summary>
/// The one place the core is composed from configuration, for the web host, every verb and the tools: reads its
/// settings and resolves paths against the content root.
/// </summary>
public static class CoreFactory
{
    public static CorpusOptions CorpusOptions(IConfiguration configuration, string contentRoot)
    {
        var options = configuration.GetSection("Corpus").Get<CorpusOptions>() ?? new CorpusOptions();
        options.Path = Path.GetFullPath(options.Path, contentRoot);
        if (!string.IsNullOrWhiteSpace(options.IndexPath)) options.IndexPath = Path.GetFullPath(options.IndexPath, contentRoot);
        return options;
    }

    public static RetrievalOptions RetrievalOptions(IConfiguration configuration) =>
        configuration.GetSection("Retrieval").Get<RetrievalOptions>() ?? new RetrievalOptions();

    /// <summary>The cache folder as a full path, or null when the setting is empty.</summary>
    public static string? CacheFolder(RetrievalOptions options, string contentRoot) =>
        string.IsNullOrWhiteSpace(options.CacheFolder) ? null : Path.GetFullPath(options.CacheFolder, contentRoot);

    /// <summary>The core as configured; in hybrid mode with the embedding model, or lexically (with a warning) when it cannot load.</summary>
    public static Task<QuestionAnswerer> CreateAsync(IConfiguration configuration, string contentRoot, ILogger logger, CancellationToken cancellationToken)
    {
        var retrieval = RetrievalOptions(configuration);
        var corpus = CorpusOptions(configuration, contentRoot);
        var cache = CacheFolder(retrieval, contentRoot);
        var model = retrieval.IsHybrid ? EmbedderLoader.TryLoad(logger, retrieval.Model, retrieval.ModelPrecision, cache) : null;
        var embedder = model is null ? null : new CachingEmbedder(model, retrieval.QuestionVectorCapacity);
        return QuestionAnswerer.CreateAsync(
            corpus,
            retrieval,
            AnswerOptions(configuration),
            embedder,
            UnderstandingOptions(configuration),
            cancellationToken);
    }

    public static AnswerOptions AnswerOptions(IConfiguration configuration) =>
        configuration.GetSection("Answers").Get<AnswerOptions>() ?? new AnswerOptions();

    public static UnderstandingOptions UnderstandingOptions(IConfiguration configuration) =>
        configuration.GetSection("Understanding").Get<UnderstandingOptions>() ?? new UnderstandingOptions();
}
