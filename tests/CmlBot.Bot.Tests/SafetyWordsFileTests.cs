using CmlBot.Bot.Tests.Infrastructure;
using CmlBot.Bot.Understanding.Safety;
using CmlBot.Core.Corpus;

namespace CmlBot.Bot.Tests;

/// <summary>
/// <c>corpus/safety.words</c>: what a fit writes reads back the same; every malformed line is refused at start-up with
/// its file and line; the shipped file goes with the shipped content.
/// </summary>
public sealed class SafetyWordsFileTests
{
    private const string File = "corpus/safety.words";

    private static SafetyWords Fit()
    {
        string[] texts = ["went grey and slumped", "slumped and went grey", "nothing to live for", "hot and shivery", "halt the tablets", "what is a chart", "when is the clinic"];
        SafetyClasses[] classes = [SafetyClasses.Emergency, SafetyClasses.Emergency, SafetyClasses.Crisis, SafetyClasses.Urgent,
            SafetyClasses.MedicineChange, SafetyClasses.None, SafetyClasses.None];
        return SafetyWords.Fit([.. texts.Select(t => SafetyText.Prepare(t, SafetyRules.MaxTextLength))], classes, "abc123", 0.1, 1, 0.5, 0.4,
            SafetyClasses.Emergency | SafetyClasses.Crisis, 0.6, SafetyClasses.Emergency | SafetyClasses.Urgent);
    }

    private static readonly string Written = SafetyWordsFile.Write(Fit(), "a test");

    [Fact]
    public void A_written_fit_reads_back_the_same()
    {
        var fit = Fit();
        var read = SafetyWordsFile.Parse(File, Written);
        Assert.Equal((fit.Trained, fit.Ridge, fit.Least, fit.Lead, fit.Floor, fit.Adds), (read.Trained, read.Ridge, read.Least, read.Lead, read.Floor, read.Adds));
        Assert.Equal((0.6, SafetyClasses.Emergency | SafetyClasses.Urgent), (read.Veto, read.Vetoes));
        Assert.Equal(fit.Bias, read.Bias);
        Assert.Equal(fit.Weights.Keys.Order(StringComparer.Ordinal), read.Weights.Keys.Order(StringComparer.Ordinal));
        foreach (var (gram, w) in fit.Weights) Assert.Equal(w, read.Weights[gram]);
        Assert.Equal(Written, SafetyWordsFile.Write(read, "a test"));
        var message = SafetyText.Prepare("he went grey and slumped", SafetyRules.MaxTextLength);
        Assert.Equal(fit.Scores(message), read.Scores(message));
    }

    [Theory]
    [InlineData("lead: 0.5", "lead: 3", "\"lead:\" must be a number from 0 to 2")]
    [InlineData("least: 1", "least: 0", "\"least:\" must be a number from 1 to 1000")]
    [InlineData("adds: emergency crisis", "adds: emergency none", "\"none\" is not a class it may add")]
    [InlineData("veto: 0.6", "veto: 2.5", "\"veto:\" must be a number from 0 to 2")]
    [InlineData("vetoes: emergency urgent", "vetoes: emergency none", "\"none\" is not a class it may overrule")]
    [InlineData("ridge: 0.1", "ridge: 0.1\nridge: 0.2", "\"ridge:\" is given twice")]
    [InlineData("floor: 0.4", "flor: 0.4", "unknown key \"flor:\"")]
    [InlineData("bias: ", "bias: 1 2 ", "\"bias:\" needs 5 numbers")]
    [InlineData("bias: ", "bias: 0.5 ", "\"0.5")]
    [InlineData("trained: abc123", "trained: abc123\n1 2 3 4 word", "expected 5 weights, then a word or a pair of words")]
    [InlineData("trained: abc123", "trained: abc123\n1 2 3 4 5 went-grey", "\"went-grey\" is not a word or a pair of words")]
    [InlineData("trained: abc123", "trained: abc123\n1 2 x 4 5 grey", "\"x\" (number 3) is not a whole number")]
    [InlineData("trained: abc123", "trained: abc123\n1 2 3 4 5 went\n1 2 3 4 5 went", "\"went\" is given twice")]
    public void A_malformed_line_is_refused_with_its_line(string line, string by, string problem)
    {
        var text = TextEdit.ReplaceFirst(Written, line, by);
        var expected = text.Split('\n').ToList().FindLastIndex(l => l.StartsWith(by.Split('\n')[^1].TrimEnd(), StringComparison.Ordinal)) + 1;
        var e = Assert.Throws<CorpusFormatException>(() => SafetyWordsFile.Parse(File, text));
        Assert.Equal((File, expected), (e.File, e.LineNumber));
        Assert.Contains(problem, e.Problem, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("trained: abc123\n", "\"trained:\" is missing")]
    [InlineData("least: 1\n", "\"least:\" is missing")]
    [InlineData("vetoes: emergency urgent\n", "\"vetoes:\" is missing")]
    public void A_missing_setting_is_refused(string line, string problem)
    {
        var e = Assert.Throws<CorpusFormatException>(() => SafetyWordsFile.Parse(File, Written.Replace(line, "", StringComparison.Ordinal)));
        Assert.Contains(problem, e.Problem, StringComparison.Ordinal);
    }

    [Fact]
    public void An_empty_vetoes_line_overrules_nothing()
    {
        Assert.Equal(SafetyClasses.None, SafetyWordsFile.Parse(File, Written.Replace("vetoes: emergency urgent", "vetoes:", StringComparison.Ordinal)).Vetoes);
    }

    [Fact]
    public void The_shipped_file_goes_with_the_content_file()
    {
        var rules = SafetyRules.Load(Path.Combine(RepoRoot.Path, "corpus", "safety.txt"));
        var words = Assert.IsType<SafetyWords>(rules.Words);
        Assert.Equal(Path.Combine(RepoRoot.Path, "corpus", "safety.words"), SafetyWordsFile.Beside(rules.File));
        Assert.Equal(SafetyClasses.Emergency | SafetyClasses.Crisis | SafetyClasses.Urgent | SafetyClasses.MedicineChange, words.Adds);
        Assert.Equal(SafetyClasses.Emergency | SafetyClasses.Crisis | SafetyClasses.Urgent, words.Vetoes);
        Assert.Contains("chest pain", words.Weights.Keys);
    }

    [Fact]
    public void A_content_file_with_no_word_step_beside_it_works_without_one()
    {
        var folder = Directory.CreateTempSubdirectory("cmlbot-safety-");
        try
        {
            var path = Path.Combine(folder.FullName, "safety.txt");
            System.IO.File.Copy(Path.Combine(RepoRoot.Path, "corpus", "safety.txt"), path);
            Assert.Null(SafetyRules.Load(path).Words);
            System.IO.File.WriteAllText(SafetyWordsFile.Beside(path), Written.Replace("floor: 0.4", "floor: -1", StringComparison.Ordinal));
            var e = Assert.Throws<CorpusFormatException>(() => SafetyRules.Load(path));
            Assert.Equal(SafetyWordsFile.Beside(path), e.File);
        }
        finally
        {
            folder.Delete(recursive: true);
        }
    }
}
