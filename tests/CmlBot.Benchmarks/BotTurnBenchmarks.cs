using BenchmarkDotNet.Attributes;
using CmlBot.Bot;
using CmlBot.Bot.Answers;
using CmlBot.Bot.State;
using CmlBot.Storage;
using CmlBot.Core;
using CmlBot.Core.Corpus;
using CmlBot.Core.Retrieval;
using CmlBot.Embeddings;
using Microsoft.Bot.Builder;
using Microsoft.Bot.Builder.Adapters;
using Microsoft.Extensions.Logging.Abstractions;

namespace CmlBot.Benchmarks;

/// <summary>
/// One retrieval and one full bot turn in process, lexical and hybrid: the real bot (CmlBotFactory: the host's
/// classes) on the host's default store for conversation and user state, run through Bot Builder's TestAdapter,
/// so the figure is the bot's own cost without HTTP.
/// </summary>
[MemoryDiagnoser]
public class BotTurnBenchmarks
{
    private const string Question = "Why do donor lymphocyte infusions work?";

    private QuestionAnswerer _answerer = null!;
    private ITextEmbedder? _embedder;
    private IBot _bot = null!;
    private TestAdapter _adapter = null!;
    private long _conversation;

    [Params(RetrievalOptions.Lexical, RetrievalOptions.Hybrid)]
    public string Mode { get; set; } = RetrievalOptions.Lexical;

    [GlobalSetup]
    public virtual void Setup()
    {
        var options = new CorpusOptions { Path = Path.Combine(Repo.Root(), "corpus") };
        var retrieval = new RetrievalOptions { Mode = Mode };
        if (retrieval.IsHybrid)
            _embedder = EmbedderLoader.TryLoad(NullLogger.Instance)
                        ?? throw new InvalidOperationException("hybrid: the embedding model could not be loaded (see CmlBot.Embeddings)");
        _answerer = QuestionAnswerer.CreateAsync(options, retrieval, embedder: _embedder).GetAwaiter().GetResult();
        if (_answerer.Mode != Mode) throw new InvalidOperationException($"asked for {Mode}, got {_answerer.Mode}");
        // One bot, one store for the whole run, as in the host (its default store): state grows by one conversation per turn.
        _bot = new CmlBotFactory(new BotOptions(), new ReadyCoreProvider(_answerer)).Create(new ExpiringMemoryStorage(new MemoryStorageOptions(), TimeProvider.System));
        _adapter = new TestAdapter();
        if (Turn() < 2) throw new InvalidOperationException("expected a welcome and an answer");
    }

    [GlobalCleanup]
    public void Cleanup()
    {
        _answerer.Dispose();
        (_embedder as IDisposable)?.Dispose();
    }

    /// <summary>The question's analysis alone (spelling, synonyms, concepts): what retrieval costs before Lucene runs.</summary>
    [Benchmark(Description = "query plan")]
    public int Plan() => _answerer.Retriever.Plan(Question).Concepts.Count;

    [Benchmark(Description = "one retrieval")]
    public int Retrieve() => _answerer.Retriever.Search(Question, 8).Hits.Count;

    /// <summary>A new user's first message: state loaded (empty), welcome and answer sent, both states saved.</summary>
    [Benchmark(Description = "bot turn: fresh conversation, question")]
    public int Turn()
    {
        // Bot Builder's TestAdapter, on a conversation and user of their own each turn; its replies are taken off its
        // queue so that the queue does not grow over the run.
        var n = Interlocked.Increment(ref _conversation);
        _adapter.Conversation = TestAdapter.CreateConversation($"c{n}", $"u{n}", "cmlbot");
        _adapter.SendTextToBotAsync(Question, _bot.OnTurnAsync, CancellationToken.None).GetAwaiter().GetResult();
        var sent = 0;
        while (_adapter.GetNextReply() is not null) sent++;
        return sent;
    }
}
