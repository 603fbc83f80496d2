using CmlBot.Bot.Tests.Infrastructure;
using CmlBot.Bot.Understanding.Safety;
using Microsoft.Extensions.Logging;

namespace CmlBot.Bot.Tests;

/// <summary>
/// The screen's learnt step: a message no phrase names counts for a class the step may add when its vector reads as
/// that class, clearly ahead of ordinary messages; never a class it may not add, never with another model's vectors,
/// never where the file has judged the sign (negated, in an idiom), never for a command or a message of a few words,
/// and never without the model; its reply is that of the group of its class the message reads most like.
/// </summary>
public sealed class SafetyLearnedTests
{
    private static readonly KeywordEmbedder Model = new("keywords", ["fell", "blue", "sad", "hot", "stop", "hello", "cat", "more"]);

    /// <summary>Labelled messages in the keywords' words: each class has its own, ordinary ones talk of hellos and cats.</summary>
    private static readonly (string Text, SafetyClasses Class)[] Labelled =
    [
        ("fell fell", SafetyClasses.Emergency), ("fell blue", SafetyClasses.Emergency), ("blue blue fell", SafetyClasses.Emergency), ("more more", SafetyClasses.Emergency),
        ("sad sad", SafetyClasses.Crisis), ("sad", SafetyClasses.Crisis),
        ("hot hot", SafetyClasses.Urgent), ("hot", SafetyClasses.Urgent),
        ("stop stop", SafetyClasses.MedicineChange), ("stop", SafetyClasses.MedicineChange),
        ("hello", SafetyClasses.None), ("hello cat", SafetyClasses.None), ("cat cat", SafetyClasses.None), ("cat hello hello", SafetyClasses.None),
    ];

    private static SafetyLearned Fit(double lead = 0.5, SafetyClasses adds = SafetyClasses.Emergency | SafetyClasses.Crisis, string model = "keywords") =>
        SafetyLearned.Fit(Model.Embed(Labelled.Select(l => l.Text).ToList()), Labelled.Select(l => l.Class).ToList(),
            model, SafetyLearned.Digest(Labelled), ridge: 0.01, lead, floor: 0.4, adds);

    private static SafetyScreen Screen(SafetyLearned? learned, ILogger? logger = null) =>
        // The groups' examples hold none of the keywords, so similarity to them never counts: what counts is the learnt step.
        new(SmallSafetyFile.Parse("phrase: chest pain\n- chest pain now", "phrase: hopeless\n- so hopeless", "phrase: fever\n- a fever",
            "phrase: stop my pills\n- can i stop my pills", learned), logger: logger);

    [Fact]
    public void A_message_no_phrase_names_counts_when_the_learnt_step_reads_it_as_an_emergency()
    {
        var result = Screen(Fit()).Check("fell blue fell blue fell blue", Model);
        Assert.Equal(SafetyClasses.Emergency, result.Classes);
        Assert.Equal("emergency", Assert.Single(result.Replies).Id);
        Assert.Equal(SafetyClasses.Crisis, Screen(Fit()).Check("sad sad sad sad sad sad", Model).Classes);
        // The same screen without the step, and the step without the model, say nothing.
        Assert.Equal(SafetyClasses.None, Screen(null).Check("fell blue fell blue fell blue", Model).Classes);
        Assert.Equal(SafetyClasses.None, Screen(Fit()).Check("fell blue fell blue fell blue").Classes);
    }

    [Fact]
    public void Ordinary_messages_stay_ordinary()
    {
        Assert.Equal(SafetyClasses.None, Screen(Fit()).Check("hello cat hello cat cat hello", Model).Classes);
        Assert.Equal(SafetyClasses.None, Fit().Read(Model.Embed(["cat hello"])[0]));
    }

    [Fact]
    public void The_learnt_step_adds_only_the_classes_it_may_add()
    {
        Assert.Equal(SafetyClasses.None, Screen(Fit()).Check("hot hot hot hot hot hot", Model).Classes);
        Assert.Equal(SafetyClasses.Urgent, Screen(Fit(adds: SafetyClasses.Urgent)).Check("hot hot hot hot hot hot", Model).Classes);
    }

    [Fact]
    public void A_class_must_lead_ordinary_messages_by_the_lead()
    {
        // An emergency scores about 1 and ordinary about 0: a lead of 0.5 lets it through, one of 1.5 does not.
        var fell = Model.Embed(["fell fell"])[0];
        Assert.Equal(SafetyClasses.Emergency, Fit(lead: 0.5).Read(fell));
        Assert.Equal(SafetyClasses.None, Fit(lead: 1.5).Read(fell));
    }

