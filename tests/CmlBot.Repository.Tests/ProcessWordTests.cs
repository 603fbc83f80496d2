using System.Text.RegularExpressions;

namespace CmlBot.Repository.Tests;

/// <summary>
/// The repository speaks of the product, not of how its work was organised: no work sessions, numbered issues,
/// before/after lists, commit hashes or dates of work in any tracked text file. (The one dated thing is the
/// README's performance table, which says when its figures were measured.)
/// </summary>
public sealed partial class ProcessWordTests
{
    /// <summary>Each pattern with what it catches. Precise on purpose: "SessionOptions" or HTTP's "Session" header are not caught.</summary>
    private static readonly (Regex Pattern, string Why)[] Patterns =
    [
        (Session(), "a work session"),
        (NumberedIssue(), "a numbered issue"),
        (BeforeAfter(), "a before/after list"),
        (Helper(), "who did the work"),
        (CommitHash(), "a commit hash"),
        (HashInParentheses(), "a commit hash"),
    ];

    /// <summary>
    /// Files that are not the product's words: the quoted summary, recorded data (transcripts, and the evaluation's
    /// messages and questions in their writers' words: "my teaching session"), lock files, images.
    /// </summary>
    private static bool IsChecked(string file) =>
        !file.StartsWith("corpus/", StringComparison.Ordinal)
        && !(file.StartsWith("tests/evaluation/", StringComparison.Ordinal) && file.EndsWith(".json", StringComparison.Ordinal))
        && !file.EndsWith(".transcript", StringComparison.Ordinal)
        && !file.EndsWith("package-lock.json", StringComparison.Ordinal)
        && !file.EndsWith(".png", StringComparison.Ordinal)
        && file != "tests/CmlBot.Repository.Tests/ProcessWordTests.cs"; // holds the patterns themselves

    [Fact]
    public async Task No_tracked_text_file_speaks_of_how_the_work_was_organised()
    {
        var found = new List<string>();
        foreach (var file in (await TrackedFilesAsync()).Where(IsChecked))
        {
            var lines = await File.ReadAllLinesAsync(Path.Combine(RepoRoot.Path, file));
            for (var i = 0; i < lines.Length; i++)
            {
                foreach (var (pattern, why) in Patterns)
                    if (pattern.Match(lines[i]) is { Success: true } match) found.Add($"{file}:{i + 1}: {why}: \"{match.Value}\"");
                if (file != "README.md" && IsoDate().Match(lines[i]) is { Success: true } date) found.Add($"{file}:{i + 1}: a date of work: \"{date.Value}\"");
            }
        }
        Assert.True(found.Count == 0, string.Join(Environment.NewLine, found));
    }

    [Fact]
    public void The_patterns_catch_what_they_are_for_and_leave_product_words_alone()
    {
        // Each sample is put together from two halves so that this file does not itself hold the words it checks for.
        string[] flagged = [Join("third ses", "sion"), Join("Iss", "ue 9's test"), Join("iss", "ue #12"), Join("the before/", "after table"),
            Join("a hel", "per wrote"), Join("commits up to 7f5", "1ea2"), Join("the final code (918", "a948)")];
        foreach (var line in flagged)
            Assert.Contains(Patterns, p => p.Pattern.IsMatch(line));
        foreach (var line in new[] { "new SessionOptions()", "var _session = 1;", "the Session header", "issued a token", "(deadbee)" })
            Assert.DoesNotContain(Patterns, p => p.Pattern.IsMatch(line));
    }

    private static string Join(string first, string second) => first + second;

    private static async Task<IReadOnlyList<string>> TrackedFilesAsync()
    {
        var result = await Shell.RunAsync("git ls-files", RepoRoot.Path);
        Assert.True(result.ExitCode == 0, $"git ls-files failed (the test needs the repository's git metadata): {result.Error}");
        return result.Output.Split('\n', StringSplitOptions.RemoveEmptyEntries);
    }

    // Lower case only: "Session" alone is HTTP's and ASP.NET Core's word.
    [GeneratedRegex(@"\bsessions?\b")]
    private static partial Regex Session();

    [GeneratedRegex(@"\bissues? #?\d+", RegexOptions.IgnoreCase)]
    private static partial Regex NumberedIssue();

    [GeneratedRegex(@"\bbefore\s*/\s*after\b", RegexOptions.IgnoreCase)]
    private static partial Regex BeforeAfter();

    [GeneratedRegex(@"\bhelpers?\b", RegexOptions.IgnoreCase)]
    private static partial Regex Helper();

    [GeneratedRegex(@"\bcommits?\b[^.\n]{0,20}\b(?=[0-9a-f]*\d)(?=[0-9a-f]*[a-f])[0-9a-f]{7,40}\b")]
    private static partial Regex CommitHash();

    [GeneratedRegex(@"\((?=[0-9a-f]*\d)(?=[0-9a-f]*[a-f])[0-9a-f]{7,12}\)")]
    private static partial Regex HashInParentheses();

    [GeneratedRegex(@"\b20\d\d-[01]\d-[0-3]\d\b")]
    private static partial Regex IsoDate();
}
