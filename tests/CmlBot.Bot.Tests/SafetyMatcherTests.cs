using System.Text.RegularExpressions;
using CmlBot.Bot.Tests.Infrastructure;
using CmlBot.Bot.Understanding.Safety;

namespace CmlBot.Bot.Tests;

/// <summary>
/// Skipping a joined regex on a text in which none of its phrases has a word of every slot never loses a match: over
/// every safety and evaluation message and the groups' own examples, the matcher finds exactly what running every
/// regex finds. Every trigger runs on the backtracking engine and finds what the linear-time engine would.
/// </summary>
public sealed class SafetyMatcherTests
{
    private static readonly SafetyRules Rules = SafetyRules.Load(Path.Combine(RepoRoot.Path, "corpus", "safety.txt"));

    public static TheoryData<string> Sets() => new() { "safety-dev.json", "safety-test.json", "eval-set.json", "test-set.json" };

    [Theory]
    [MemberData(nameof(Sets))]
    public void Skipping_regexes_by_slot_words_finds_every_match_running_them_all_finds(string set)
    {
        var path = Path.Combine(RepoRoot.Path, "tests", "evaluation", set);
        var texts = (set.StartsWith("safety", StringComparison.Ordinal)
            ? SafetyEvaluation.LoadMessages(path).Select(m => m.Text)
            : SafetyEvaluation.LoadQuestions(path).Select(m => m.Text)).Concat(Rules.Alerts.SelectMany(g => g.Examples));
        var checkedTexts = 0;
        var matched = 0;
        foreach (var text in texts)
        {
            var prepared = Rules.Spelling.Correct(SafetyText.Prepare(text, SafetyRules.MaxTextLength));
            foreach (var group in Rules.Groups)
                foreach (var matcher in new[] { group.TriggerMatcher, group.UnlessMatcher })
                {
                    var all = All(matcher, prepared);
                    Assert.Equal(all, matcher.Matches(prepared).Order().ToList());
                    matched += all.Count;
                }
            checkedTexts++;
        }
        Assert.True(checkedTexts > 100, $"{checkedTexts} texts");
        Assert.True(matched > 100, $"{matched} matches");
    }

    [Theory]
    [MemberData(nameof(Sets))]
    public void Every_trigger_on_the_backtracking_engine_finds_exactly_what_the_linear_time_engine_finds(string set)
    {
        var path = Path.Combine(RepoRoot.Path, "tests", "evaluation", set);
        var texts = (set.StartsWith("safety", StringComparison.Ordinal)
            ? SafetyEvaluation.LoadMessages(path).Select(m => m.Text)
            : SafetyEvaluation.LoadQuestions(path).Select(m => m.Text)).ToList();
        var triggers = Rules.Groups.SelectMany(g => g.Triggers.Concat(g.Unless)).ToList();
        Assert.True(triggers.Count(t => t.IsPhrase) > 300, $"{triggers.Count(t => t.IsPhrase)} phrases");
        Assert.True(triggers.Count(t => !t.IsPhrase) > 80, $"{triggers.Count(t => !t.IsPhrase)} patterns");
        // The groups' examples too, so that every trigger is seen matching somewhere.
        texts.AddRange(Rules.Alerts.SelectMany(g => g.Examples));
        var linear = triggers.Select(t => new Regex(t.Pattern, RegexOptions.NonBacktracking | RegexOptions.CultureInvariant)).ToList();
        var matched = new int[2];
        foreach (var prepared in texts.Select(t => Rules.Spelling.Correct(SafetyText.Prepare(t, SafetyRules.MaxTextLength))))
            for (var t = 0; t < triggers.Count; t++)
            {
                var expected = linear[t].Matches(prepared).Select(m => (m.Index, m.Length)).ToList();
                var actual = triggers[t].Regex.Matches(prepared).Select(m => (m.Index, m.Length)).ToList();
                Assert.True(expected.SequenceEqual(actual),
                    $"line {triggers[t].Line} on \"{prepared}\": linear {string.Join(", ", expected)}, backtracking {string.Join(", ", actual)}");
                matched[triggers[t].IsPhrase ? 0 : 1] += expected.Count;
            }
        Assert.True(matched[0] > 50 && matched[1] > 20, $"{matched[0]} phrase and {matched[1]} pattern matches");
    }

