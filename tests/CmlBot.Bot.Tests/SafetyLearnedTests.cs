using CmlBot.Bot.Tests.Infrastructure;
using CmlBot.Bot.Understanding.Safety;

namespace CmlBot.Bot.Tests;

/// <summary>
/// The screen's learnt step: a message no phrase names counts for a class the step may add when its vector reads as
/// that class, clearly ahead of ordinary messages; never a class it may not add, never with another model's vectors,
/// never where the file has judged the sign (negated, in an idiom) and never without the model.
/// </summary>
public sealed class SafetyLearnedTests
{
    private static readonly KeywordEmbedder Model = new("keywords", ["fell", "blue", "sad", "hot", "stop", "hello", "cat"]);

    /// <summary>Labelled messages in the keywords' words: each class has its own, ordinary ones talk of hellos and cats.</summary>
    private static readonly (string Text, SafetyClasses Class)[] Labelled =
    [
        ("fell fell", SafetyClasses.Emergency), ("fell blue", SafetyClasses.Emergency), ("blue blue fell", SafetyClasses.Emergency),
        ("sad sad", SafetyClasses.Crisis), ("sad", SafetyClasses.Crisis),
        ("hot hot", SafetyClasses.Urgent), ("hot", SafetyClasses.Urgent),
        ("stop stop", SafetyClasses.MedicineChange), ("stop", SafetyClasses.MedicineChange),
        ("hello", SafetyClasses.None), ("hello cat", SafetyClasses.None), ("cat cat", SafetyClasses.None), ("cat hello hello", SafetyClasses.None),
    ];

    private static SafetyLearned Fit(double lead = 0.5, SafetyClasses adds = SafetyClasses.Emergency | SafetyClasses.Crisis, string model = "keywords") =>
        SafetyLearned.Fit(Model.Embed(Labelled.Select(l => l.Text).ToList()), Labelled.Select(l => l.Class).ToList(),
            model, SafetyLearned.Digest(Labelled), ridge: 0.01, lead, floor: 0.4, adds);

    private static SafetyScreen Screen(SafetyLearned? learned) =>
        // The groups' examples hold none of the keywords, so similarity to them never counts: what counts is the learnt step.
        new(SmallSafetyFile.Parse("phrase: chest pain\n- chest pain now", "phrase: hopeless\n- so hopeless", "phrase: fever\n- a fever",
            "phrase: stop my pills\n- can i stop my pills", learned));

    [Fact]
    public void A_message_no_phrase_names_counts_when_the_learnt_step_reads_it_as_an_emergency()
    {
        var result = Screen(Fit()).Check("fell blue fell", Model);
        Assert.Equal(SafetyClasses.Emergency, result.Classes);
        Assert.Equal("emergency", Assert.Single(result.Replies).Id);
        Assert.Equal(SafetyClasses.Crisis, Screen(Fit()).Check("sad sad sad", Model).Classes);
        // The same screen without the step, and the step without the model, say nothing.
        Assert.Equal(SafetyClasses.None, Screen(null).Check("fell blue fell", Model).Classes);
        Assert.Equal(SafetyClasses.None, Screen(Fit()).Check("fell blue fell").Classes);
    }

    [Fact]
    public void Ordinary_messages_stay_ordinary()
    {
        Assert.Equal(SafetyClasses.None, Screen(Fit()).Check("hello cat", Model).Classes);
        Assert.Equal(SafetyClasses.None, Fit().Read(Model.Embed(["cat hello"])[0]));
    }

    [Fact]
    public void The_learnt_step_adds_only_the_classes_it_may_add()
    {
        Assert.Equal(SafetyClasses.None, Screen(Fit()).Check("hot hot hot", Model).Classes);
        Assert.Equal(SafetyClasses.Urgent, Screen(Fit(adds: SafetyClasses.Urgent)).Check("hot hot hot", Model).Classes);
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
        var embedder = new KeywordEmbedder(embedderName, ["fell", "blue", "sad", "hot", "stop", "hello", "cat"]);
        Assert.Equal(read ? SafetyClasses.Emergency : SafetyClasses.None, Screen(Fit()).Check("fell blue fell", embedder).Classes);
    }

    [Fact]
    public void Weights_of_another_width_are_not_read()
    {
        var wider = new KeywordEmbedder("keywords", ["fell", "blue", "sad", "hot", "stop", "hello", "cat", "dog"]);
        Assert.Equal(SafetyClasses.None, Screen(Fit()).Check("fell blue fell", wider).Classes);
    }

    [Theory]
    [InlineData("no chest pain, fell blue fell")]
    [InlineData("i had chest pain in 2015, fell blue fell")]
    public void A_sign_the_file_has_judged_is_not_raised_by_the_learnt_step(string text) =>
        Assert.Equal(SafetyClasses.None, Screen(Fit()).Check(text, Model).Classes & SafetyClasses.Emergency);
}
