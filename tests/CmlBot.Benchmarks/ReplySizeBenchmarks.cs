using BenchmarkDotNet.Attributes;
using CmlBot.Bot;
using CmlBot.Bot.Replies;
using CmlBot.Core;
using CmlBot.Core.Corpus;
using CmlBot.Core.Retrieval;
using Microsoft.Bot.Schema;

namespace CmlBot.Benchmarks;

/// <summary>
/// Checking an answer against the message size limit: the exact count (the reply serialised as Teams would
/// receive it) beside the bound from its strings and shape that spares the count when the reply plainly fits.
/// The reply is the load test's largest: an answer citing ten references.
/// </summary>
[MemoryDiagnoser]
public class ReplySizeBenchmarks
{
    private QuestionAnswerer _answerer = null!;
    private IMessageActivity _reply = null!;
    private readonly MessageSizeBound _bound = new();

    [GlobalSetup]
    public void Setup()
    {
        _answerer = QuestionAnswerer.CreateAsync(new CorpusOptions { Path = Path.Combine(Repo.Root(), "corpus") },
            new RetrievalOptions { Mode = RetrievalOptions.Lexical }).GetAwaiter().GetResult();
        var answer = _answerer.Ask("Is Tasigna an alternative after imatinib resistance?");
        if (answer.References.Count < 10) throw new InvalidOperationException("expected an answer citing ten references");
        _reply = new ReplyFactory(new BotOptions()).Answer(answer, new AnswerView([], false, 3));
    }

    [GlobalCleanup]
    public void Cleanup() => _answerer.Dispose();

    [Benchmark(Baseline = true, Description = "reply size: exact (serialised)")]
    public int Exact() => MessageSize.Utf16Bytes(_reply);

    [Benchmark(Description = "reply size: bound")]
    public long Bound() => _bound.Characters(_reply, 0) * 2;
}
