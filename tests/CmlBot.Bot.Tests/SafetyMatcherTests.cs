using CmlBot.Bot.Understanding.Safety;

namespace CmlBot.Bot.Tests;

/// <summary>
/// Skipping a joined regex on a text that holds none of its triggers' first words never loses a match: over every
/// safety and evaluation message, and texts built from the triggers' own words, the matcher finds exactly what
/// running every regex finds.
/// </summary>
public sealed class SafetyMatcherTests
{
    private static readonly SafetyRules Rules = SafetyRules.Load(Path.Combine(RepoRoot.Path, "corpus", "safety.txt"));

    public static TheoryData<string> Sets() => new() { "safety-dev.json", "safety-test.json", "eval-set.json", "test-set.json" };

    [Theory]
    [MemberData(nameof(Sets))]
    public void Skipping_regexes_by_first_word_finds_every_match_running_them_all_finds(string set)
    {
        var path = Path.Combine(RepoRoot.Path, "tests", "evaluation", set);
        var texts = set.StartsWith("safety", StringComparison.Ordinal)
            ? SafetyEvaluation.LoadMessages(path).Select(m => m.Text)
            : SafetyEvaluation.LoadQuestions(path).Select(m => m.Text);
        var checkedTexts = 0;
        foreach (var text in texts)
        {
            var prepared = Rules.Spelling.Correct(SafetyText.Prepare(text, SafetyRules.MaxTextLength));
            foreach (var group in Rules.Groups)
                foreach (var matcher in new[] { group.TriggerMatcher, group.UnlessMatcher })
                    Assert.Equal(All(matcher, prepared), matcher.Matches(prepared).Order().ToList());
            checkedTexts++;
        }
        Assert.True(checkedTexts > 100, $"{checkedTexts} texts");
    }

    [Theory]
    [MemberData(nameof(Sets))]
    public void A_phrase_on_the_backtracking_engine_finds_exactly_what_the_linear_time_engine_finds(string set)
    {
        var path = Path.Combine(RepoRoot.Path, "tests", "evaluation", set);
        var texts = (set.StartsWith("safety", StringComparison.Ordinal)
            ? SafetyEvaluation.LoadMessages(path).Select(m => m.Text)
            : SafetyEvaluation.LoadQuestions(path).Select(m => m.Text)).ToList();
        var phrases = Rules.Groups.SelectMany(g => g.Triggers.Concat(g.Unless)).Where(t => t.IsPhrase).ToList();
        Assert.True(phrases.Count > 300, $"{phrases.Count} phrases");
        // The phrases' own words as texts too, so every phrase is seen matching somewhere.
        texts.AddRange(Rules.Alerts.SelectMany(g => g.Examples));
        var linear = phrases.Select(p => SafetyTrigger.Compile(p.Pattern, phrase: false)).ToList();
        var matched = 0;
        foreach (var prepared in texts.Select(t => Rules.Spelling.Correct(SafetyText.Prepare(t, SafetyRules.MaxTextLength))))
            for (var p = 0; p < phrases.Count; p++)
            {
                var expected = linear[p].Matches(prepared).Select(m => (m.Index, m.Length)).ToList();
                Assert.Equal(expected, phrases[p].Regex.Matches(prepared).Select(m => (m.Index, m.Length)).ToList());
                matched += expected.Count;
            }
        Assert.True(matched > 50, $"{matched} matches");
    }

    [Fact]
    public void A_starred_first_word_matches_any_ending_and_a_text_without_any_first_word_is_skipped()
    {
        var matcher = Rules.Groups.First(g => g.Id == "overdose").TriggerMatcher;
        Assert.NotEmpty(matcher.Matches(SafetyText.Prepare("I think I overdosed last night", SafetyRules.MaxTextLength)));
        Assert.NotEmpty(matcher.Matches(SafetyText.Prepare("she took way too many of her pills", SafetyRules.MaxTextLength)));
        Assert.Empty(matcher.Matches(SafetyText.Prepare("what does the summary say about relapse", SafetyRules.MaxTextLength)));
    }

    private static List<(int Index, int Length)> All(SafetyMatcher matcher, string text)
    {
        var all = new List<(int, int)>();
        foreach (var regex in matcher.Regexes)
            for (var m = regex.Match(text, 0); m.Success; m = regex.Match(text, m.Index + 1))
                all.Add((m.Index, m.Length));
        return all.Order().ToList();
    }
}
