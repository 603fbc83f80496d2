using CmlBot.Core.Retrieval;

namespace CmlBot.Core.Tests.Retrieval;

[Collection(RepoCollection.Name)]
public sealed class CitationWordsTests(RepoFixture repo)
{
    [Theory]
    [InlineData("kantarjian")]
    [InlineData("talpaz")]
    [InlineData("pigneux")]
    [InlineData("coutre")]
    public void A_references_author_is_a_citation_word(string word) =>
        Assert.True(new CitationWords(repo.Answerer.Passages).Contains(word));

    [Theory]
    [InlineData("blood")]       // a journal's name, and a word patients use
    [InlineData("leukemia")]
    [InlineData("transplant")]
    [InlineData("dasatinib")]   // in titles, and in the sentences
    public void A_journal_or_title_word_is_not(string word) =>
        Assert.False(new CitationWords(repo.Answerer.Passages).Contains(word));

    [Theory]
    [InlineData("what did they find in 2007", true)]
    [InlineData("the 1995 interferon paper", true)]
    [InlineData("what happens in 2030", false)]
    [InlineData("after 12 months on imatinib", false)]
    public void Only_a_references_year_counts(string question, bool expected) =>
        Assert.Equal(expected, new CitationWords(repo.Answerer.Passages).NamesYear(question));

    [Theory]
    [InlineData("kantarjian imatinib after transplant relapse")]
    [InlineData("bone marrow transplantation 1995 interferon cml relapse")]
    [InlineData("pignoux interferon")]
    public void A_question_naming_an_author_or_year_asks_about_a_study(string question) =>
        Assert.True(repo.Answerer.Retriever.Search(question).Plan.ReferenceIntent);

    [Theory]
    [InlineData("Does interferon help after a transplant relapse?")]
    [InlineData("What is relative failure on imatinib at 12 months?")]
    public void An_ordinary_question_does_not(string question) =>
        Assert.False(repo.Answerer.Retriever.Search(question).Plan.ReferenceIntent);
}
