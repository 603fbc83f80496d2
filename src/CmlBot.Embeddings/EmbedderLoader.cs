using System.Diagnostics;
using CmlBot.Core.Retrieval;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;

namespace CmlBot.Embeddings;

/// <summary>
/// Loads the model for hybrid retrieval, or explains why it cannot: a missing native library or a
/// corrupt package logs a warning and CmlBot answers lexically; it never stops the bot.
/// </summary>
public static class EmbedderLoader
{
    public const string MiniLm = "all-MiniLM-L6-v2";
    public const string ArcticXs = "snowflake-arctic-embed-xs";

    public const string Fp32 = "fp32";
    public const string Quantized = "int8";

    /// <summary>Marks the name of the int8 configuration: questions int8, the corpus's vectors fp32 (<see cref="SplitPrecisionEmbedder"/>).</summary>
    public const string QuantizedQuestionsSuffix = " (int8 questions)";

    /// <summary>
    /// The model a setting names (<see cref="MiniLm"/> or <see cref="ArcticXs"/>) at a precision: <see cref="Fp32"/>,
    /// or <see cref="Quantized"/>, where patients' questions run through the int8 model and the corpus's own texts
    /// through the fp32 one. An unknown name is an error, not a silent default.
    /// </summary>
    /// <param name="cacheFolder">
    /// Where the model's files (<see cref="ModelFile"/>) and the corpus's vectors (<see cref="CorpusVectorStore"/>) are
    /// kept between starts; null: none.
    /// </param>
    /// <param name="background">
    /// Load the questions' model into ONNX Runtime on another thread (<see cref="BackgroundLoadedEmbedder"/>):
    /// this returns at once, and the first question waits for the model. Then only <see cref="Probe"/> says whether it loaded.
    /// </param>
    public static ITextEmbedder Create(string model, string precision = Fp32, string? cacheFolder = null, ILogger? logger = null, bool background = false)
    {
        var quantized = precision switch
        {
            Fp32 => false,
            Quantized => true,
            _ => throw new ArgumentException($"Retrieval:ModelPrecision \"{precision}\" is not {Fp32} or {Quantized}", nameof(precision)),
        };
        var sentenceModel = model switch
        {
            MiniLm => SentenceModel.MiniLm,
            ArcticXs => SentenceModel.ArcticXs,
            _ => throw new ArgumentException($"Retrieval:Model \"{model}\" is not a known model ({MiniLm}, {ArcticXs})", nameof(model)),
        };
        // The corpus's vectors are always the fp32 model's, so both precisions keep the same file.
        ITextEmbedder Kept(ITextEmbedder inner) => cacheFolder is null
            ? inner
            : new CorpusVectorStore(inner, cacheFolder, sentenceModel.Identity(sentenceModel.Name), logger ?? NullLogger.Instance, sentenceModel.Name);
        ITextEmbedder Questions(string name, Func<ITextEmbedder> load) =>
            background ? new BackgroundLoadedEmbedder(name, sentenceModel.QueryPrefix is not null, load) : load();
        if (!quantized) return Kept(Questions(sentenceModel.Name, () => sentenceModel.Load(quantized: false, cacheFolder)));
        // The fp32 model is needed only for corpus texts without kept vectors (a first start, an edited line), so its
        // file is not kept: it would be the cache folder's largest and rarely read.
        return Kept(new SplitPrecisionEmbedder(
            sentenceModel.Name + QuantizedQuestionsSuffix,
            Questions(sentenceModel.Name + SentenceModel.QuantizedSuffix, () => sentenceModel.Load(quantized: true, cacheFolder, questionsOnly: true)),
            new Lazy<ITextEmbedder>(() => sentenceModel.Load(quantized: false))));
    }

    /// <summary>
    /// The named model loading on another thread (<see cref="Create"/>, background), or null (with a
    /// warning) when the settings name no model. Call <see cref="Probe"/> before a patient's question needs it.
    /// </summary>
    public static ITextEmbedder? TryStart(ILogger logger, string model, string precision = Fp32, string? cacheFolder = null)
    {
        try
        {
            return Create(model, precision, cacheFolder, logger, background: true);
        }
        catch (Exception e) when (e is not OperationCanceledException)
        {
            LogUnavailable(logger, e);
            return null;
        }
    }

    /// <summary>The named model at the named precision, loaded and probed, or null (with a warning) when it cannot be.</summary>
    public static ITextEmbedder? TryLoad(ILogger logger, string model, string precision = Fp32, string? cacheFolder = null) =>
        TryLoad(logger, () => Create(model, precision, cacheFolder, logger));

    public static ITextEmbedder? TryLoad(ILogger logger, Func<ITextEmbedder>? load = null)
    {
        var watch = Stopwatch.StartNew();
        ITextEmbedder embedder;
        try
        {
            embedder = (load ?? (() => SentenceModel.MiniLm.Load()))();
        }
        catch (Exception e) when (e is not OperationCanceledException)
        {
            LogUnavailable(logger, e);
            return null;
        }
        return Probe(logger, embedder, watch) ? embedder : null;
    }

    /// <summary>
    /// Embeds one word, which makes a model load the native runtime for real (and waits for a model loading in the
    /// background): a model that cannot fails here, with a warning, not on a patient's question.
    /// </summary>
    /// <param name="since">Counts the load's time from when it started, for the log.</param>
    public static bool Probe(ILogger logger, ITextEmbedder embedder, Stopwatch? since = null)
    {
        var watch = since ?? Stopwatch.StartNew();
        try
        {
            var probe = embedder.Embed(["relapse"]);
            if (probe.Length != 1 || probe[0].Length == 0) throw new InvalidOperationException("the model returned no vector");
            logger.LogInformation("Embedding model {Model} loaded in {Milliseconds} ms", embedder.Name, watch.ElapsedMilliseconds);
            return true;
        }
        catch (Exception e) when (e is not OperationCanceledException)
        {
            LogUnavailable(logger, e);
            return false;
        }
    }

    private static void LogUnavailable(ILogger logger, Exception e) =>
        logger.LogWarning("Hybrid retrieval is off: the embedding model could not be loaded ({Error}: {Message}). Answering lexically.",
            e.GetType().Name, e.Message);
}
