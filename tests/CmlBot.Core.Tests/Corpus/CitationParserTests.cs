using CmlBot.Core.Corpus;

namespace CmlBot.Core.Tests.Corpus;

public sealed class CitationParserTests
{
    [Theory]
    [InlineData("text.[1]", new[] { 1 })]
    [InlineData("text.[2-11]", new[] { 2, 3, 4, 5, 6, 7, 8, 9, 10, 11 })]
    [InlineData("text.[12,13]", new[] { 12, 13 })]
    [InlineData("text.[15-17]", new[] { 15, 16, 17 })]
    [InlineData("text.[2,5-7]", new[] { 2, 5, 6, 7 })]
    [InlineData("text.[ 3 – 5 ]", new[] { 3, 4, 5 })]
    [InlineData("a.[1] b.[1,2]", new[] { 1, 2 })]
    [InlineData("no citation (>1 year) [PUBMED Abstract]", new int[0])]
    public void Markers_expand_to_reference_numbers(string text, int[] expected) =>
        Assert.Equal(expected, CitationParser.Parse(text));

    [Fact]
    public void A_backwards_range_is_an_error() => Assert.Throws<FormatException>(() => CitationParser.Parse("x.[7-3]"));

    [Fact]
    public void Markers_are_stripped_for_indexing() =>
        Assert.Equal("Most patients respond. (These patients.)", CitationParser.StripMarkers("Most patients respond. (These patients.)[15-17]"));
}
