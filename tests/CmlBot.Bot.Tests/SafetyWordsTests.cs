using CmlBot.Bot.Tests.Infrastructure;
using CmlBot.Bot.Understanding.Safety;

namespace CmlBot.Bot.Tests;

/// <summary>
/// The screen's word step: a message no phrase names counts for a class the step may add when its words read as that
/// class, clearly ahead of ordinary messages; never a class it may not add, never where the file has judged the sign,
/// never for a message of a few words, and never without the sentence model, whose gates it shares. It overrules a class
/// something else found only where it may, and only where the vector step also reads the message as ordinary.
/// </summary>
public sealed class SafetyWordsTests
{
    /// <summary>Its keywords are in none of the messages, so similarity never counts: what counts is the word step.</summary>
    private static readonly KeywordEmbedder Model = new("keywords", ["zebra"]);

    private static readonly (string Text, SafetyClasses Class)[] Labelled =
    [
        ("he went grey and slumped", SafetyClasses.Emergency), ("went grey and slumped over", SafetyClasses.Emergency),
        ("slumped and went grey", SafetyClasses.Emergency), ("she slumped and went grey at lunch", SafetyClasses.Emergency),
        ("nothing left to live for", SafetyClasses.Crisis), ("no point living any more", SafetyClasses.Crisis), ("nothing to live for now", SafetyClasses.Crisis),
        ("hot and shivery all night", SafetyClasses.Urgent), ("shivery and hot since lunch", SafetyClasses.Urgent),
        ("want to halt the tablets", SafetyClasses.MedicineChange), ("halt my tablets for a week", SafetyClasses.MedicineChange),
        ("what is the grey zone of a chart", SafetyClasses.None), ("how long do the tablets take", SafetyClasses.None),
        ("when is the clinic open", SafetyClasses.None), ("what does a chart show", SafetyClasses.None),
        ("tell me about the clinic", SafetyClasses.None), ("what is a phase", SafetyClasses.None),
    ];

    private static SafetyWords Fit(double lead = 0.3, SafetyClasses adds = SafetyFitDefaults, int least = 1, SafetyClasses vetoes = SafetyClasses.None) =>
        SafetyWords.Fit([.. Labelled.Select(l => SafetyText.Prepare(l.Text, SafetyRules.MaxTextLength))], [.. Labelled.Select(l => l.Class)],
            SafetyLearned.Digest(Labelled), ridge: 0.1, least, lead, floor: 0.3, adds, veto: 0.3, vetoes);

    private const SafetyClasses SafetyFitDefaults = SafetyClasses.Emergency | SafetyClasses.Crisis | SafetyClasses.Urgent | SafetyClasses.MedicineChange;

    private static SafetyScreen Screen(SafetyWords? words, SafetyLearned? learned = null) =>
        new(SmallSafetyFile.Parse("phrase: chest pain\n- chest pain now", "phrase: hopeless\n- so hopeless", "phrase: fever\n- a fever",
            "phrase: stop my pills\n- can i stop my pills", learned, words));

    /// <summary>
    /// A vector step for <see cref="Model"/> whose scores are the same for every message: ahead for ordinary, or for
    /// <paramref name="reads"/>. It adds nothing (it may add no class); it is there to agree or disagree with a veto.
    /// </summary>
    private static SafetyLearned VectorStep(SafetyClasses reads = SafetyClasses.None)
    {
        var bias = SafetyLearned.Classes.Select(c => c == reads ? 1f : 0f).ToArray();
        var classifier = CmlBot.Core.Understanding.ExampleClassifier.FromWeights([.. SafetyLearned.Classes.Select(_ => new[] { 0f })], bias);
        return new SafetyLearned(Model.Name, "fixed", 1, 0.5, 0.4, SafetyClasses.None, classifier);
    }

    [Fact]
    public void A_message_no_phrase_names_counts_when_its_words_read_as_a_class()
    {
        const string message = "my dad went grey and slumped in his chair";
        var result = Screen(Fit()).Check(message, Model);
        Assert.Equal(SafetyClasses.Emergency, result.Classes);
        Assert.Equal("emergency", Assert.Single(result.Replies).Id);
        Assert.Equal(SafetyClasses.Crisis, Screen(Fit()).Check("i feel there is nothing left to live for", Model).Classes);
        // The same screen without the step, and the step without the model, say nothing.
        Assert.Equal(SafetyClasses.None, Screen(null).Check(message, Model).Classes);
        Assert.Equal(SafetyClasses.None, Screen(Fit()).Check(message).Classes);
    }

