using CmlBot.Bot.Understanding.Safety;
using CmlBot.Core.Corpus;
using CmlBot.Hosting;
using Microsoft.Extensions.DependencyInjection;

namespace CmlBot.Tests;

/// <summary>The safety file is read while the rest of the host starts, and a bad line still stops the start, naming it.</summary>
public sealed class SafetyRulesHostTests : IDisposable
{
    private readonly string _corpus = Directory.CreateTempSubdirectory("cmlbot-safety-host-").FullName;

    public SafetyRulesHostTests()
    {
        foreach (var file in Directory.GetFiles(Path.Combine(RepoRoot.Path, "corpus"))) File.Copy(file, Path.Combine(_corpus, Path.GetFileName(file)));
    }

    private string[] Args => ["--urls=http://127.0.0.1:0", "--Retrieval:Mode=lexical", $"--Corpus:Path={_corpus}"];

    [Fact]
    public void The_built_host_holds_the_rules_of_its_own_safety_file()
    {
        using var app = BotHost.Build(Args, RepoRoot.Path);

        var rules = app.Services.GetRequiredService<SafetyRules>();

        Assert.Equal(Path.Combine(_corpus, "safety.txt"), rules.File);
        Assert.NotEmpty(rules.Alerts);
        Assert.Same(rules, app.Services.GetRequiredService<SafetyRules>());
    }

    [Fact]
    public void A_bad_line_in_the_safety_file_stops_the_build_naming_the_file_and_line()
    {
        var safety = Path.Combine(_corpus, "safety.txt");
        var lines = File.ReadAllLines(safety).ToList();
        var at = lines.FindIndex(l => l.StartsWith("phrase:", StringComparison.Ordinal));
        lines.Insert(at + 1, "pattern: (unclosed");
        File.WriteAllLines(safety, lines);

        var error = Assert.Throws<CorpusFormatException>(() => ((IDisposable)BotHost.Build(Args, RepoRoot.Path)).Dispose());

        Assert.Contains($"safety.txt:{at + 2}:", error.Message, StringComparison.Ordinal);
    }

    public void Dispose() => Directory.Delete(_corpus, recursive: true);
}
