using CmlBot.Core.Retrieval;

namespace CmlBot.Core.Tests.Retrieval;

/// <summary>A reference named by its place in a list of 17: from the end, next to another, at an end of a printed range.</summary>
public sealed class ListPositionTests
{
    [Theory]
    [InlineData("the last reference", 17)]
    [InlineData("what's the final citation?", 17)]
    [InlineData("the last one in the list", 17)]
    [InlineData("last of the references", 17)]
    [InlineData("the bottom of the reference list", 17)]
    [InlineData("the last reference cited in the summary", 17)]
    [InlineData("the one just before the last", 16)]
    [InlineData("two before the last reference", 15)]
    [InlineData("second-to-last reference", 16)]
    [InlineData("second last ref", 16)]
    [InlineData("penultimate reference", 16)]
    [InlineData("next to last citation", 16)]
    [InlineData("third from the end of the reference list", 15)]
    [InlineData("the one right after ref 8", 9)]
    [InlineData("the reference before [10]", 9)]
    [InlineData("the ref after 3", 4)]
    [InlineData("citation following #12", 13)]
    [InlineData("the first of [15-17]", 15)]
    [InlineData("the last of the references in the [2-11] range", 11)]
    [InlineData("the sentence cites [2-11]; which reference closes that range?", 11)]
    [InlineData("which one opens [15-17]?", 15)]
    [InlineData("What's the 3rd reference in the [2-11] group?", 4)]
    [InlineData("the fifth of refs 2-11", 6)]
    [InlineData("which is the middle reference of [15-17]", 16)]
    [InlineData("what's the last reference in the 2-11 range", 11)]
    [InlineData("the first one of the 12-13 group", 12)]
    [InlineData("In the big block of references 2 to 11 after the sentence about mutations, who wrote the very first one?", 2)]
    [InlineData("Counting through the references cited as 2-11 for the resistance sentence, which one is fifth?", 6)]
    [InlineData("the text cites 2-11. What's the third reference in that range?", 4)]
    public void A_place_in_the_list_names_a_reference(string question, int number) =>
        Assert.Equal(number, ListPosition.Find(question, 17));

    [Theory]
    [InlineData("the last study on dasatinib")]
    [InlineData("what happens after 8 months on imatinib")]
    [InlineData("my last transplant failed")]
    [InlineData("the reference after 17")]
    [InlineData("before ref 1")]
    [InlineData("reference 9")]
    [InlineData("the second-line drug among [2-11]")]
    [InlineData("the 12th of refs 2-11")]
    [InlineData("the last reference cited for the statement that mutations cause resistance")]
    [InlineData("the paper published just before the last transplant")]
    [InlineData("What's the first reference for the donor-infusion sentence?")]
    [InlineData("What's the one just before the last in the list for the sentence about mutations causing resistance?")]
    [InlineData("the middle reference of [12-13]")]
    public void Words_that_name_no_place_in_the_list_name_no_reference(string question) =>
        Assert.Null(ListPosition.Find(question, 17));

    [Theory]
    [InlineData("the reference immediately after Talpaz", 5)]
    [InlineData("the one right before Hess's paper", 16)]
    [InlineData("which ref comes after le Coutre", 4)]
    [InlineData("the reference after imatinib failure", null)]
    [InlineData("the paper after Kantarjian", null)]
    [InlineData("which reference comes two after the Talpaz paper?", 6)]
    [InlineData("the one three places before Hess", 14)]
    [InlineData("what happens after Talpaz showed it works", null)]
    public void A_place_next_to_a_first_authors_reference_names_a_reference(string question, int? number) =>
        Assert.Equal(number, ListPosition.Find(question, 17, new Dictionary<string, int> { ["talpaz"] = 4, ["hess"] = 17, ["le coutre"] = 3 }));

    [Theory]
    [InlineData("of refs 15-17, the one in Blood", 15, 17)]
    [InlineData("In the block of citations 2 through 11, which one is about transplantation?", 2, 11)]
    [InlineData("which of references 12 and 13 compares DLI doses", 12, 13)]
    [InlineData("among [2-11], the randomized one", 2, 11)]
    [InlineData("For that statement the text cites 2-11", 2, 11)]
    public void A_stretch_of_the_list_is_read(string question, int from, int to) =>
        Assert.Equal((from, to), ListPosition.Stretch(question));

    [Theory]
    [InlineData("ref 8")]
    [InlineData("the reference from 2006 to 2008")]
    [InlineData("refs 11 to 3")]
    public void Numbers_that_are_no_stretch_of_the_list_name_none(string question) =>
        Assert.Null(ListPosition.Stretch(question));

    [Theory]
    [InlineData("the DLI claim cites two refs, what's the first of them?", 0)]
    [InlineData("second of the two citations given for donor lymphocyte infusions", 1)]
    [InlineData("the last one of those", -1)]
    [InlineData("where does the 50% figure come from", null)]
    [InlineData("What is the last reference cited for the statement that mutations can cause resistance?", -1)]
    [InlineData("Among the references cited for the sentence on mutations, which one is second to last?", -2)]
    [InlineData("the first citation given for the claim that the first drug fails", 0)]
    [InlineData("of the refs cited after that sentence, which is the third?", 2)]
    [InlineData("the refs cited for the statement about the first drug", null)]
    [InlineData("Of the ten papers cited as one block for the resistance options, which one is listed first?", 0)]
    [InlineData("the last of the block of ten references on mutations", -1)]
    [InlineData("What's the first reference for the donor-infusion sentence?", 0)]
    [InlineData("What's the one just before the last in the list for the sentence about mutations causing resistance?", -2)]
    [InlineData("Which reference is the last one cited for the bit about mutations and the alternative drugs being studied?", -1)]
    [InlineData("the last of the three references after the imatinib-after-transplant sentence", -1)]
    [InlineData("the middle one of the three", ListPosition.Middle)]
    [InlineData("Out of the big group of references after the sentence on mutations and other drugs, what's the third one?", 2)]
    [InlineData("of the refs cited after that sentence, which is the fifth?", 4)]
    [InlineData("the first reference in the list", null)]
    [InlineData("the last part of the sentence about relapse", null)]
    public void A_place_among_one_claims_citations_is_read(string question, int? place) =>
        Assert.Equal(place, ListPosition.AmongCited(question));

    [Theory]
    [InlineData("the last of the three references after the transplant sentence", 3)]
    [InlineData("the two citations for the donor-infusion claim, which is first?", 2)]
    [InlineData("the last reference cited for the statement that mutations cause resistance", null)]
    public void How_many_references_a_claim_cites_is_read_when_said(string question, int? count) =>
        Assert.Equal(count, ListPosition.CitedCount(question));

    [Theory]
    [InlineData(0, 3, 0)]
    [InlineData(-1, 3, 2)]
    [InlineData(-2, 10, 8)]
    [InlineData(ListPosition.Middle, 3, 1)]
    [InlineData(ListPosition.Middle, 2, -1)]
    [InlineData(2, 2, -1)]
    public void A_place_is_an_index_among_the_cited_references(int place, int count, int index) =>
        Assert.Equal(index, ListPosition.IndexAmong(place, count));
}
