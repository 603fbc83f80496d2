using BenchmarkDotNet.Attributes;
using CmlBot.Bot;
using CmlBot.Bot.Replies;
using CmlBot.Core;
using CmlBot.Core.Corpus;
using CmlBot.Core.Retrieval;
using Microsoft.Bot.Schema;

namespace CmlBot.Benchmarks;

/// <summary>
/// The load test's largest reply, an answer citing ten references: building it (text, suggested actions, citation
/// claims, the size check), and checking it against the message size limit, by the exact count (the reply serialised
/// as Teams would receive it) beside the bound from its strings and shape that spares the count when the reply
/// plainly fits.
/// </summary>
[MemoryDiagnoser]
public class ReplySizeBenchmarks
{
    private QuestionAnswerer _answerer = null!;
    private Core.Answers.Answer _answer = null!;
    private IMessageActivity _reply = null!;
    private readonly ReplyFactory _factory = new(new BotOptions());
    private readonly MessageSizeBound _bound = new();

    [GlobalSetup]
    public void Setup()
    {
        _answerer = QuestionAnswerer.CreateAsync(new CorpusOptions { Path = Path.Combine(Repo.Root(), "corpus") },
            new RetrievalOptions { Mode = RetrievalOptions.Lexical }).GetAwaiter().GetResult();
        _answer = _answerer.Ask("Is Tasigna an alternative after imatinib resistance?");
        if (_answer.References.Count < 10) throw new InvalidOperationException("expected an answer citing ten references");
        _reply = _factory.Answer(_answer, new AnswerView([], false, 3));
    }

    [GlobalCleanup]
    public void Cleanup() => _answerer.Dispose();

    [Benchmark(Baseline = true, Description = "reply size: exact (serialised)")]
    public int Exact() => MessageSize.Utf16Bytes(_reply);

    [Benchmark(Description = "reply size: bound")]
    public long Bound() => _bound.Characters(_reply, 0) * 2;

    // Typed object: BenchmarkDotNet's generated project does not reference the Bot Framework's assemblies (see src/BotFramework.props).
    [Benchmark(Description = "reply: build (ten references)")]
    public object Build() => _factory.Answer(_answer, new AnswerView([], false, 3));
}