    [Fact]
    public void A_starred_word_matches_any_ending_and_a_text_missing_a_slot_is_skipped()
    {
        var matcher = Rules.Groups.First(g => g.Id == "overdose").TriggerMatcher;
        Assert.NotEmpty(matcher.Matches(SafetyText.Prepare("I think I overdosed last night", SafetyRules.MaxTextLength)));
        Assert.NotEmpty(matcher.Matches(SafetyText.Prepare("she took way too many of her pills", SafetyRules.MaxTextLength)));
        Assert.Empty(matcher.Matches(SafetyText.Prepare("what does the summary say about relapse", SafetyRules.MaxTextLength)));
        // Nothing of any trigger: nothing runs.
        Assert.Empty(Run(matcher, "what does the summary say about relapse"));
        // Words of the phrases' slots ("many", "pills"), but never all the slots of one phrase: no phrase runs.
        var question = Run(matcher, "how many pills are in the trial");
        Assert.DoesNotContain(question, r => r.ToString().Contains("too many", StringComparison.Ordinal));
        var overdose = Run(matcher, "she took way too many of her pills");
        Assert.True(overdose.Count > question.Count);
        // Of a join, only the phrases the text completes run, each on its own regex.
        Assert.Contains(overdose, r => matcher.Regexes.All(joined => joined != r) && r.ToString().Contains("too many", StringComparison.Ordinal));
    }

    [Fact]
    public void A_pattern_runs_only_on_a_text_that_holds_some_of_its_required_text()
    {
        var rules = SmallSafetyFile.Parse(
            emergency: @"pattern: \b(took|swallowed) (\d+|ten|twenty) (pills|tablets)\b" + "\n" + @"pattern: \bi (od|odd)\b" + "\n- i took twenty pills",
            crisis: "phrase: hopeless\n- i feel hopeless",
            urgent: "phrase: fever\n- i have a fever",
            medicineChange: "phrase: stop my gleevec\n- i will stop my gleevec");
        var matcher = rules.Groups.Single(g => g.Id == "emergency").TriggerMatcher;
        Assert.Equal(["pills", "tablets"], SafetyPatternBound.RequiredText(rules.Groups.Single(g => g.Id == "emergency").Triggers[0].Pattern));
        Assert.Empty(Run(matcher, "how many are in a box"));
        // Only the pattern whose text it holds runs, on its own regex; holding some of each, the join runs.
        var took = Run(matcher, "She took twenty tablets");
        Assert.Equal([rules.Groups.Single(g => g.Id == "emergency").Triggers[0].Regex], took);
        Assert.Equal(matcher.Regexes, Run(matcher, "i od, i took 30 pills"));
        Assert.Equal(2, matcher.Matches(SafetyText.Prepare("i od, i took 30 pills", SafetyRules.MaxTextLength)).Count());
    }

    private static List<Regex> Run(SafetyMatcher matcher, string text) =>
        matcher.RegexesFor(SafetyText.Prepare(text, SafetyRules.MaxTextLength)).SelectMany(r => r).ToList();

    [Fact]
    public void A_join_with_some_phrases_left_out_still_reports_the_first_alternative_matching_at_each_start()
    {
        // Two phrases that match at the same start with different lengths, and a third the text lacks the words of.
        var rules = SmallSafetyFile.Parse(
            emergency: "phrase: chest pain\n- my chest hurts",
            crisis: "phrase: hopeless\n- i feel hopeless",
            urgent: "phrase: dizzy and faint\nphrase: dizzy ... today\nphrase: fever\n- i have a fever",
            medicineChange: "phrase: stop my gleevec\n- i will stop my gleevec");
        var group = rules.Groups.Single(g => g.Id == "urgent");
        var text = SafetyText.Prepare("I feel dizzy and faint today", SafetyRules.MaxTextLength);
        var first = group.Triggers[0].Regex.Match(text);
        Assert.True(group.Triggers[1].Regex.Match(text) is { Success: true } second && second.Index == first.Index && second.Length > first.Length);

        Assert.Equal([(first.Index, first.Length)], group.TriggerMatcher.Matches(text).ToList());
        Assert.Equal(All(group.TriggerMatcher, text), group.TriggerMatcher.Matches(text).ToList());
        Assert.Equal(2, Run(group.TriggerMatcher, text).Count);
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
