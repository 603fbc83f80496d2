using CmlBot.Bot.Tests.Infrastructure;
using CmlBot.Bot.Understanding.Safety;
using CmlBot.Core.Corpus;

namespace CmlBot.Bot.Tests;

/// <summary>
/// <c>corpus/safety.weights</c>: what a fit writes reads back the same; every malformed line is refused at
/// start-up with its file and line; the shipped file goes with the shipped content and model.
/// </summary>
public sealed class SafetyLearnedFileTests
{
    private const string File = "corpus/safety.weights";
    private static readonly KeywordEmbedder Model = new("keywords", ["fell", "sad", "hot", "stop", "cat"]);

    private static SafetyLearned Fit()
    {
        string[] texts = ["fell fell", "fell", "sad", "sad sad", "hot", "stop", "cat", "cat cat"];
        SafetyClasses[] classes = [SafetyClasses.Emergency, SafetyClasses.Emergency, SafetyClasses.Crisis, SafetyClasses.Crisis,
            SafetyClasses.Urgent, SafetyClasses.MedicineChange, SafetyClasses.None, SafetyClasses.None];
        return SafetyLearned.Fit(Model.Embed(texts), classes, "keywords", "abc123", 0.1, 0.5, 0.4, SafetyClasses.Emergency | SafetyClasses.Crisis);
    }

    private static readonly string Written = SafetyLearnedFile.Write(Fit(), "a test");

    [Fact]
    public void A_written_fit_reads_back_the_same()
    {
        var fit = Fit();
        var read = SafetyLearnedFile.Parse(File, Written);
        Assert.Equal(("keywords", "abc123", 0.1, 0.5, 0.4), (read.Model, read.Trained, read.Ridge, read.Lead, read.Floor));
        Assert.Equal(SafetyClasses.Emergency | SafetyClasses.Crisis, read.Adds);
        Assert.Equal(fit.Classifier.Bias, read.Classifier.Bias);
        for (var c = 0; c < SafetyLearned.Classes.Count; c++) Assert.Equal(fit.Classifier.Weights[c], read.Classifier.Weights[c]);
        foreach (var text in new[] { "fell fell", "sad", "cat", "hot hot" })
            Assert.Equal(fit.Read(Model.Embed([text])[0]), read.Read(Model.Embed([text])[0]));
        Assert.Equal(SafetyClasses.Emergency, read.Read(Model.Embed(["fell fell"])[0]));
    }

    [Theory]
    [InlineData("lead: 0.5", "lead: 3", "\"lead:\" must be a number from 0 to 2")]
    [InlineData("floor: 0.4", "floor: high", "\"floor:\" must be a number")]
    [InlineData("adds: emergency crisis", "adds: emergency none", "\"none\" is not a class it may add")]
    [InlineData("ridge: 0.1", "ridge: 0.1\nridge: 0.2", "\"ridge:\" is given twice")]
    [InlineData("model: keywords", "modle: keywords", "unknown key \"modle:\"")]
    [InlineData("weights: crisis ", "weights: sadness ", "\"sadness\" is not a class")]
    [InlineData("weights: crisis ", "weights: emergency ", "the weights of emergency are given twice")]
    [InlineData("weights: urgent ", "weights: urgent 1 two ", "\"two\" (number 2) is not a number")]
    [InlineData("weights: urgent ", "weights: urgent 0.5 ", "6 weights, where the lines before have 5")]
    public void A_malformed_line_is_refused_with_its_line(string line, string by, string problem)
    {
        var text = TextEdit.ReplaceFirst(Written, line, by);
        var expected = text.Split('\n').ToList().FindLastIndex(l => l.StartsWith(by.Split('\n')[^1].TrimEnd(), StringComparison.Ordinal)) + 1;
        var e = Assert.Throws<CorpusFormatException>(() => SafetyLearnedFile.Parse(File, text));
        Assert.Equal((File, expected), (e.File, e.LineNumber));
        Assert.Contains(problem, e.Problem, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("model: keywords\n", "\"model:\" is missing")]
    [InlineData("trained: abc123\n", "\"trained:\" is missing")]
    public void A_missing_setting_is_refused(string line, string problem)
    {
        var e = Assert.Throws<CorpusFormatException>(() => SafetyLearnedFile.Parse(File, Written.Replace(line, "", StringComparison.Ordinal)));
        Assert.Contains(problem, e.Problem, StringComparison.Ordinal);
    }

    [Fact]
    public void A_class_without_weights_is_refused()
    {
        var without = string.Join('\n', Written.Split('\n').Where(l => !l.StartsWith("weights: none", StringComparison.Ordinal)));
        Assert.Contains("the weights of none are missing", Assert.Throws<CorpusFormatException>(() => SafetyLearnedFile.Parse(File, without)).Problem, StringComparison.Ordinal);
    }

    [Fact]
    public void The_shipped_file_goes_with_the_content_file_and_the_shipped_model()
    {
        var rules = SafetyRules.Load(Path.Combine(RepoRoot.Path, "corpus", "safety.txt"));
        var learned = Assert.IsType<SafetyLearned>(rules.Learned);
        Assert.Equal(Path.Combine(RepoRoot.Path, "corpus", "safety.weights"), SafetyLearnedFile.Beside(rules.File));
        Assert.True(learned.Reads("all-MiniLM-L6-v2 (int8 questions)"));
        Assert.Equal(SafetyClasses.Emergency | SafetyClasses.Crisis, learned.Adds);
        Assert.Equal(384, learned.Classifier.Weights[0].Length);
    }

    [Fact]
    public void A_content_file_with_no_learnt_step_beside_it_works_without_one()
    {
        var folder = Directory.CreateTempSubdirectory("cmlbot-safety-");
        try
        {
            var path = Path.Combine(folder.FullName, "safety.txt");
            System.IO.File.Copy(Path.Combine(RepoRoot.Path, "corpus", "safety.txt"), path);
            Assert.Null(SafetyRules.Load(path).Learned);
            System.IO.File.WriteAllText(SafetyLearnedFile.Beside(path), Written.Replace("lead: 0.5", "lead: -1", StringComparison.Ordinal));
            var e = Assert.Throws<CorpusFormatException>(() => SafetyRules.Load(path));
            Assert.Equal(SafetyLearnedFile.Beside(path), e.File);
        }
        finally
        {
            folder.Delete(recursive: true);
        }
    }
}
