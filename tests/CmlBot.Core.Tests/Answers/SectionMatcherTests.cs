using CmlBot.Core.Answers;
using CmlBot.Core.Retrieval;

namespace CmlBot.Core.Tests.Answers;

/// <summary>
/// Questions that name a section the corpus lacks: which section, and which of the corpus's own sentences speak of it
/// well enough to answer what else the question asks.
/// </summary>
[Collection(RepoCollection.Name)]
public sealed class SectionMatcherTests(RepoFixture repo) : IDisposable
{
    private readonly TextAnalysis _analysis = new();

    private SectionMatcher Matcher() => new(repo.Answerer.Corpus.Documents, _analysis,
        repo.Answerer.Passages.Where(p => p.Kind == PassageKind.Sentence).Select(p => (p.Id, repo.Answerer.Retriever.Plan(p.Text))));

    private string OvertFailure => repo.Answerer.Passages.Single(p => p.Text.StartsWith("Overt failure is defined", StringComparison.Ordinal)).Id;

    [Theory]
    [InlineData("does moving to the accelerated phase mean my treatment failed", "Accelerated-Phase Chronic Myelogenous Leukemia")]
    [InlineData("has my treatment failed if i have progressed to blast crisis", "Blastic-Phase Chronic Myelogenous Leukemia")]
    [InlineData("lost my remission and reached accelerated phase", "Accelerated-Phase Chronic Myelogenous Leukemia")]
    public void A_sentence_that_speaks_of_the_missing_section_answers_what_else_the_question_asks(string question, string section)
    {
        var plan = repo.Answerer.Retriever.Plan(question);
        var matcher = Matcher();

        Assert.Equal(section, matcher.MissingSectionAskedAbout(plan));
        Assert.Equal([OvertFailure], matcher.PassagesAnswering(plan));
    }

    [Theory]
    [InlineData("How is accelerated phase CML treated?")]
    [InlineData("what is the survival in blast crisis")]
    [InlineData("criteria for blast crisis")]
    [InlineData("How is chronic phase CML treated?")]
    public void A_question_about_what_only_the_missing_section_says_has_no_sentence_to_answer_it(string question)
    {
        var plan = repo.Answerer.Retriever.Plan(question);
        var matcher = Matcher();

        Assert.NotNull(matcher.MissingSectionAskedAbout(plan));
        Assert.Empty(matcher.PassagesAnswering(plan));
    }

    [Fact]
    public void Without_the_corpus_sentences_no_passage_answers_a_missing_section()
    {
        var plan = repo.Answerer.Retriever.Plan("does moving to the accelerated phase mean my treatment failed");

        Assert.Empty(new SectionMatcher(repo.Answerer.Corpus.Documents, _analysis).PassagesAnswering(plan));
    }

    public void Dispose() => _analysis.Dispose();
}
