using CmlBot.Core.Retrieval;
using CmlBot.Embeddings;
using Microsoft.Extensions.Logging;

namespace CmlBot.Embeddings.Tests;

/// <summary>A model loading on another thread: known by name at once, waited for by its first text, its failure reported by the probe.</summary>
public sealed class BackgroundLoadedEmbedderTests
{
    private static readonly TimeSpan Patience = TimeSpan.FromMinutes(1);

    [Fact]
    public async Task Its_name_is_known_before_the_load_ends_and_the_first_text_waits_for_the_load()
    {
        using var release = new ManualResetEventSlim();
        using var embedder = new BackgroundLoadedEmbedder("fixed", hasQueryInstruction: true, () =>
        {
            release.Wait(Patience);
            return new FixedEmbedder();
        });

        Assert.Equal("fixed", embedder.Name);
        Assert.True(embedder.HasQueryInstruction);
        Assert.False(embedder.IsLoaded);
        var embedding = Task.Run(() => embedder.Embed(["relapse"]));
        await Task.Delay(50);
        Assert.False(embedding.IsCompleted);

        release.Set();
        Assert.Equal(FixedEmbedder.Vector, (await embedding.WaitAsync(Patience))[0]);
        Assert.True(embedder.IsLoaded);
        Assert.Equal(FixedEmbedder.Vector, embedder.EmbedCorpus(["a passage"])[0]);
    }

    [Fact]
    public void A_failed_load_is_thrown_by_every_call_and_the_probe_reports_it_once_as_a_warning()
    {
        using var embedder = new BackgroundLoadedEmbedder("missing", hasQueryInstruction: false, () => throw new DllNotFoundException("libonnxruntime.so"));
        var logger = new ListLogger();

        Assert.Throws<DllNotFoundException>(() => embedder.Embed(["relapse"]));
        Assert.Throws<DllNotFoundException>(() => embedder.EmbedQueries(["relapse"]));
        Assert.False(EmbedderLoader.Probe(logger, embedder));

        var warning = Assert.Single(logger.Entries);
        Assert.Equal(LogLevel.Warning, warning.Level);
        Assert.Contains("libonnxruntime.so", warning.Message, StringComparison.Ordinal);
        Assert.Contains("lexically", warning.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void A_caller_that_gives_up_waiting_is_cancelled_and_the_load_goes_on()
    {
        using var release = new ManualResetEventSlim();
        using var embedder = new BackgroundLoadedEmbedder("slow", hasQueryInstruction: false, () =>
        {
            release.Wait(Patience);
            return new FixedEmbedder();
        });
        using var giveUp = new CancellationTokenSource(TimeSpan.FromMilliseconds(50));

        Assert.ThrowsAny<OperationCanceledException>(() => embedder.Embed(["relapse"], giveUp.Token));

        release.Set();
        Assert.Equal(FixedEmbedder.Vector, embedder.Embed(["relapse"])[0]);
    }

    [Fact]
    public async Task Disposed_while_loading_it_disposes_the_model_when_the_load_ends()
    {
        using var release = new ManualResetEventSlim();
        var model = new FixedEmbedder();
        var embedder = new BackgroundLoadedEmbedder("disposed", hasQueryInstruction: false, () =>
        {
            release.Wait(Patience);
            return model;
        });

        embedder.Dispose();
        Assert.False(model.Disposed);
        release.Set();

        await model.DisposedTask.WaitAsync(Patience);
        Assert.True(model.Disposed);
    }

    private sealed class FixedEmbedder : ITextEmbedder, IDisposable
    {
        public static readonly float[] Vector = [0.6f, 0.8f];
        private readonly TaskCompletionSource _disposed = new(TaskCreationOptions.RunContinuationsAsynchronously);
        public string Name => "fixed";
        public bool Disposed => _disposed.Task.IsCompleted;
        public Task DisposedTask => _disposed.Task;
        public float[][] Embed(IReadOnlyList<string> texts, CancellationToken cancellationToken = default) => [.. texts.Select(_ => Vector)];
        public void Dispose() => _disposed.TrySetResult();
    }
}
