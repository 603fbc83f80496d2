using System.Diagnostics;
using CmlBot.Core.Retrieval;
using Microsoft.Extensions.Logging;

namespace CmlBot.Embeddings;

/// <summary>
/// Loads the model for hybrid retrieval, or explains why it cannot: a missing native library or a
/// corrupt package logs a warning and CmlBot answers lexically; it never stops the bot.
/// </summary>
public static class EmbedderLoader
{
    public const string MiniLm = "all-MiniLM-L6-v2";
    public const string ArcticXs = "snowflake-arctic-embed-xs";

    /// <summary>The model a setting names (<see cref="MiniLm"/> or <see cref="ArcticXs"/>); an unknown name is an error, not a silent default.</summary>
    /// <param name="cacheFolder">Where the model's file is kept between starts (<see cref="ModelFile"/>); null: none.</param>
    public static ITextEmbedder Create(string model, string precision = Fp32, string? cacheFolder = null)
    {
        var quantized = precision switch
        {
            Fp32 => false,
            Quantized => true,
            _ => throw new ArgumentException($"Retrieval:ModelPrecision \"{precision}\" is not {Fp32} or {Quantized}", nameof(precision)),
        };
        return model switch
        {
            MiniLm => SentenceModel.MiniLm.Load(quantized, cacheFolder),
            ArcticXs => SentenceModel.ArcticXs.Load(quantized, cacheFolder),
            _ => throw new ArgumentException($"Retrieval:Model \"{model}\" is not a known model ({MiniLm}, {ArcticXs})", nameof(model)),
        };
    }

    public const string Fp32 = "fp32";
    public const string Quantized = "int8";

    /// <summary>The named model at the named precision, loaded and probed, or null (with a warning) when it cannot be.</summary>
    public static ITextEmbedder? TryLoad(ILogger logger, string model, string precision = Fp32, string? cacheFolder = null) =>
        TryLoad(logger, () => Create(model, precision, cacheFolder));

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