    [Theory]
    [InlineData("keywords", true)]
    [InlineData("keywords (int8 questions)", true)]
    [InlineData("other-model", false)]
    [InlineData("keywords-large", false)]
    public void Only_the_model_it_was_fitted_with_is_read(string embedderName, bool read)
    {
        var embedder = new KeywordEmbedder(embedderName, ["fell", "blue", "sad", "hot", "stop", "hello", "cat", "more"]);
        Assert.Equal(read ? SafetyClasses.Emergency : SafetyClasses.None, Screen(Fit()).Check("fell blue fell blue fell blue", embedder).Classes);
    }

    [Fact]
    public void A_model_that_cannot_read_the_step_is_logged_once_without_the_message()
    {
        using var logs = new CapturingLoggerProvider();
        var screen = Screen(Fit(), logs.CreateLogger("safety"));
        var other = new KeywordEmbedder("other-model", ["fell", "blue", "sad", "hot", "stop", "hello", "cat", "more"]);
        screen.Check("fell blue fell blue fell blue", other);
        screen.Check("sad sad sad sad sad sad", other);
        var line = Assert.Single(logs.Lines);
        Assert.Contains("learnt step is off", line, StringComparison.Ordinal);
        Assert.Contains("keywords", line, StringComparison.Ordinal);
        Assert.DoesNotContain("fell", line, StringComparison.Ordinal);

        using var quiet = new CapturingLoggerProvider();
        Screen(Fit(), quiet.CreateLogger("safety")).Check("fell blue fell blue fell blue", Model);
        Assert.Empty(quiet.Lines);
    }

    [Fact]
    public void Weights_of_another_width_are_not_read()
    {
        var wider = new KeywordEmbedder("keywords", ["fell", "blue", "sad", "hot", "stop", "hello", "cat", "more", "dog"]);
        Assert.Equal(SafetyClasses.None, Screen(Fit()).Check("fell blue fell blue fell blue", wider).Classes);
    }

    [Fact]
    public void A_command_or_a_message_of_a_few_words_is_not_read()
    {
        // All four read as an emergency to the step; only the six-word message that is no command counts.
        Assert.Equal(SafetyClasses.Emergency, Screen(Fit()).Check("more more more more more more", Model).Classes);
        Assert.Equal(SafetyClasses.None, Screen(Fit()).Check("more more more more more", Model).Classes);
        Assert.Equal(SafetyClasses.None, Screen(Fit()).Check("tell me more about it", Model).Classes);
        Assert.Equal(SafetyClasses.None, Screen(Fit()).Check("fell fell fell", Model).Classes);
    }

    [Fact]
    public void The_reply_is_that_of_the_group_of_its_class_the_message_reads_most_like()
    {
        // Two emergency groups, the overdose one first in the file: a fall reads like the other group's example.
        var rules = SafetyRulesParser.Parse("safety.txt", """
            [overdose] Overdose
            class: emergency
            reply: poison
            phrase: took too many
            similarity: 0.99
            - blue

            [emergency] Emergency
            class: emergency
            reply: call
            phrase: chest pain
            similarity: 0.99
            - fell

            [crisis] Crisis
            class: crisis
            reply: 988
            phrase: hopeless
            - so hopeless

            [urgent] Urgent
            class: urgent
            reply: team
            phrase: fever
            - a fever

            [medicine-change] Medicine
            class: medicine-change
            reply: stop
            phrase: stop my pills
            - can i stop my pills
            """, Fit());
        var screen = new SafetyScreen(rules);
        Assert.Equal("emergency", Assert.Single(screen.Check("fell fell fell blue fell fell", Model).Replies).Id);
        // A class the phrases found already keeps their group's reply: the step adds nothing to it.
        Assert.Equal("overdose", Assert.Single(screen.Check("i took too many, fell fell fell", Model).Replies).Id);
    }

    [Theory]
    [InlineData("no chest pain, fell blue fell")]
    [InlineData("i had chest pain in 2015, fell blue fell")]
    public void A_sign_the_file_has_judged_is_not_raised_by_the_learnt_step(string text) =>
        Assert.Equal(SafetyClasses.None, Screen(Fit()).Check(text, Model).Classes & SafetyClasses.Emergency);
}
