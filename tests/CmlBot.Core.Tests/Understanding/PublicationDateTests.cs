using CmlBot.Core.Understanding;

namespace CmlBot.Core.Tests.Understanding;

/// <summary>When a study came out, said other than by its year: a decade, a place in the order of years, a count from another study.</summary>
public sealed class PublicationDateTests
{
    [Theory]
    [InlineData("which reference is the only one from the 1990s", 1990)]
    [InlineData("the 90s one", 1990)]
    [InlineData("anything from the nineties", 1990)]
    [InlineData("the ones from the 2000s", 2000)]
    [InlineData("a paper from the 00s", 2000)]
    public void A_decade_is_read(string text, int from) =>
        Assert.Equal((from, from + 9), PublicationDate.Decade(text));

    [Theory]
    [InlineData("my dad is in his 90s which paper is about imatinib")]
    [InlineData("she is in her late 70s")]
    [InlineData("the 2006 blood paper")]
    [InlineData("dasatinib 100 mg once daily")]
    public void An_age_a_year_or_a_dose_is_no_decade(string text) =>
        Assert.Null(PublicationDate.Decade(text));

    [Theory]
    [InlineData("which is the second oldest reference in the list", 2)]
    [InlineData("what is the 3rd most recent paper", 3)]
    [InlineData("the oldest paper they cite", 1)]
    [InlineData("the second paper on dasatinib", 1)]
    public void A_place_in_the_order_of_years_is_read(string text, int rank) =>
        Assert.Equal(rank, PublicationDate.Rank(text));

    [Theory]
    [InlineData("published the year before the olavarria paper", -1, "published ", "the olavarria paper")]
    [InlineData("which came out two years after kantarjians 2002 blood paper", 2, "which came out ", "kantarjians 2002 blood paper")]
    [InlineData("published 5 years later than the interferon one", 5, "published ", "the interferon one")]
    public void A_count_of_years_from_another_study_is_read(string text, int years, string before, string other)
    {
        var counted = PublicationDate.Counted(text);
        Assert.NotNull(counted);
        var (y, at, anchorAt) = counted.Value;
        Assert.Equal(years, y);
        Assert.Equal(before, text[..at]);
        Assert.Equal(other, text[anchorAt..].Trim());
    }

    [Theory]
    [InlineData("my pcr went up two years after my transplant")]
    [InlineData("what happens a year after stopping imatinib")]
    public void A_count_of_years_from_something_else_is_read_but_names_no_study(string text) =>
        Assert.False(PublicationDate.Counted(text) is var (_, _, anchorAt) && PublicationDate.SpeaksOfAStudy(text[anchorAt..]));
}
