using System.Diagnostics;
using System.Reflection;
using System.Text.RegularExpressions;
using CmlBot.Bot.Tests.Infrastructure;
using CmlBot.Bot.Understanding.Safety;

namespace CmlBot.Bot.Tests;

/// <summary>
/// Every trigger sees user text, over text already cut to the length limit, with a match timeout, on the backtracking
/// engine: a phrase's regex is words and gaps of whole words, and an expert's pattern is accepted only in shapes that
/// bound the work per start (<see cref="SafetyPatternBound"/>). Fed adversarial input of the largest size it can ever
/// see, each stays bounded.
/// </summary>
public sealed class SafetyBoundTests
{
    private static readonly SafetyRules Rules = SafetyRules.Load(Path.Combine(RepoRoot.Path, "corpus", "safety.txt"));

    /// <summary>Inputs built to make a backtracking engine work hard: long runs of one word, near-misses, clause marks, digits.</summary>
    public static TheoryData<string> Adversarial()
    {
        string Fill(string unit) => string.Concat(Enumerable.Repeat(unit, SafetyRules.MaxTextLength * 3 / unit.Length + 1));
        return new TheoryData<string>(
            Fill("a"),
            Fill("took "),
            Fill("i cant "),
            Fill("chest "),
            Fill("bleeding wont "),
            Fill("fever 100."),
            Fill("diarrhea all "),
            Fill("too many pills "),
            Fill("1 "),
            Fill(". , ! ? "),
            Fill("stop my gleevec stop my "),
            Fill("brethe sucide gleevac "),
            Fill("whats the point "),
            Fill("took took too too many many "),
            Fill("stop stop taking taking my my "),
            Fill("i i dont dont want want to to "),
            Fill("last year chest pain "),
            Fill("years ago i had a fever of 39 "));
    }

    [Theory]
    [MemberData(nameof(Adversarial))]
    public void Every_trigger_on_adversarial_input_of_the_maximum_size_finishes_under_50_ms(string input)
    {
        var prepared = Rules.Spelling.Correct(SafetyText.Prepare(input, SafetyRules.MaxTextLength));
        Assert.True(prepared.Length <= SafetyRules.MaxTextLength * 3 + 2, "the prepared text stays bounded by the length limit");
        // Each trigger alone, and the joined regexes the screen runs.
        var triggers = Rules.Alerts.SelectMany(g => g.Triggers.Concat(g.Unless)).ToList();
        var regexes = triggers.Select(t => (Source: t.Source, Regex: t.Regex))
            .Concat(Rules.Alerts.SelectMany(g => g.TriggerMatcher.Regexes.Concat(g.UnlessMatcher.Regexes)).Select(r => (Source: "joined: " + r, Regex: r)));
        foreach (var trigger in regexes)
        {
            Assert.True(trigger.Regex.MatchTimeout <= TimeSpan.FromSeconds(1), trigger.Source);
            foreach (var _ in trigger.Regex.EnumerateMatches(prepared)) { } // the engine extends its automaton on new input once
            // The best of three runs: the test projects run side by side on a machine of two cores.
            var best = long.MaxValue;
            for (var run = 0; run < 3 && best >= 50; run++)
            {
                var watch = Stopwatch.StartNew();
                foreach (var _ in trigger.Regex.EnumerateMatches(prepared)) { }
                best = Math.Min(best, watch.ElapsedMilliseconds);
            }
            Assert.True(best < 50, $"{trigger.Source} took {best} ms");
        }
    }

    /// <summary>The patterns of the judgements that dismiss a trigger: long over, asked in general, said to be going on now.</summary>
    private static IEnumerable<(string Source, Regex Regex)> JudgementRegexes() =>
        new[] { typeof(PastEvent), typeof(GeneralQuestion), typeof(HappeningNow) }
            .SelectMany(type => type.GetMethods(BindingFlags.NonPublic | BindingFlags.Static)
                .Where(m => m.ReturnType == typeof(Regex) && m.GetParameters().Length == 0)
                .Select(m => ($"{type.Name}.{m.Name}", (Regex)m.Invoke(null, null)!)));

