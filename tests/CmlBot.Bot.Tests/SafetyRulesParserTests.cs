using CmlBot.Bot.Tests.Infrastructure;
using CmlBot.Bot.Understanding.Safety;
using CmlBot.Core.Corpus;

namespace CmlBot.Bot.Tests;

/// <summary>corpus/safety.txt is content a clinician edits: every mistake stops the load and names its line.</summary>
public sealed class SafetyRulesParserTests
{
    private const string File = "corpus/safety.txt";

    /// <summary>The smallest valid file: one group of each class that flags, and look-alikes.</summary>
    private static readonly string Valid = """
        # comment
        [emergency] Emergency
        class: emergency
        reply: Call {EmergencyNumber} now.
        phrase: chest pain*|(feels tight)
        - my chest hurts

        [crisis] Crisis
        class: crisis
        reply: Call the {CrisisLine}.
        phrase: hopeless*
        - i feel hopeless

        [urgent] Urgent
        class: urgent
        reply: Call your care team now.
        phrase: fever*
        similarity: 0.8
        - i have a fever

        [medicine-change] Changing a medicine
        class: medicine-change
        reply: Please don't stop your medicine on your own.
        pattern: \bstop my (gleevec|pills)\b
        unless: stop .. worrying
        - i will stop my gleevec

        [look-alikes] Look-alikes
        class: none
        - my heart sank
        """;

    private static CorpusFormatException Fails(string text) => Assert.Throws<CorpusFormatException>(() => SafetyRulesParser.Parse(File, text));

    /// <summary>The line that is <paramref name="line"/>, or else the first that starts with it.</summary>
    private static int LineOf(string text, string line)
    {
        var lines = text.ReplaceLineEndings("\n").Split('\n').Select(l => l.Trim()).ToList();
        var exact = lines.IndexOf(line.Trim());
        return (exact >= 0 ? exact : lines.FindIndex(l => l.StartsWith(line.Trim(), StringComparison.Ordinal))) + 1;
    }

    [Fact]
    public void Text_before_the_first_heading_is_reported_on_line_1()
    {
        var e = Fails("text first\n" + Valid);
        Assert.Equal(1, e.LineNumber);
        Assert.Contains("text before the first group heading", e.Problem, StringComparison.Ordinal);
    }

    [Fact]
    public void A_valid_file_gives_its_groups_in_order_with_their_settings()
    {
        var rules = SafetyRulesParser.Parse(File, Valid);
        Assert.Equal(["emergency", "crisis", "urgent", "medicine-change", "look-alikes"], rules.Groups.Select(g => g.Id));
        Assert.Equal(0.8, rules.Groups[2].Similarity);
        Assert.Equal(SafetyRulesParser.DefaultSimilarity, rules.Groups[0].Similarity);
        Assert.Equal(["my heart sank"], rules.LookAlikes);
        Assert.Equal(4, rules.Alerts.Count);
    }

    [Fact]
    public void The_repositorys_safety_file_is_valid_and_covers_every_class()
    {
        var rules = SafetyRules.Load(Path.Combine(RepoRoot.Path, "corpus", "safety.txt"));
        foreach (var c in SafetyClassNames.Ordered) Assert.Contains(rules.Alerts, g => g.Class == c && g.Examples.Count >= 7);
        Assert.NotEmpty(rules.LookAlikes);
    }

