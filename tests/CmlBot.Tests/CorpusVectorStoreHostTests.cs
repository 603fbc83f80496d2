using CmlBot.Bot.Understanding.Safety;
using Microsoft.Extensions.DependencyInjection;

namespace CmlBot.Tests;

/// <summary>
/// The host as shipped keeps the corpus's vectors between starts: a restart runs the model on none of them (the
/// file is not even rewritten) and answers exactly as the first start did.
/// </summary>
public sealed class CorpusVectorStoreHostTests : IDisposable
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
        var file = Assert.Single(Directory.GetFiles(_folder));
        var written = File.GetLastWriteTimeUtc(file);
        var bytes = await File.ReadAllBytesAsync(file);

        var second = await StartAndAsk();
        // Any text the store lacked (a passage, a bank question, a subject or safety example) would have been saved.
        Assert.Equal(written, File.GetLastWriteTimeUtc(file));
        Assert.Equal(bytes, await File.ReadAllBytesAsync(file));
        Assert.Equal(first, second);
    }

    private async Task<List<string>> StartAndAsk()
    {
        await using var host = await RunningHost.StartAsync([$"--Corpus:VectorStorePath={_folder}"]);
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