    [Fact]
    public void Ordinary_messages_stay_ordinary()
    {
        Assert.Equal(SafetyClasses.None, Screen(Fit()).Check("what does the grey zone on my chart show", Model).Classes);
        Assert.Equal(SafetyClasses.None, Fit().Read(SafetyText.Prepare("when is the clinic open for a chart", SafetyRules.MaxTextLength)));
    }

    [Fact]
    public void The_word_step_adds_only_the_classes_it_may_add_and_only_clearly_ahead()
    {
        const string message = "he has been hot and shivery all night long";
        Assert.Equal(SafetyClasses.Urgent, Screen(Fit()).Check(message, Model).Classes);
        Assert.Equal(SafetyClasses.None, Screen(Fit(adds: SafetyClasses.Emergency)).Check(message, Model).Classes);
        Assert.Equal(SafetyClasses.None, Screen(Fit(lead: 1.5)).Check(message, Model).Classes);
    }

    [Fact]
    public void A_sign_the_file_judged_or_a_message_of_a_few_words_is_not_read()
    {
        // Negated chest pain is judged not an emergency: the words of a collapse beside it may not overrule the file.
        Assert.Equal(SafetyClasses.None, Screen(Fit()).Check("no chest pain but he went grey and slumped", Model).Classes);
        Assert.Equal(SafetyClasses.None, Screen(Fit()).Check("went grey and slumped", Model).Classes);
    }

    [Fact]
    public void A_class_found_is_overruled_where_the_words_and_the_vector_step_both_read_the_message_as_ordinary()
    {
        // A phrase names chest pain; every other word is an ordinary question's.
        const string message = "when is the clinic open and what does a chart show for chest pain";
        var overruling = Screen(Fit(vetoes: SafetyClasses.Emergency), VectorStep());
        var result = overruling.Check(message, Model);
        Assert.Equal((SafetyClasses.None, SafetyClasses.Emergency), (result.Classes, result.Overruled));
        Assert.Empty(result.Replies);

        // Not a class it may not overrule, not against the vector step, not without one, not a message of a few words, not without the model.
        Assert.Equal(SafetyClasses.Emergency, Screen(Fit(vetoes: SafetyClasses.Crisis), VectorStep()).Check(message, Model).Classes);
        Assert.Equal(SafetyClasses.Emergency, Screen(Fit(vetoes: SafetyClasses.Emergency).WithVetoes(SafetyClasses.None), VectorStep()).Check(message, Model).Classes);
        Assert.Equal(SafetyClasses.Emergency, Screen(Fit(vetoes: SafetyClasses.Emergency), VectorStep(SafetyClasses.Emergency)).Check(message, Model).Classes);
        Assert.Equal(SafetyClasses.Emergency, Screen(Fit(vetoes: SafetyClasses.Emergency)).Check(message, Model).Classes);
        Assert.Equal(SafetyClasses.Emergency, overruling.Check("clinic chart for chest pain", Model).Classes);
        Assert.Equal(SafetyClasses.Emergency, overruling.Check(message).Classes);
        // A message whose words read as the emergency it names keeps it.
        Assert.Equal(SafetyClasses.Emergency, overruling.Check("chest pain now and he went grey and slumped over", Model).Classes);
    }

    [Fact]
    public void A_word_in_fewer_labelled_messages_than_the_least_gets_no_weight()
    {
        Assert.Contains("lunch", Fit(least: 1).Weights.Keys);
        Assert.DoesNotContain("lunch", Fit(least: 3).Weights.Keys);
        Assert.Contains("went grey", Fit(least: 3).Weights.Keys);
    }

    [Fact]
    public void Grams_are_the_distinct_words_and_pairs_of_adjacent_words_in_order()
    {
        Assert.Equal(["chest", "chest pain", "pain", "pain chest", "pain now", "now"], SafetyWords.Grams(" chest pain | chest pain now "), StringComparer.Ordinal);
    }
}