    [Theory]
    [InlineData("class: emergency", "class: emergency\nclass: urgent", "has a second class")]
    [InlineData("class: urgent", "class: urgnet", "unknown class \"urgnet\"")]
    [InlineData("reply: Call your", "reply: Call {PoisonCentre} now.", "unknown placeholder {PoisonCentre}")]
    [InlineData("phrase: fever*", "phrase: (fever", "a ( with no )")]
    [InlineData("phrase: fever*", "phrase: ... fever", "cannot start or end with")]
    [InlineData("phrase: fever*", "phrase: fe*ver", "a phrase word holds letters and digits")]
    [InlineData("phrase: fever*", "phrase: fever||chills", "an empty alternative")]
    [InlineData("pattern: ", @"pattern: (gleevec", "bad pattern")]
    [InlineData("pattern: ", @"pattern: (?<=my )gleevec", "pattern not accepted: \"(?<=my )glee\": only ( ), (?: ) and (?<name> ) groups")]
    [InlineData("pattern: ", @"pattern: (\w+ )+done", "pattern not accepted: \"(\\w+ )+\" repeats a group without limit")]
    [InlineData("pattern: ", @"pattern: \bstop\w*s\b", "pattern not accepted: \"\\w*\" can be followed by a character it also matches")]
    [InlineData("similarity: 0.8", "similarity: 1.5", "similarity must be a number above 0 and at most 1")]
    [InlineData("similarity: 0.8", "similarity: 0.8\nreach: -0.1", "reach must be a number from 0 up to (not including) 1")]
    [InlineData("- i have a fever", "- ", "an example (- ) with no text")]
    [InlineData("- i have a fever", "- i have a fever\n- I have a FEVER!", "is listed twice")]
    [InlineData("- i have a fever", "threshold: 0.5", "expected class:, reply:, phrase:")]
    [InlineData("[urgent] Urgent", "[Urgent] Urgent", "a group heading is [id] Title")]
    public void A_bad_line_is_reported_with_its_line_number(string replaced, string by, string problem) =>
        AssertReportedAtLastLineOf(TextEdit.ReplaceFirst(Valid, replaced, by), by, problem);

