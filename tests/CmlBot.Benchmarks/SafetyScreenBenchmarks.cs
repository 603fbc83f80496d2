using BenchmarkDotNet.Attributes;
using CmlBot.Bot.Understanding.Safety;

namespace CmlBot.Benchmarks;

/// <summary>
/// The safety screen's phrases and patterns (no model) on one message: a patient's question that shares words with
/// the medicine phrases and triggers nothing, and a message that triggers the emergency group.
/// </summary>
[MemoryDiagnoser]
public class SafetyScreenBenchmarks
{
    private SafetyScreen _screen = null!;

    [Params(
        "Hi, should I take dasatinib after imatinib stops working for my dad? Thank you.",
        "I took too many of my Gleevec pills this morning and feel dizzy")]
    public string Message { get; set; } = "";

    [GlobalSetup]
    public void Setup() => _screen = new SafetyScreen(SafetyRules.Load(Path.Combine(Repo.Root(), "corpus", "safety.txt")));

    [Benchmark(Description = "screen (phrases and patterns)")]
    public SafetyClasses Screen() => _screen.Check(Message).Classes;
}
