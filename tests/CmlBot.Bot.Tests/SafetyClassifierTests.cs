using CmlBot.Bot.Understanding.Safety;
using CmlBot.Bot.Tests.Infrastructure;

namespace CmlBot.Bot.Tests;

/// <summary>
/// The screen's classifier: a group with a <c>reach:</c> also counts a message that reads within that reach below its
/// similarity when the classifier, fitted on the groups' examples, the look-alikes and ordinary questions, places it in
/// that group well ahead of ordinary questions; never without ordinary questions, never beyond the reach, and one
/// group at most per piece of a message; and never for a group whose phrase the message negates or holds in an idiom,
/// or whose idiom the message holds.
/// </summary>
public sealed class SafetyClassifierTests
{
    private const string Rules = """
        [crisis] Crisis
        class: crisis
        reply: Call the {CrisisLine}.
        phrase: hopeless*
        similarity: 0.9
        reach: 0.5
        - dark dark dark
        - dark dark

        [medicine-change] Changing a medicine
        class: medicine-change
        reply: Please don't stop your medicine on your own.
        phrase: stop my pills
        similarity: 0.9
        reach: 0.5
        - pause pause pause
        - pause pause

        [emergency] Emergency
        class: emergency
        reply: Call {EmergencyNumber} now.
        phrase: chest pain
        - chest chest

        [urgent] Urgent
        class: urgent
        reply: Call your care team now.
        phrase: fever
        - fever fever

        [look-alikes] Look-alikes
        class: none
        - word word dark
        """;

    private static readonly IReadOnlyList<string> Ordinary = ["question question", "question question question", "question word", "word question question"];

    /// <summary>One dimension per keyword, counts normalised.</summary>
    private static readonly KeywordEmbedder Keywords = new("keywords", ["dark", "pause", "chest", "fever", "question", "word"]);

    private static SafetyRules Parse(string text) => SafetyRulesParser.Parse("corpus/safety.txt", text);

    [Fact]
    public void A_message_below_similarity_counts_for_the_group_the_classifier_places_it_in()
    {
        var vectors = new SafetyExampleVectors(Parse(Rules), Keywords, Ordinary);
        Assert.True(vectors.HasClassifier);
        // Cosine with "dark dark" about 0.89: under the similarity 0.9, within its reach; the classifier says crisis.
        var pieces = new[] { "dark dark question" };
        Assert.True(vectors.Score(pieces, CancellationToken.None)[0] < 0.9);
        Assert.Equal([true, false, false, false], vectors.Read(pieces, CancellationToken.None).Groups);
        // Ordinary questions stay ordinary.
        Assert.All(vectors.Read(["question question word"], CancellationToken.None).Groups, Assert.False);
    }

    [Fact]
    public void Without_ordinary_questions_or_reach_only_similarity_counts()
    {
        var pieces = new[] { "dark dark question" };
        Assert.All(new SafetyExampleVectors(Parse(Rules), Keywords).Read(pieces, CancellationToken.None).Groups, Assert.False);
        var noReach = Parse(Rules.Replace("reach: 0.5", "reach: 0", StringComparison.Ordinal));
        var vectors = new SafetyExampleVectors(noReach, Keywords, Ordinary);
        Assert.False(vectors.HasClassifier);
        Assert.All(vectors.Read(pieces, CancellationToken.None).Groups, Assert.False);
    }

    [Fact]
    public void Beyond_the_reach_the_classifier_does_not_count()
    {
        // 0.894 read against a similarity of 0.9 lies beyond a reach of 0.001.
        var narrow = Parse(Rules.Replace("reach: 0.5", "reach: 0.001", StringComparison.Ordinal));
        var vectors = new SafetyExampleVectors(narrow, Keywords, Ordinary);
        Assert.All(vectors.Read(["dark dark question"], CancellationToken.None).Groups, Assert.False);
    }

    [Fact]
    public void The_classifier_names_one_group_per_piece()
    {
        var vectors = new SafetyExampleVectors(Parse(Rules), Keywords, Ordinary);
        // Both within reach; the classifier counts only the group it fits best (crisis, two "dark" to one "pause").
        var recognised = vectors.Read(["dark dark pause question"], CancellationToken.None).Groups;
        Assert.Equal(1, recognised.Take(2).Count(r => r));
        Assert.True(recognised[0]);
    }

    [Theory]
    [InlineData("no hopeless dark dark")]
    [InlineData("hopeless at maths dark dark")]
    public void A_phrase_negated_or_inside_the_groups_idiom_keeps_the_model_from_counting_that_group(string text)
    {
        var rules = Parse(Rules.Replace("phrase: hopeless*", "phrase: hopeless*\nunless: hopeless at maths", StringComparison.Ordinal));
        var screen = new SafetyScreen(rules, ordinary: Ordinary);
        // The model alone reads "dark dark" as crisis; the phrase's negation or idiom has already judged it not.
        Assert.Equal(SafetyClasses.Crisis, screen.Check("dark dark", Keywords).Classes);
        Assert.Equal(SafetyClasses.None, screen.Check(text, Keywords).Classes & SafetyClasses.Crisis);
    }

    [Fact]
    public void The_groups_idiom_alone_keeps_the_model_from_counting_that_group()
    {
        var rules = Parse(Rules.Replace("phrase: hopeless*", "phrase: hopeless*\nunless: sick to death of", StringComparison.Ordinal));
        var screen = new SafetyScreen(rules, ordinary: Ordinary);
        // No phrase of the group is in "sick to death of dark dark"; its idiom says the strong words are a figure of speech.
        Assert.Equal(SafetyClasses.None, screen.Check("sick to death of dark dark", Keywords).Classes & SafetyClasses.Crisis);
        // A phrase outside the idiom still counts.
        Assert.Equal(SafetyClasses.Crisis, screen.Check("sick to death of dark dark, hopeless", Keywords).Classes & SafetyClasses.Crisis);
    }
}
