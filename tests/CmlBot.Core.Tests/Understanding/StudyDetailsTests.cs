using CmlBot.Core.Retrieval;
using CmlBot.Core.Understanding;

namespace CmlBot.Core.Tests.Understanding;

/// <summary>
/// The phase and the medicines a question names for a study: a medicine by any name the synonyms give it, spelling
/// fixed; "chronic" as a phase only where it says "phase" or "stage", never in "chronic myeloid leukemia"; and a
/// reference fits unless its title states another phase or leaves out a medicine named.
/// </summary>
[Collection(RepoCollection.Name)]
public sealed class StudyDetailsTests(RepoFixture repo) : IDisposable
{
    private readonly TextAnalysis _analysis = new();

    private NamedStudy Named(string question) =>
        new StudyDetails(repo.Answerer.Passages, _analysis).Named(repo.Answerer.Retriever.Plan(question));

    private string Reference(int number) => repo.Answerer.Passages.Single(p => p.Reference?.Number == number).Id;

    [Theory]
    [InlineData("the tasigna study in chronic phase", "chronic phase", "nilotinib")]
    [InlineData("src for sprycel in AP?", "accelerated phase", "dasatinib")]
    [InlineData("dasatinib for blast crisis after gleevec failed", "blast crisis", "dasatinib imatinib")]
    [InlineData("which paper was on nilotnib in the accelerated stage", "accelerated phase", "nilotinib")]
    [InlineData("source for dasatinib in the most advanced phase of CML", "blast crisis", "dasatinib")]
    [InlineData("the alpha interferon paper", null, "interferon")]
    [InlineData("the dasatinib study in acelerated phase", "accelerated phase", "dasatinib")]
    [InlineData("which study looked at Tasigna for early stage CML after Gleevec resistance", "chronic phase", "imatinib nilotinib")]
    [InlineData("sprycel in the speeding-up phase", "accelerated phase", "dasatinib")]
    public void The_phase_and_medicines_named_for_a_study_are_read(string question, string? phase, string medicines)
    {
        var named = Named(question);
        Assert.Equal(phase, named.Phase);
        Assert.Equal(medicines.Split(' '), named.Medicines.Order(StringComparer.Ordinal));
    }

    [Theory]
    [InlineData("which study was about chronic myeloid leukemia after a transplant")]
    [InlineData("the randomized phase 2 trial")]
    public void Chronic_myeloid_leukemia_and_a_trial_phase_name_no_phase(string question) =>
        Assert.Null(Named(question).Phase);

    [Fact]
    public void A_title_stating_another_phase_does_not_fit_and_one_stating_none_does()
    {
        var named = Named("the nilotinib study in chronic phase");
        Assert.True(named.Fits(Reference(10)));
        Assert.True(named.StatesPhase(Reference(10)));
        Assert.False(named.Fits(Reference(3)));   // nilotinib, accelerated phase
        Assert.True(named.Fits(Reference(6)));    // nilotinib, no phase stated
        Assert.False(named.StatesPhase(Reference(6)));
        Assert.False(named.Fits(Reference(5)));   // chronic phase, dasatinib only
    }

    [Fact]
    public void A_medicine_ruled_out_is_not_named_and_a_title_stating_it_does_not_fit()
    {
        var named = Named("which reference with Ottmann is about imatinib, not nilotinib, after transplant?");
        Assert.Equal(["imatinib"], named.Medicines);
        Assert.False(named.Fits(Reference(3)));   // nilotinib in imatinib-resistant accelerated phase
        Assert.True(named.Fits(Reference(15)));   // imatinib after a transplant
    }

    [Theory]
    [InlineData("Leaving out the nilotinib study, which paper is about accelerated-phase CML?")]
    [InlineData("which accelerated phase paper isn't the nilotinib one?")]
    [InlineData("sprycel in accelerated phase - which study is that? not the tasigna one")]
    public void A_medicine_ruled_out_a_word_later_is_ruled_out_too(string question)
    {
        var named = Named(question);
        Assert.Contains("nilotinib", named.RuledOut!);
        Assert.False(named.Fits(Reference(3)));   // nilotinib in accelerated phase
        Assert.True(named.Fits(Reference(9)));    // dasatinib in accelerated phase
    }

    [Theory]
    [InlineData("the dasatinib study in the in-between stage, not chronic and not blast", "accelerated phase")]
    [InlineData("a study in the middle phase rather than blast crisis", "accelerated phase")]
    [InlineData("of the two nilotinib papers, the accelerated one that isn't about chronic phase", "accelerated phase")]
    public void A_phase_ruled_out_is_not_the_phase_named(string question, string phase) =>
        Assert.Equal(phase, Named(question).Phase);

    [Fact]
    public void A_title_naming_no_medicine_contradicts_none()
    {
        var named = Named("who set the milestones for gleevec");
        Assert.True(named.Fits(Reference(1)));
        Assert.False(named.Fits(repo.Answerer.Passages.First(p => p.Reference is null).Id));
    }

    public void Dispose() => _analysis.Dispose();

    [Theory]
    [InlineData("There are two JCO papers. Which one isn't about transplant?", new[] { 2, 12, 14, 15, 16, 17 }, new[] { 11 })]
    [InlineData("There are three 2006 Blood papers. Which one isn't the LeukemiaNet guideline and isn't about measuring BCR-ABL transcripts?", new[] { 1, 12 }, new[] { 2, 4 })]
    [InlineData("Szydlo is on two papers. I want the one on molecular monitoring, not the DLI dosing one.", new[] { 13 }, new[] { 12 })]
    public void A_study_described_after_not_is_ruled_out(string question, int[] ruledOut, int[] kept)
    {
        var named = Named(question);
        Assert.All(ruledOut, n => Assert.True(named.RuledOutTitles.Contains(Reference(n)), $"reference {n} ruled out of {string.Join(",", named.RuledOutTitles)}"));
        Assert.All(kept, n => Assert.True(named.Fits(Reference(n)), $"reference {n} fits"));
    }

    [Theory]
    // A phase ruled out is a phase, not a description: "chronic" is in most titles.
    [InlineData("Of the two nilotinib papers, which is the one that isn't about chronic phase?")]
    [InlineData("which reference has Baccarani as a co-author, not as first author?")]
    [InlineData("what if imatinib is not working for me")]
    public void Words_after_not_that_describe_no_study_rule_none_out(string question) =>
        Assert.Empty(Named(question).RuledOutTitles);
}
