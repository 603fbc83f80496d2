using CmlBot.Core.Understanding;

namespace CmlBot.Core.Tests.Understanding;

/// <summary>An article asked for by its length in pages: the longest, the shortest, or a count.</summary>
public sealed class PageLengthTests
{
    [Theory]
    [InlineData("which cited article runs to the most pages", PageOrder.Longest, null)]
    [InlineData("which of the references is the longest article going by its page range", PageOrder.Longest, null)]
    [InlineData("which 2007 reference has the fewest pages", PageOrder.Shortest, null)]
    [InlineData("of the papers from 2007 which one is the shortest in page count", PageOrder.Shortest, null)]
    [InlineData("there are two tiny three page papers in the list which one came out in 2006", PageOrder.None, 3)]
    [InlineData("the 6 page article by kaeda", PageOrder.None, 6)]
    public void Length_in_pages_is_read(string text, PageOrder order, int? count) =>
        Assert.Equal((order, count), PageLength.Read(text));

    [Theory]
    [InlineData("which study had the longest remissions")]
    [InlineData("the shortest time to relapse")]
    [InlineData("blood volume 109 page 497")]
    [InlineData("what is on page 3 of the summary")]
    public void Words_of_time_or_a_page_named_are_no_length(string text) =>
        Assert.Equal((PageOrder.None, (int?)null), PageLength.Read(text));

    [Fact]
    public void An_article_runs_from_its_first_to_its_last_page() =>
        Assert.Equal(12, PageLength.Of((108, 1809, 1820)));
}
