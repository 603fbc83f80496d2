using System.Diagnostics;
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
    /// <remarks>
    /// The model loads into ONNX Runtime on another thread while the core is built: the corpus's vectors come from the cache
    /// folder's file, so the build needs the model only for texts it has never embedded. It is probed once the core
    /// is built; a model that failed to load leaves a lexical core.
    /// </remarks>
    public static Task<QuestionAnswerer> CreateAsync(IConfiguration configuration, string contentRoot, ILogger logger, CancellationToken cancellationToken)
    {
        var retrieval = RetrievalOptions(configuration);
        var watch = Stopwatch.StartNew();
        var model = retrieval.IsHybrid
            ? EmbedderLoader.TryStart(logger, retrieval.Model, retrieval.ModelPrecision, CacheFolder(retrieval, contentRoot))
            : null;
        return CreateAsync(configuration, contentRoot, logger, model, watch, cancellationToken);
    }

    /// <summary>The core as configured, with <paramref name="model"/> (loading, or loaded) unless it fails its probe.</summary>
    /// <param name="since">When the model's load started, for the log.</param>
    public static async Task<QuestionAnswerer> CreateAsync(IConfiguration configuration, string contentRoot, ILogger logger, ITextEmbedder? model,
        Stopwatch? since, CancellationToken cancellationToken)
    {
        var retrieval = RetrievalOptions(configuration);
        var corpus = CorpusOptions(configuration, contentRoot);
        var watch = since ?? Stopwatch.StartNew();
        Task<QuestionAnswerer> Build(ITextEmbedder? embedder) => QuestionAnswerer.CreateAsync(
            corpus,
            retrieval,
            AnswerOptions(configuration),
            embedder is null ? null : new CachingEmbedder(embedder, retrieval.QuestionVectorCapacity),
            UnderstandingOptions(configuration),
            cancellationToken);
        if (model is null) return await Build(null);

        QuestionAnswerer? core = null;
        try
        {
            core = await Build(model);
        }
        // A text without a kept vector met a model that failed to load (the probe says so): answered lexically, as
        // below. With the model loaded, the failure is the core's own (a bad corpus file, say) and goes on up.
        catch (Exception e) when (e is not OperationCanceledException && !EmbedderLoader.Probe(logger, model, watch)) { }
        if (core is not null && EmbedderLoader.Probe(logger, model, watch)) return core;
        core?.Dispose();
        (model as IDisposable)?.Dispose();
        return await Build(null);
    }

    public static AnswerOptions AnswerOptions(IConfiguration configuration) =>
        configuration.GetSection("Answers").Get<AnswerOptions>() ?? new AnswerOptions();

    public static UnderstandingOptions UnderstandingOptions(IConfiguration configuration) =>
        configuration.GetSection("Understanding").Get<UnderstandingOptions>() ?? new UnderstandingOptions();
}