    /// <summary>The file is refused with <paramref name="problem"/>, named at the last line of <paramref name="by"/>.</summary>
    private static void AssertReportedAtLastLineOf(string text, string by, string problem)
    {
        var e = Fails(text);
        Assert.Contains(problem, e.Problem, StringComparison.Ordinal);
        Assert.Equal(File, e.File);
        var expected = LineOf(text, by.Split('\n')[^1]);
        Assert.Equal(expected, e.LineNumber);
        Assert.StartsWith($"{File}:{expected}: ", e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void A_reach_at_or_above_its_similarity_or_on_look_alikes_is_refused_and_a_valid_one_is_kept()
    {
        var atSimilarity = TextEdit.ReplaceFirst(Valid, "similarity: 0.8", "similarity: 0.8\nreach: 0.8");
        var e = Fails(atSimilarity);
        Assert.Contains("has reach: 0.8 at or above its similarity 0.8", e.Problem, StringComparison.Ordinal);
        Assert.Equal(LineOf(atSimilarity, "[urgent]"), e.LineNumber);
        Assert.Contains("no reply:, phrase:, pattern:, unless: or reach:", Fails(Valid + "\nreach: 0.1\n").Problem, StringComparison.Ordinal);

        var rules = SafetyRulesParser.Parse(File, TextEdit.ReplaceFirst(Valid, "similarity: 0.8", "similarity: 0.8\nreach: 0.25"));
        Assert.Equal(0.25, rules.Alerts.Single(g => g.Id == "urgent").Reach);
        Assert.All(rules.Alerts.Where(g => g.Id != "urgent"), g => Assert.Equal(0, g.Reach));
    }

    [Fact]
    public void A_second_group_with_the_same_id_names_the_first()
    {
        var e = Fails(Valid + "\n[urgent] Again\nclass: urgent\nreply: x\nphrase: chills\n- chills tonight\n");
        Assert.Contains("group [urgent] is defined twice (first at line", e.Problem, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("reply: Call your care team now.", "has no reply: line")]
    [InlineData("phrase: fever*", "has no phrase: or pattern: line")]
    [InlineData("- i have a fever", "has no example message")]
    public void A_group_missing_a_part_is_reported_at_its_heading(string removed, string problem)
    {
        var text = TextEdit.ReplaceFirst(Valid, removed + "\n", "");
        var e = Fails(text);
        Assert.Contains(problem, e.Problem, StringComparison.Ordinal);
        Assert.Equal(LineOf(text, "[urgent]"), e.LineNumber);
    }

    [Fact]
    public void Look_alikes_take_no_triggers_and_every_class_needs_a_group()
    {
        Assert.Contains("takes examples only", Fails(Valid + "\nphrase: heart\n").Problem, StringComparison.Ordinal);
        var withoutCrisis = TextEdit.ReplaceFirst(Valid, "class: crisis", "class: urgent");
        Assert.Contains("no group has class: crisis", Fails(withoutCrisis).Problem, StringComparison.Ordinal);
    }

    [Fact]
    public void A_missing_file_is_an_error_naming_it()
    {
        var path = Path.Combine(Path.GetTempPath(), "no-such-folder-" + Guid.NewGuid().ToString("N"), "safety.txt");
        var e = Assert.Throws<CorpusFormatException>(() => SafetyRules.Load(path));
        Assert.Equal(path, e.File);
    }

    [Fact]
    public void A_spoken_form_is_read_as_its_meaning_before_any_trigger()
    {
        var rules = SafetyRulesParser.Parse(File, "spoken: heid = head\nspoken: cannae = cant\n" + Valid.Replace("phrase: chest pain*|(feels tight)", "phrase: (chest pain*)|(feels tight)|(cant breathe)"));
        Assert.Equal(" my head hurts | i cant breathe ", rules.Spelling.Correct(" my heid hurts | i cannae breathe "));
        Assert.Equal(SafetyClasses.Emergency, new SafetyScreen(rules).Check("I cannae breathe").Classes);
    }

    [Theory]
    [InlineData("spoken: heid head", "needs a word, = and what it means")]
    [InlineData("spoken: my heid = head", "is not one word")]
    [InlineData("spoken: heid =", "must be one or more words")]
    [InlineData("spoken: head = head", "means itself")]
    public void A_malformed_spoken_line_names_its_line(string line, string problem)
    {
        var text = "# comment\n" + line + "\n" + Valid;
        var e = Fails(text);
        Assert.Equal(2, e.LineNumber);
        Assert.Contains(problem, e.Message);
    }

    [Fact]
    public void A_spoken_word_listed_twice_names_both_lines()
    {
        var e = Fails("spoken: heid = head\nspoken: heid = heed\n" + Valid);
        Assert.Equal(2, e.LineNumber);
        Assert.Contains("first at line 1", e.Message);
    }

    /// <summary>A list the tests below use, above the first heading (<see cref="Valid"/> starts on its second line).</summary>
    private const string Medicines = "list: cml-medicines = Gleevec|imatinib|(2.5 mg)|tki*";

    /// <summary>The urgent group's trigger (phrase: fever*) replaced by <paramref name="trigger"/>, below <see cref="Medicines"/>.</summary>
    private static SafetyRules WithTrigger(string trigger, string lists = Medicines) =>
        SafetyRulesParser.Parse(File, lists + "\n" + TextEdit.ReplaceFirst(Valid, "phrase: fever*", trigger));

    private static SafetyTrigger UrgentTrigger(SafetyRules rules) => rules.Alerts.Single(g => g.Id == "urgent").Triggers.Single();

    [Theory]
    [InlineData("phrase: stop* {cml-medicines}", "phrase: stop* gleevec|imatinib|(2.5 mg)|tki*")]
    [InlineData("phrase: stop* pills|{cml-medicines}|(my meds)", "phrase: stop* pills|gleevec|imatinib|(2.5 mg)|tki*|(my meds)")]
    [InlineData("phrase: {cml-medicines} ... stopped|{cml-medicines}", "phrase: gleevec|imatinib|(2.5 mg)|tki* ... stopped|gleevec|imatinib|(2.5 mg)|tki*")]
    [InlineData(@"pattern: \bstop(?:ped)? (?:[^ |]+ ){0,2}{cml-medicines}\b", @"pattern: \bstop(?:ped)? (?:[^ |]+ ){0,2}(?:gleevec|imatinib|2\.5 mg|tki[^ |]*)\b")]
    [InlineData(@"pattern: \b(?:stop|skip) {cml-medicines} (?:today|now)\b", @"pattern: \b(?:stop|skip) (?:gleevec|imatinib|2\.5 mg|tki[^ |]*) (?:today|now)\b")]
    public void A_list_compiles_to_the_regex_and_vocabulary_of_its_written_out_alternatives(string withList, string writtenOut)
    {
        var listed = WithTrigger(withList);
        var written = WithTrigger(writtenOut);
        var trigger = UrgentTrigger(listed);
        var expected = UrgentTrigger(written);
        Assert.Equal(expected.Pattern, trigger.Pattern);
        Assert.Equal(expected.Slots, trigger.Slots);
        Assert.Equal(expected.Required, trigger.Required);
        Assert.Equal(withList, trigger.Source);
        Assert.Equal(written.Spelling.Vocabulary.Order(StringComparer.Ordinal), listed.Spelling.Vocabulary.Order(StringComparer.Ordinal));
    }

    [Fact]
    public void A_list_used_in_a_phrase_gives_its_words_to_the_spelling_and_the_screen_and_an_unused_one_gives_none()
    {
        var rules = WithTrigger("phrase: stop* {cml-medicines}");
        Assert.Contains("imatinib", rules.Spelling.Vocabulary);
        Assert.Contains("tki*", rules.Spelling.Vocabulary);
        Assert.Equal(" i will stop imatinib ", rules.Spelling.Correct(" i will stop imatinbi "));
        Assert.Equal(SafetyClasses.Urgent, new SafetyScreen(rules).Check("I want to stop TKIs").Classes & SafetyClasses.Urgent);

        var unused = WithTrigger("phrase: fever*");
        Assert.DoesNotContain("imatinib", unused.Spelling.Vocabulary);
        Assert.DoesNotContain("imatinib", WithTrigger(@"pattern: \bstop {cml-medicines}\b").Spelling.Vocabulary);
    }

    [Fact]
    public void A_list_in_an_unless_line_cancels_as_its_written_out_idiom_would()
    {
        var rules = WithTrigger("phrase: fever*\nunless: fever .. {cml-medicines}", "list: cml-medicines = pitch|(dream of)");
        var written = WithTrigger("phrase: fever*\nunless: fever .. pitch|(dream of)", "");
        Assert.Equal(written.Alerts.Single(g => g.Id == "urgent").Unless.Single().Pattern, rules.Alerts.Single(g => g.Id == "urgent").Unless.Single().Pattern);
    }

    [Fact]
    public void A_list_may_be_defined_inside_a_group_and_used_by_any_group_below()
    {
        var text = TextEdit.ReplaceFirst(Valid, "phrase: hopeless*", "list: low = hopeless*|worthless\nphrase: {low}");
        text = TextEdit.ReplaceFirst(text, "phrase: fever*", "phrase: feel* {low}");
        var rules = SafetyRulesParser.Parse(File, text);
        Assert.Equal(" (?:hopeless[^ |]*|worthless) ", rules.Alerts.Single(g => g.Id == "crisis").Triggers.Single().Pattern);
        Assert.Equal(" (?:feel[^ |]*) (?:hopeless[^ |]*|worthless) ", UrgentTrigger(rules).Pattern);
    }

    [Theory]
    [InlineData(@"pattern: \b(?:[^ |]+ ){1,8}{cml-medicines}\b", @"\b(?:[^ |]+ ){1,8}(?:gleevec|imatinib|2\.5 mg|tki[^ |]*)\b")]
    [InlineData(@"pattern: \bstop\p{L}{0,4} {cml-medicines}\b", @"\bstop\p{L}{0,4} (?:gleevec|imatinib|2\.5 mg|tki[^ |]*)\b")]
    [InlineData(@"pattern: \bfever [^|]{0,40}\b(?:38|39)\b", @"\bfever [^|]{0,40}\b(?:38|39)\b")]
    public void Quantifier_and_category_braces_in_a_pattern_are_left_as_written(string line, string pattern)
    {
        Assert.Equal(pattern, UrgentTrigger(WithTrigger(line)).Pattern);
    }

    [Theory]
    [InlineData("phrase: fever*", "phrase: stop* {cml-medicine}", "{cml-medicine} is not a list: define it with list: cml-medicine = … above this line")]
    [InlineData("phrase: fever*", @"pattern: \bstop {pills}\b", "{pills} is not a list: define it with list: pills = … above this line")]
    [InlineData("phrase: fever*", @"pattern: \bstop {Cml-Medicines}\b", "\"{Cml-Medicines}\": a list name is lower-case letters, digits and hyphens")]
    [InlineData("phrase: fever*", @"pattern: \bstop {cml-medicines\b", "a list is written in braces")]
    [InlineData("phrase: fever*", "phrase: (stop {cml-medicines})", "a list stands alone between |")]
    [InlineData("phrase: fever*", "phrase: stop* my{cml-medicines}", "a list stands alone between |")]
    [InlineData("phrase: fever*", @"pattern: \bstop {cml-medicines}s\b", "pattern not accepted: \"[^ |]*\" can be followed by a character it also matches")]
    [InlineData("reply: Call your", "reply: Call your {cml-medicines}", "unknown placeholder {cml-medicines}")]
    [InlineData(Medicines, Medicines + "\nlist: cml-medicines = pills", "list: cml-medicines is defined twice (first at line 1)")]
    [InlineData(Medicines, Medicines + "\nlist: CML medicines = pills", "list: \"CML medicines\" is not a list name: lower-case letters, digits and hyphens")]
    [InlineData(Medicines, Medicines + "\nlist: 2nd-line = pills", "list: \"2nd-line\" is not a list name")]
    [InlineData(Medicines, Medicines + "\nlist: pills tablets", "list: needs a name, = and its alternatives")]
    [InlineData(Medicines, Medicines + "\nlist: pills = ", "list: pills has no alternatives")]
    [InlineData(Medicines, Medicines + "\nlist: pills = pill*|{cml-medicines}", "list: pills holds {cml-medicines}: a list holds words, not another list")]
    [InlineData(Medicines, Medicines + "\nlist: pills = pill* tablet*", "list: pills is one slot")]
    [InlineData(Medicines, Medicines + "\nlist: pills = pill*||tablet*", "an empty alternative")]
    [InlineData(Medicines, Medicines + "\nlist: pills = pi*ll", "a phrase word holds letters and digits")]
    [InlineData(Medicines, Medicines + "\nlist: pills = (pill ...)", "a phrase word holds letters and digits")]
    [InlineData(Medicines, Medicines + "\nlist: pills = (pill (tablet))", "brackets inside brackets")]
    public void A_bad_list_or_use_of_one_is_reported_with_its_line_number(string replaced, string by, string problem) =>
        AssertReportedAtLastLineOf(TextEdit.ReplaceFirst(Medicines + "\n" + Valid, replaced, by), by, problem);

    [Fact]
    public void A_list_used_above_its_definition_is_reported_at_the_use()
    {
        var text = TextEdit.ReplaceFirst(Valid, "phrase: fever*", "phrase: stop* {pills}\nlist: pills = pill*|tablet*");
        var e = Fails(text);
        Assert.Equal(LineOf(text, "phrase: stop* {pills}"), e.LineNumber);
        Assert.Contains("{pills} is not a list: define it with list: pills = … above this line", e.Problem, StringComparison.Ordinal);
    }
}
