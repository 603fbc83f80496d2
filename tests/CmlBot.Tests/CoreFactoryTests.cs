using CmlBot.Composition;
using CmlBot.Core.Corpus;
using CmlBot.Core.Retrieval;
using CmlBot.Embeddings;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.Logging.Abstractions;

namespace CmlBot.Tests;

/// <summary>The core is built while the model loads; a model that fails to load, found out during the build or after it, leaves a lexical core.</summary>
public sealed class CoreFactoryTests
{
    private static readonly IConfiguration Shipped = new ConfigurationBuilder()
        .AddJsonFile(Path.Combine(RepoRoot.Path, "appsettings.json"))
        .AddInMemoryCollection(new Dictionary<string, string?> { ["Retrieval:CacheFolder"] = "" })
        .Build();

    [Fact]
    public async Task A_model_that_fails_to_load_while_the_index_needs_it_leaves_a_lexical_core_and_a_warning()
    {
        using var logs = new CapturedLogs();
        var model = new BackgroundLoadedEmbedder("all-MiniLM-L6-v2", hasQueryInstruction: false, () => throw new DllNotFoundException("libonnxruntime.so"));

        using var core = await CoreFactory.CreateAsync(Shipped, RepoRoot.Path, logs.CreateLogger("core"), model, since: null, CancellationToken.None);

        Assert.Equal(RetrievalOptions.Lexical, core.Mode);
        Assert.True(core.Ask("What is a donor lymphocyte infusion?").Answered);
        Assert.Contains(logs.Lines, l => l.Contains("Warning", StringComparison.Ordinal) && l.Contains("libonnxruntime.so", StringComparison.Ordinal));
    }

    [Fact]
    public async Task A_model_whose_questions_fail_after_the_core_was_built_from_kept_vectors_leaves_a_lexical_core()
    {
        using var logs = new CapturedLogs();

        using var core = await CoreFactory.CreateAsync(Shipped, RepoRoot.Path, logs.CreateLogger("core"), new KeptVectorsOnly(), since: null, CancellationToken.None);

        Assert.Equal(RetrievalOptions.Lexical, core.Mode);
        Assert.Null(core.Matcher);
        Assert.Contains(logs.Lines, l => l.Contains("Warning", StringComparison.Ordinal) && l.Contains("lexically", StringComparison.Ordinal));
    }

    [Fact]
    public async Task A_bad_corpus_with_a_model_that_loads_is_the_corpus_error_not_a_lexical_core()
    {
        var folder = Directory.CreateTempSubdirectory("cmlbot-factory-").FullName;
        try
        {
            foreach (var file in Directory.GetFiles(Path.Combine(RepoRoot.Path, "corpus")))
                File.Copy(file, Path.Combine(folder, Path.GetFileName(file)));
            await File.AppendAllTextAsync(Path.Combine(folder, "questions.txt"), "\n[p99.s99] A passage the summary does not have\n- a question for nothing\n");
            var configuration = new ConfigurationBuilder().AddConfiguration(Shipped)
                .AddInMemoryCollection(new Dictionary<string, string?> { ["Corpus:Path"] = folder }).Build();

            await Assert.ThrowsAsync<CorpusFormatException>(() =>
                CoreFactory.CreateAsync(configuration, RepoRoot.Path, NullLogger.Instance, new KeptVectorsOnly(questionsWork: true), since: null, CancellationToken.None));
        }
        finally
        {
            Directory.Delete(folder, recursive: true);
        }
    }

    /// <summary>Vectors for the corpus's texts, as a cache folder keeps them; patients' questions fail unless told otherwise.</summary>
    private sealed class KeptVectorsOnly(bool questionsWork = false) : ITextEmbedder
    {
        public string Name => "kept";

        public float[][] Embed(IReadOnlyList<string> texts, CancellationToken cancellationToken = default) =>
            questionsWork ? EmbedCorpus(texts, cancellationToken) : throw new DllNotFoundException("libonnxruntime.so");

        public float[][] EmbedCorpus(IReadOnlyList<string> texts, CancellationToken cancellationToken = default) =>
            [.. texts.Select(t => { var v = new float[8]; v[(t.Length % 8)] = 1; return v; })];
    }
}
