using System.Buffers;
using System.Text;
using BenchmarkDotNet.Attributes;
using CmlBot.Bot.Answers;
using CmlBot.LoadTest;
using CmlBot.DirectLine;
using CmlBot.DirectLine.Store;
using CmlBot.Hosting;
using Microsoft.AspNetCore.Builder;
using Microsoft.Bot.Builder;
using Microsoft.Extensions.DependencyInjection;

namespace CmlBot.Benchmarks;

/// <summary>
/// What a Direct Line turn costs the host besides HTTP, for CmlBot and for the load test's echo bot: the posted body
/// read as an activity, the bot's turn (state loaded and saved), its replies written to the store as JSON, and the
/// client's page of activities written out. The host's own services (BotHost.Build), so the same store, adapter and
/// state as under load. One invocation is one conversation as the load test plays it: started (the welcome), six
/// turns (a question, "which study?", "tell me more", twice), and the last page acknowledged; figures are per turn.
/// </summary>
[MemoryDiagnoser]
public class DirectLineTurnBenchmarks
{
    private const int TurnsPerConversation = 6;

    private WebApplication _app = null!;
    private IBot _bot = null!;
    private DirectLineAdapter _adapter = null!;
    private IDirectLineStore _store = null!;
    private readonly ArrayBufferWriter<byte> _page = new(64 * 1024);
    private long _conversation;

    [Params("cmlbot", "echo")]
    public string Bot { get; set; } = "cmlbot";

    [GlobalSetup]
    public void Setup()
    {
        // The load test's host settings (lexical retrieval: the targets' mode), on a loopback port nobody calls.
        string[] args = ["--urls=http://127.0.0.1:0", "--Logging:LogLevel:Default=Warning", "--Retrieval:Mode=lexical", .. LoadTestHosts.LoadOverrides];
        _app = BotHost.Build(args, Repo.Root(), Bot == "echo" ? s => s.AddSingleton<IBot, LoadTestEchoBot>() : null);
        _app.StartAsync().GetAwaiter().GetResult();
        _app.Services.GetRequiredService<ICoreProvider>().GetAsync(CancellationToken.None).GetAwaiter().GetResult();
        _bot = _app.Services.GetRequiredService<IBot>();
        _adapter = _app.Services.GetRequiredService<DirectLineAdapter>();
        _store = _app.Services.GetRequiredService<IDirectLineStore>();
        if (Conversation() < TurnsPerConversation) throw new InvalidOperationException("expected a reply to every turn");
    }

    [GlobalCleanup]
    public void Cleanup()
    {
        _app.StopAsync().GetAwaiter().GetResult();
        _app.DisposeAsync().AsTask().GetAwaiter().GetResult();
    }

    [Benchmark(Description = "Direct Line turn in process (post, bot, page)", OperationsPerInvoke = TurnsPerConversation)]
    public int Conversation() => ConversationAsync().GetAwaiter().GetResult();

    private async Task<int> ConversationAsync()
    {
        var number = ++_conversation;
        var id = $"bench{number}";
        await _store.CreateConversationAsync(id, "bench", CancellationToken.None);
        await _adapter.StartConversationAsync(id, _bot, CancellationToken.None);
        var (watermark, _) = await PageAsync(id, null);
        var answered = 0;
        for (var turn = 0; turn < TurnsPerConversation; turn++)
        {
            var script = LoadTestScript.Turn(number, turn);
            using var body = new MemoryStream(Encoding.UTF8.GetBytes(
                $$$"""{"type":"message","text":"{{{script.Text}}}","from":{"id":"user","role":"user"},"channelData":{"clientActivityID":"{{{turn}}}"}}"""));
            var activity = ActivityJson.Deserialize(body)!;
            await _adapter.ProcessUserActivityAsync(id, activity, _bot, CancellationToken.None);
            (watermark, var count) = await PageAsync(id, watermark);
            if (count > 1) answered++; // more than the user's own activity came back
        }
        await _store.GetActivitiesAsync(id, watermark, 1, CancellationToken.None); // acknowledges the rest, as a client's next poll
        return answered;
    }

    private async Task<(long? Watermark, int Count)> PageAsync(string id, long? watermark)
    {
        var page = (await _store.GetActivitiesAsync(id, watermark, 100, CancellationToken.None))!;
        _page.Clear();
        ActivitySetResult.Write(_page, page, ActivitySetResult.Watermark(page));
        return (page.Watermark, page.Activities.Count);
    }
}
