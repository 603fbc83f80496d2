using CmlBot.Bot.Understanding.Safety;
using Microsoft.Extensions.DependencyInjection;

namespace CmlBot.Tests;

/// <summary>
/// The host as shipped keeps the model's file and the corpus's vectors between starts: a restart runs the model on
/// none of the corpus's texts (nothing is even rewritten) and answers exactly as the first start did.
/// </summary>
public sealed class CacheFolderHostTests : IDisposable
{
    private readonly string _folder = Path.Combine(Path.GetTempPath(), "cmlbot-host-vectors-" + Guid.NewGuid().ToString("N"));

    public void Dispose()
    {
        if (Directory.Exists(_folder)) Directory.Delete(_folder, recursive: true);
    }

    private static readonly string[] Questions =
    [
        "my pcr keeps going up on gleevec, is it back?",
        "what can they do if the transplant didn't hold?",
        "how much does tasigna cost a month",
        "What is a buffy coat infusion?",
    ];

    [Fact]
    public async Task A_restart_reads_every_corpus_vector_and_answers_the_same()
    {
        var first = await StartAndAsk();
        var files = Directory.GetFiles(_folder).Order(StringComparer.Ordinal).ToList();
        Assert.Equal([".onnx", ".vectors"], files.Select(Path.GetExtension));
        var written = files.Select(File.GetLastWriteTimeUtc).ToList();
        var vectors = await File.ReadAllBytesAsync(files[1]);

        var second = await StartAndAsk();
        // Any text the store lacked (a passage, a bank question, a subject or safety example) would have been saved,
        // and the model's file is written only when missing.
        Assert.Equal(files, Directory.GetFiles(_folder).Order(StringComparer.Ordinal));
        Assert.Equal(written, files.Select(File.GetLastWriteTimeUtc));
        Assert.Equal(vectors, await File.ReadAllBytesAsync(files[1]));
        Assert.Equal(first, second);
    }

    private async Task<List<string>> StartAndAsk()
    {
        await using var host = await RunningHost.StartAsync([$"--Retrieval:CacheFolder={_folder}"]);
        var core = await host.CoreAsync();
        Assert.NotNull(core.Matcher); // hybrid, with the model
        var screen = host.Services.GetRequiredService<SafetyScreen>();
        var seen = new List<string>();
        foreach (var q in Questions)
        {
            var (evidence, decision) = core.Understand(q);
            seen.Add($"{decision.Kind} {decision.PassageId} {decision.Subject?.Id} {evidence.Examples?.BestBank:R} {core.Ask(q).Text}");
            seen.Add((await screen.CheckAsync(q, CancellationToken.None)).Classes.ToString());
        }
        seen.Add((await screen.CheckAsync("everything feels pointless lately", CancellationToken.None)).Classes.ToString());
        return seen;
    }
}
