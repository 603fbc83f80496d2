using CmlBot.Core.Corpus;

namespace CmlBot.Core.Tests.Corpus;

public sealed class SentenceSplitterTests
{
    [Theory]
    [InlineData("Smith J, et al. showed it. Then more.", 2)]
    [InlineData("Some drugs, e.g. imatinib, work. Others do not.", 2)]
    [InlineData("Responses were durable (>1 year) in most. They lasted.", 2)]
    [InlineData("Stem cell transplantation (SCT) is studied.[2-11] Trials help.", 2)]
    [InlineData("Most respond. (These patients had not previously received imatinib.)[15-17]", 1)]
    [InlineData("Check for U.S. clinical trials now. The list can be narrowed.", 2)]
    [InlineData("A dose of 2.5 mg was used. It worked.", 2)]
    [InlineData("Is it back? Yes it is! Really.", 3)]
    [InlineData("the doctor said so. and then left.", 1)]
    [InlineData("Kim D. W. wrote it.", 1)]
    [InlineData("", 0)]
    public void Abbreviations_numbers_and_parentheses_do_not_break_sentences(string paragraph, int count) =>
        Assert.Equal(count, SentenceSplitter.Split(paragraph).Count);

    [Fact]
    public void Citation_markers_stay_with_the_sentence_they_follow()
    {
        var s = SentenceSplitter.Split("First claim.[1] Second claim.[2,3] Third.");
        Assert.Equal(["First claim.[1]", "Second claim.[2,3]", "Third."], s);
    }
}
