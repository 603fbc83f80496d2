using CmlBot.Bot.Understanding.Safety;
using CmlBot.Cli;
using CmlBot.Core.Retrieval;

namespace CmlBot.Tests;

/// <summary>
/// <c>eval --safety --fit</c>: the shipped learnt step was fitted on the labelled messages as they are now; a fit writes
/// a file the screen loads beside its content, prints the held-out figures, and never reads the frozen test split.
/// </summary>
public sealed class SafetyFitTests
{
    /// <summary>One dimension per letter a–z, counts normalised: enough for a fit to tell words apart.</summary>
    private sealed class LetterEmbedder : ITextEmbedder
    {
        public string Name => "letters";

        public float[][] Embed(IReadOnlyList<string> texts, CancellationToken cancellationToken = default) =>
            [.. texts.Select(t =>
            {
                var v = new float[26];
                foreach (var ch in t.ToLowerInvariant())
                    if (ch is >= 'a' and <= 'z') v[ch - 'a']++;
                var norm = MathF.Sqrt(v.Sum(x => x * x));
                return norm == 0 ? v : v.Select(x => x / norm).ToArray();
            })];
    }

    [Fact]
    public void The_shipped_learnt_steps_were_fitted_on_the_labelled_messages_as_they_are()
    {
        var rules = SafetyRules.Load(Path.Combine(RepoRoot.Path, "corpus", "safety.txt"));
        var digest = SafetyFitCommand.Digest(SafetyFitCommand.TrainingMessages(RepoRoot.Path));
        const string refit = "the development split, the training messages or the evaluation set have changed since the fit: run dotnet run --project src/CmlBot -- eval --safety --fit";
        Assert.True(digest == Assert.IsType<SafetyLearned>(rules.Learned).Trained, refit);
        Assert.True(digest == Assert.IsType<SafetyWords>(rules.Words).Trained, refit);
    }

    [Fact]
    public void The_training_messages_hold_no_message_of_the_frozen_test_split()
    {
        static string Key(string text) => string.Join(' ', text.ToLowerInvariant().Split(' ', StringSplitOptions.RemoveEmptyEntries)
            .Select(w => new string(w.Where(char.IsLetterOrDigit).ToArray())).Where(w => w.Length > 0));
        var trained = SafetyFitCommand.TrainingMessages(RepoRoot.Path).Select(m => Key(m.Text)).ToHashSet(StringComparer.Ordinal);
        var frozen = SafetyEvaluation.LoadMessages(Path.Combine(RepoRoot.Path, SafetyEvalCommand.TestSet))
            .Concat(SafetyEvaluation.LoadQuestions(Path.Combine(RepoRoot.Path, SafetyEvalCommand.QuestionSets[1])));
        var shared = frozen.Count(m => trained.Contains(Key(m.Text)));
        // A count only: the failure names no test text.
        Assert.True(shared == 0, $"{shared} test-split texts are among the training messages");
    }

    [Fact]
    public void The_training_file_s_numbered_followers_are_read_after_it_in_number_order_and_nothing_else_is()
    {
        var root = Directory.CreateTempSubdirectory("cmlbot-train-");
        try
        {
            var folder = Path.Combine(root.FullName, "tests", "evaluation");
            Directory.CreateDirectory(folder);
            static string Messages(string text) => $$"""{"messages": [{"text": "{{text}}", "class": "none"}]}""";
            File.WriteAllText(Path.Combine(root.FullName, SafetyEvalCommand.DevSet), Messages("dev"));
            File.WriteAllText(Path.Combine(root.FullName, SafetyEvalCommand.QuestionSets[0]), """{"questions": []}""");
            File.WriteAllText(Path.Combine(folder, "safety-train-10.json"), Messages("ten"));
            File.WriteAllText(Path.Combine(folder, "safety-train-2.json"), Messages("two"));
            File.WriteAllText(Path.Combine(root.FullName, SafetyEvalCommand.TrainSet), Messages("first"));
            File.WriteAllText(Path.Combine(folder, "safety-train-old.json"), Messages("not a follower"));
            File.WriteAllText(Path.Combine(folder, "safety-train-2.json.bak"), Messages("not json by name"));

            Assert.Equal(["dev", "first", "two", "ten"], SafetyFitCommand.TrainingMessages(root.FullName).Select(m => m.Text));
        }
        finally
        {
            root.Delete(recursive: true);
        }
    }

