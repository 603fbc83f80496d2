using CmlBot.Core.Retrieval;

namespace CmlBot.Embeddings;

/// <summary>
/// A model loaded into ONNX Runtime on another thread, so a start builds the corpus, the index and the understanding
/// (whose vectors come from <see cref="CorpusVectorStore"/>'s file, without the model) while the model loads: on two
/// cores that is most of half a second off a cold start. The first text to embed waits for the model.
/// </summary>
/// <remarks>A failed load is thrown, as it was raised, by every call; <see cref="EmbedderLoader.Probe"/> reports it once.</remarks>
public sealed class BackgroundLoadedEmbedder : ITextEmbedder, IDisposable
{
    private readonly Task<ITextEmbedder> _loading;

    /// <param name="name">The model's name, known before it loads (index files are named and checked by it).</param>
    /// <param name="hasQueryInstruction">Whether the model takes an instruction before each query, also known before.</param>
    public BackgroundLoadedEmbedder(string name, bool hasQueryInstruction, Func<ITextEmbedder> load)
    {
        Name = name;
        HasQueryInstruction = hasQueryInstruction;
        _loading = Task.Run(load);
    }

    public string Name { get; }

    public bool HasQueryInstruction { get; }

    /// <summary>Whether the model is there (loaded, not failed).</summary>
    public bool IsLoaded => _loading.IsCompletedSuccessfully;

    public float[][] Embed(IReadOnlyList<string> texts, CancellationToken cancellationToken = default) =>
        Loaded(cancellationToken).Embed(texts, cancellationToken);

    public float[][] EmbedQueries(IReadOnlyList<string> texts, CancellationToken cancellationToken = default) =>
        Loaded(cancellationToken).EmbedQueries(texts, cancellationToken);

    public float[][] EmbedCorpus(IReadOnlyList<string> texts, CancellationToken cancellationToken = default) =>
        Loaded(cancellationToken).EmbedCorpus(texts, cancellationToken);

    private ITextEmbedder Loaded(CancellationToken cancellationToken) =>
        _loading.IsCompletedSuccessfully ? _loading.Result : _loading.WaitAsync(cancellationToken).GetAwaiter().GetResult();

    /// <summary>Disposes the model now, or when a load still running ends.</summary>
    public void Dispose() =>
        _loading.ContinueWith(t => (t.Result as IDisposable)?.Dispose(), CancellationToken.None,
            TaskContinuationOptions.OnlyOnRanToCompletion | TaskContinuationOptions.ExecuteSynchronously, TaskScheduler.Default);
}