    [Theory]
    [MemberData(nameof(Adversarial))]
    public void Every_judgement_on_adversarial_input_of_the_maximum_size_finishes_under_50_ms_and_has_the_triggers_time(string input)
    {
        var prepared = Rules.Spelling.Correct(SafetyText.Prepare(input, SafetyRules.MaxTextLength));
        var judgements = JudgementRegexes().ToList();
        Assert.True(judgements.Count >= 20, $"found {judgements.Count} judgement patterns");
        foreach (var (source, regex) in judgements)
        {
            // A judgement given less time than its trigger would keep a sign it should dismiss on a busy machine alone.
            Assert.Equal(SafetyTrigger.MatchTimeout, regex.MatchTimeout);
            var best = long.MaxValue;
            for (var run = 0; run < 3 && best >= 50; run++)
            {
                var watch = Stopwatch.StartNew();
                foreach (var _ in regex.EnumerateMatches(prepared)) { }
                best = Math.Min(best, watch.ElapsedMilliseconds);
            }
            Assert.True(best < 50, $"{source} took {best} ms");
        }
    }

    [Fact]
    public void Every_phrase_the_parser_writes_and_every_pattern_is_in_a_shape_whose_work_per_start_it_bounds()
    {
        var triggers = Rules.Groups.SelectMany(g => g.Triggers.Concat(g.Unless)).ToList();
        Assert.True(triggers.Count > 500, $"{triggers.Count} triggers");
        foreach (var t in triggers) Assert.True(SafetyPatternBound.Problem(t.Pattern) is null, $"line {t.Line}: {SafetyPatternBound.Problem(t.Pattern)}");
    }

    /// <summary>Per pattern, texts of the longest size made of its own words: runs of one word, all of them, with clause marks.</summary>
    public static TheoryData<int> PatternLines() =>
        new(Rules.Alerts.SelectMany(g => g.Triggers.Concat(g.Unless)).Where(t => !t.IsPhrase).Select(t => t.Line));

    [Theory]
    [MemberData(nameof(PatternLines))]
    public void Every_pattern_fed_text_of_its_own_words_of_the_maximum_size_finishes_under_50_ms(int line)
    {
        var trigger = Rules.Alerts.SelectMany(g => g.Triggers.Concat(g.Unless)).Single(t => t.Line == line);
        string Fill(string unit) => string.Concat(Enumerable.Repeat(unit, SafetyRules.MaxTextLength / unit.Length + 1))[..SafetyRules.MaxTextLength];
        var words = System.Text.RegularExpressions.Regex.Matches(trigger.Pattern, "[a-z]+").Select(m => m.Value).Distinct().ToList();
        var units = new List<string> { string.Join(" ", words) + " ", string.Join(" | ", words) + " ", string.Join(" ", words.AsEnumerable().Reverse()) + " | " };
        units.AddRange(words.SelectMany(w => new[] { w + " ", w + " | " }));
        units.AddRange(words.Chunk(3).Select((_, k) => string.Join(" ", words.Skip(k * 3).Take(6)) + " "));
        foreach (var unit in units)
        {
            var prepared = SafetyText.Prepare(Fill(unit), SafetyRules.MaxTextLength);
            long best = long.MaxValue;
            // The best of three runs: the test projects run side by side on a machine of two cores.
            for (var run = 0; run < 3 && best >= 50; run++)
            {
                var watch = Stopwatch.StartNew();
                for (var m = trigger.Regex.Match(prepared, 0); m.Success; m = trigger.Regex.Match(prepared, m.Index + 1)) { }
                best = Math.Min(best, watch.ElapsedMilliseconds);
            }
            Assert.True(best < 50, $"line {line} on \"{unit}\"… took {best} ms");
        }
    }

    [Theory]
    [MemberData(nameof(Adversarial))]
    public void The_whole_screen_with_all_its_triggers_on_adversarial_input_stays_bounded(string input)
    {
        var screen = new SafetyScreen(Rules);
        screen.Check(input); // the first call compiles the triggers
        // Every trigger (about 160) in turn, spelling and negation included: each is under 50 ms above, the whole under
        // a second. The best of three runs, since the test projects run side by side on a machine of two cores.
        var best = long.MaxValue;
        for (var run = 0; run < 3; run++)
        {
            var watch = Stopwatch.StartNew();
            screen.Check(input);
            screen.SeparateQuestion(input);
            best = Math.Min(best, watch.ElapsedMilliseconds);
        }
        Assert.True(best < 1000, $"took {best} ms");
    }

    [Fact]
    public void A_message_is_screened_on_its_first_characters_up_to_the_limit_as_it_is_answered()
    {
        var screen = new SafetyScreen(Rules);
        var padding = new string('x', SafetyRules.MaxTextLength);
        Assert.Equal(SafetyClasses.Emergency, screen.Check("I have chest pain " + padding).Classes);
        Assert.Equal(SafetyClasses.None, screen.Check(padding + " I have chest pain").Classes);
    }
}
