using CmlBot.Core.Retrieval;

namespace CmlBot.Core.Tests.Retrieval;

/// <summary>
/// The one reference a short description names by the words of its citation, and the place next to it: a title word,
/// a journal or a name readers use for it, a year, an author; nothing when the words fit several or none.
/// </summary>
[Collection(RepoCollection.Name)]
public sealed class ReferenceAnchorTests(RepoFixture repo)
{
    private ReferenceAnchor Anchor() => new(repo.Answerer.Passages);

    [Theory]
    [InlineData("the LeukemiaNet guidelines", 1)]
    [InlineData("the NEJM one", 4)]
    [InlineData("the New England Journal paper", 4)]
    [InlineData("Talpaz's", 4)]
    [InlineData("the Dazzi paper", 13)]
    [InlineData("the 2006 Blood paper by Baccarani", 1)]
    [InlineData("le Coutre's", 3)]
    [InlineData("Which is the only reference from 2005?", 17)]
    [InlineData("the only paper in Bone Marrow Transplant", 14)]
    public void A_description_names_the_one_reference_it_fits(string description, int number) =>
        Assert.Equal(number, Anchor().Named(description));

    [Theory]
    [InlineData("the Blood paper")]
    [InlineData("the dasatinib one")]
    [InlineData("the guidelines")]
    [InlineData("my last transplant")]
    public void A_description_that_fits_several_or_none_names_nothing(string description) =>
        Assert.Null(Anchor().Named(description));

    [Theory]
    [InlineData("the reference that comes right after the LeukemiaNet guidelines", 2)]
    [InlineData("what's the reference straight after the NEJM one?", 5)]
    [InlineData("the citation listed before the Dazzi paper", 12)]
    [InlineData("the one after the NEJM paper", 5)]
    [InlineData("which reference is about transplant after imatinib failure", null)]
    [InlineData("the one after imatinib failure", null)]
    [InlineData("Which reference sits between le Coutre and Hochhaus in the list?", 4)]
    [InlineData("the reference between Pigneux and the 2002 Kantarjian paper", 15)]
    [InlineData("the reference between Talpaz and Dazzi", null)]
    [InlineData("the difference between imatinib and dasatinib studies", null)]
    public void A_place_next_to_a_described_reference_names_a_reference(string question, int? number) =>
        Assert.Equal(number, ListPosition.Find(question, 17, anchor: Anchor()));
}
