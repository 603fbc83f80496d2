using BenchmarkDotNet.Attributes;
using CmlBot.Core;
using CmlBot.Core.Corpus;
using CmlBot.Core.Evaluation;

namespace CmlBot.Benchmarks;

/// <summary>The core's costs: parsing the summary, building the index, one question (and the plain-BM25 baseline beside it).</summary>
[MemoryDiagnoser]
public class CoreBenchmarks
{
    private string _seedPath = "";
    private string _seedText = "";
    private CorpusOptions _options = new();
    private CorpusSet _corpus = null!;
    private QuestionAnswerer _answerer = null!;
    private PlainBm25Baseline _baseline = null!;

    [Params(0, 1, 2, 3, 4, 5)]
    public int Question { get; set; }

    [GlobalSetup]
    public void Setup()
    {
        var root = Repo.Root();
        _options = new CorpusOptions { Path = Path.Combine(root, "corpus") };
        _seedPath = Path.Combine(_options.Path, "000_ab607018458266da.txt");
        _seedText = File.ReadAllText(_seedPath);
        _corpus = new CorpusLoader(_options).LoadAsync().GetAwaiter().GetResult();
        _answerer = QuestionAnswerer.Create(_corpus, _options);
        _baseline = new PlainBm25Baseline(_answerer.Passages);
    }

    [GlobalCleanup]
    public void Cleanup()
    {
        _answerer.Dispose();
        _baseline.Dispose();
    }

    [Benchmark(Description = "ask (lexical)")]
    public bool Ask() => _answerer.Ask(Repo.Questions[Question]).Answered;

    [Benchmark(Description = "plain BM25 baseline")]
    public bool PlainBm25() => _baseline.Ask(Repo.Questions[Question]).Answered;
}

/// <summary>Start-up costs, measured once per invocation.</summary>
[MemoryDiagnoser]
public class StartupBenchmarks
{
    private string _seedText = "";
    private CorpusOptions _options = new();
    private CorpusSet _corpus = null!;

    [GlobalSetup]
    public void Setup()
    {
        _options = new CorpusOptions { Path = Path.Combine(Repo.Root(), "corpus") };
        _seedText = File.ReadAllText(Path.Combine(_options.Path, "000_ab607018458266da.txt"));
        _corpus = new CorpusLoader(_options).LoadAsync().GetAwaiter().GetResult();
    }

    [Benchmark(Description = "parse the summary")]
    public int Parse() => PdqPageParser.Parse("seed.txt", _seedText).Sentences.Count();

    [Benchmark(Description = "build the index (analysis, synonyms, Lucene)")]
    public int BuildIndex()
    {
        using var answerer = QuestionAnswerer.Create(_corpus, _options);
        return answerer.Passages.Count;
    }
}
