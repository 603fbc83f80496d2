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
    public static ITextEmbedder? TryLoad(ILogger logger, Func<ITextEmbedder>? load = null)
    {
        var watch = Stopwatch.StartNew();
        try
        {
            var embedder = (load ?? (() => new MiniLmEmbedder()))();
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
