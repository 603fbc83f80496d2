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
    public static ITextEmbedder Create(string model, string precision = Fp32, string? cacheFolder = null, ILogger? logger = null)
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
        if (!quantized) return Kept(sentenceModel.Load(quantized: false, cacheFolder));
        // The fp32 model is needed only for corpus texts without kept vectors (a first start, an edited line), so its
        // file is not kept: it would be the cache folder's largest and rarely read.
        return Kept(new SplitPrecisionEmbedder(
            sentenceModel.Name + QuantizedQuestionsSuffix,
            sentenceModel.Load(quantized: true, cacheFolder, questionsOnly: true),
            new Lazy<ITextEmbedder>(() => sentenceModel.Load(quantized: false))));
    }

    /// <summary>The named model at the named precision, loaded and probed, or null (with a warning) when it cannot be.</summary>
    public static ITextEmbedder? TryLoad(ILogger logger, string model, string precision = Fp32, string? cacheFolder = null) =>
        TryLoad(logger, () => Create(model, precision, cacheFolder, logger));

    public static ITextEmbedder? TryLoad(ILogger logger, Func<ITextEmbedder>? load = null)
    {
        var watch = Stopwatch.StartNew();
        try
        {
            var embedder = (load ?? (() => SentenceModel.MiniLm.Load()))();
            // A first call loads the native runtime for real; fail here, not on a patient's question.
            var probe = embedder.Embed(["relapse"]);
            if (probe.Length != 1 || probe[0].Length == 0) throw new InvalidOperationException("the model returned no vector");
            logger.LogInformation("Embedding model {Model} loaded in {Milliseconds} ms", embedder.Name, watch.ElapsedMilliseconds);
            return embedder;
        }
        catch (Exception e) when (e is not OperationCanceledException)
        {
            logger.LogWarning("Hybrid retrieval is off: the embedding model could not be loaded ({Error}: {Message}). Answering lexically.",
                e.GetType().Name, e.Message);
            return null;
        }
    }
}
