using System.Text.Json;
using CmlBot.Cli;

namespace CmlBot.Tests;

/// <summary>The JSON contract of <c>ask</c>, one question and one a line, and its plain-text form.</summary>
[Collection(HostCollection.Name)]
public sealed class AskCommandTests(HostFixture fixture)
{
    private async Task<(int Code, string Output)> Ask(string[] args, string input = "")
    {
        var output = new StringWriter();
        var code = await AskCommand.RunAsync(fixture.Core, args, new StringReader(input), output, CancellationToken.None);
        return (code, output.ToString());
    }

    private static readonly string[] Fields = ["question", "answered", "confidence", "answer", "passages", "references", "safety"];

    [Theory]
    [InlineData("my dad swallowed a handful of my gleevec", "emergency")]
    [InlineData("whats the point of going on anymore", "crisis")]
    [InlineData("i have a fever of 101 after my transplant", "urgent")]
    [InlineData("can i stop taking sprycel for a week while on holiday", "medicine-change")]
    public async Task The_json_names_the_safety_class_the_message_needs(string question, string safety)
    {
        var screen = new Bot.Understanding.Safety.SafetyScreen(Bot.Understanding.Safety.SafetyRules.Load(Path.Combine(RepoRoot.Path, "corpus", "safety.txt")));
        var output = new StringWriter();
        Assert.Equal(0, await AskCommand.RunAsync(fixture.Core, ["--json"], new StringReader(question + "\nWhat is overt failure?\n"), output, CancellationToken.None, screen));
        var lines = output.ToString().Split('\n', StringSplitOptions.RemoveEmptyEntries);
        using var first = JsonDocument.Parse(lines[0]);
        using var second = JsonDocument.Parse(lines[1]);
        Assert.Equal(safety, first.RootElement.GetProperty("safety").GetString());
        Assert.Equal(JsonValueKind.Null, second.RootElement.GetProperty("safety").ValueKind);
    }

    [Fact]
    public async Task An_answer_is_one_json_object_with_the_contracted_fields()
    {
        var (code, text) = await Ask(["--json", "Can I take imatinib if my CML returns after my transplant?"]);
        Assert.Equal(0, code);
        var line = Assert.Single(text.Split('\n', StringSplitOptions.RemoveEmptyEntries));
        using var doc = JsonDocument.Parse(line);
        var root = doc.RootElement;
        Assert.Equal(Fields, root.EnumerateObject().Select(p => p.Name));
        Assert.Equal("Can I take imatinib if my CML returns after my transplant?", root.GetProperty("question").GetString());
        Assert.True(root.GetProperty("answered").GetBoolean());
        Assert.InRange(root.GetProperty("confidence").GetDouble(), 0, 1);
        Assert.Contains("Most patients will respond to imatinib mesylate", root.GetProperty("answer").GetString(), StringComparison.Ordinal);

        var passages = root.GetProperty("passages").EnumerateArray().ToList();
        Assert.InRange(passages.Count, 1, 3);
        foreach (var p in passages)
            Assert.Equal(["document", "section", "text", "references"], p.EnumerateObject().Select(x => x.Name));
        Assert.Equal("Chronic Myelogenous Leukemia Treatment (PDQ®)", passages[0].GetProperty("document").GetString());
        Assert.Equal("Relapsing Chronic Myelogenous Leukemia", passages[0].GetProperty("section").GetString());

        // Exactly the numbers the answer cites: those of the quoted (first) passage, each with its full text.
        var references = root.GetProperty("references").EnumerateArray().ToList();
        Assert.Equal(passages[0].GetProperty("references").EnumerateArray().Select(n => n.GetInt32()), references.Select(r => r.GetProperty("number").GetInt32()));
        Assert.Equal([14, 15, 16, 17], references.Select(r => r.GetProperty("number").GetInt32()));
        Assert.All(references, r => Assert.Equal(["number", "text"], r.EnumerateObject().Select(x => x.Name)));
        Assert.StartsWith("Olavarria E, Ottmann OG, Deininger M, et al.: Response to imatinib", references[1].GetProperty("text").GetString(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task An_unanswered_question_has_empty_passages_and_references()
    {
        var (_, text) = await Ask(["--json", "How much does imatinib cost?"]);
        using var doc = JsonDocument.Parse(text);
        var root = doc.RootElement;
        Assert.False(root.GetProperty("answered").GetBoolean());
        Assert.Empty(root.GetProperty("passages").EnumerateArray());
        Assert.Empty(root.GetProperty("references").EnumerateArray());
        Assert.Contains("1-800-4-CANCER", root.GetProperty("answer").GetString(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Standard_input_gives_one_object_a_line_in_order()
    {
        string[] questions = ["who wrote reference 4?", "How much does imatinib cost?", "", "What is a donor lymphocyte infusion?", "AND \"*? / field:x NOT ("];
        var (code, text) = await Ask(["--json"], string.Join("\n", questions) + "\n");
        Assert.Equal(0, code);
        var lines = text.Split('\n', StringSplitOptions.RemoveEmptyEntries);
        Assert.Equal(questions.Length, lines.Length);
        for (var i = 0; i < questions.Length; i++)
        {
            using var doc = JsonDocument.Parse(lines[i]);
            Assert.Equal(questions[i], doc.RootElement.GetProperty("question").GetString());
        }
        using (var first = JsonDocument.Parse(lines[0])) Assert.Equal(4, first.RootElement.GetProperty("references")[0].GetProperty("number").GetInt32());
    }

    [Fact]
    public async Task The_plain_answer_reads_as_a_person_reads_it()
    {
        var (code, text) = await Ask(["What", "is", "a", "donor", "lymphocyte", "infusion?"]);
        Assert.Equal(0, code);
        Assert.StartsWith("From the summary:", text, StringComparison.Ordinal);
        Assert.Contains("“Infusions of buffy coat leukocytes", text, StringComparison.Ordinal);
        Assert.Contains("References", text, StringComparison.Ordinal);
        Assert.Contains("[13] Dazzi F", text, StringComparison.Ordinal);
        Assert.Contains("last modified 03/06/2009", text, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Ask_without_a_question_or_json_is_a_usage_error() => Assert.Equal(2, (await Ask([])).Code);

    [Fact]
    public async Task A_bad_corpus_exits_2()
    {
        var dir = Directory.CreateTempSubdirectory("cmlbot-badcorpus-").FullName;
        try
        {
            await File.WriteAllTextAsync(Path.Combine(dir, "bad.txt"), "");
            Assert.Equal(2, await CommandLine.RunAsync(["ask", $"--Corpus:Path={dir}", "anything"], RepoRoot.Path, CancellationToken.None));
        }
        finally { Directory.Delete(dir, recursive: true); }
    }

    [Theory]
    [InlineData("--jsn")]
    [InlineData("--set")]
    public async Task An_unknown_option_exits_2_instead_of_being_asked(string option)
    {
        Assert.Equal(option, AskCommand.UnknownOption([option, "What is DLI?"]));
        // Refused before the core loads: no answer to a question nobody meant.
        Assert.Equal(2, await CommandLine.RunAsync(["ask", option, "What is DLI?"], RepoRoot.Path, CancellationToken.None));
    }

    [Fact]
    public void The_documented_options_are_known() =>
        Assert.Null(AskCommand.UnknownOption(["--json", "--explain", "What is DLI?"]));
}