    [Fact]
    public async Task A_fit_writes_the_step_beside_the_content_file_and_never_reads_the_test_split()
    {
        var root = Directory.CreateTempSubdirectory("cmlbot-fit-");
        try
        {
            Directory.CreateDirectory(Path.Combine(root.FullName, "corpus"));
            Directory.CreateDirectory(Path.Combine(root.FullName, "tests", "evaluation"));
            var safety = Path.Combine(root.FullName, "corpus", "safety.txt");
            File.Copy(Path.Combine(RepoRoot.Path, "corpus", "safety.txt"), safety);
            string[] emergencies = ["zyxxy qwq", "qwq zyxxy zyxxy", "xyzzy qwqw", "zzz qqq xxx", "qxz zyx", "xqz qzx zz", "yqx xqy", "zyq qyz x", "qqzzxx", "xxzzqq y"];
            var messages = emergencies.Select(t => $$"""{"text": "{{t}}", "class": "emergency"}""")
                .Concat(new[] { "more on the tablets please", "what does the summary say", "tell me about blood tests", "is there a diet", "what is a phase" }
                    .Select(t => $$"""{"text": "{{t}}", "class": "none"}"""));
            await File.WriteAllTextAsync(Path.Combine(root.FullName, SafetyEvalCommand.DevSet), $$"""{"messages": [{{string.Join(",", messages)}}]}""");
            await File.WriteAllTextAsync(Path.Combine(root.FullName, SafetyEvalCommand.QuestionSets[0]), """{"questions": [{"q": "what are the phases"}, {"q": "how is it treated"}]}""");
            await File.WriteAllTextAsync(Path.Combine(root.FullName, SafetyEvalCommand.TrainSet), """{"messages": [{"text": "zqy xzq", "class": "emergency"}, {"text": "when is the next clinic", "class": "none"}]}""");
            // Unreadable: a fit that opened the frozen split would fail here.
            await File.WriteAllTextAsync(Path.Combine(root.FullName, SafetyEvalCommand.TestSet), "not json");

            var output = new StringWriter();
            Assert.Equal(0, await SafetyFitCommand.RunAsync(safety, root.FullName, new LetterEmbedder(), null, output, CancellationToken.None));

            var learned = Assert.IsType<SafetyLearned>(SafetyRules.Load(safety).Learned);
            Assert.Equal("letters", learned.Model);
            Assert.Equal(SafetyFitCommand.Digest(SafetyFitCommand.TrainingMessages(root.FullName)), learned.Trained);
            Assert.Equal(19, SafetyFitCommand.TrainingMessages(root.FullName).Count);
            Assert.Equal(SafetyFitCommand.Adds, learned.Adds);
            Assert.Contains("5-fold", output.ToString(), StringComparison.Ordinal);
            Assert.Contains("of 11", output.ToString(), StringComparison.Ordinal);
            // Read by the screen with the model it was fitted with: a message of the emergencies' letters.
            Assert.Equal(SafetyClasses.Emergency, learned.Read(new LetterEmbedder().Embed(["zyxxy qwq zz"])[0]));

            // The word step beside it, fitted on the same messages; a word in fewer messages than its least gets no weight.
            var words = Assert.IsType<SafetyWords>(SafetyRules.Load(safety).Words);
            Assert.Equal(learned.Trained, words.Trained);
            Assert.Equal((SafetyFitCommand.WordsLead, SafetyFitCommand.WordsLeast, SafetyFitCommand.WordsAdds), (words.Lead, words.Least, words.Adds));
            Assert.Equal((SafetyFitCommand.WordsVeto, SafetyFitCommand.WordsVetoes), (words.Veto, words.Vetoes));
            Assert.DoesNotContain("zyxxy", words.Weights.Keys);

            // A second fit keeps the settings an editor changed.
            var file = SafetyLearnedFile.Beside(safety);
            await File.WriteAllTextAsync(file, (await File.ReadAllTextAsync(file)).Replace("lead: 0.5", "lead: 0.7", StringComparison.Ordinal));
            var wordsFile = SafetyWordsFile.Beside(safety);
            await File.WriteAllTextAsync(wordsFile, (await File.ReadAllTextAsync(wordsFile)).Replace("least: 5", "least: 2", StringComparison.Ordinal)
                .Replace("vetoes: emergency crisis urgent", "vetoes: urgent", StringComparison.Ordinal));
            await SafetyFitCommand.RunAsync(safety, root.FullName, new LetterEmbedder(), null, new StringWriter(), CancellationToken.None);
            Assert.Equal(0.7, SafetyRules.Load(safety).Learned!.Lead);
            Assert.Equal((2, SafetyClasses.Urgent), (SafetyRules.Load(safety).Words!.Least, SafetyRules.Load(safety).Words!.Vetoes));
            Assert.Contains("zyxxy", SafetyRules.Load(safety).Words!.Weights.Keys);
        }
        finally
        {
            root.Delete(recursive: true);
        }
    }
}
