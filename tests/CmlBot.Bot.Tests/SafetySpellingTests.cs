using CmlBot.Bot.Understanding.Safety;

namespace CmlBot.Bot.Tests;

/// <summary>The safety screen's spelling correction, remembered per word across messages and bounded.</summary>
public sealed class SafetySpellingTests
{
    private static readonly HashSet<string> Vocabulary = ["breathe", "suicide", "dasatinib", "sprycel", "decide", "bleed*"];

    [Fact]
    public void A_misspelt_phrase_word_is_corrected_the_same_in_every_message()
    {
        var spelling = new SafetySpelling(Vocabulary);
        Assert.Equal("i cant breathe", spelling.Correct("i cant brethe"));
        Assert.Equal("i cant breathe at all", spelling.Correct("i cant brethe at all"));
        Assert.Equal("thinking about suicide", spelling.Correct("thinking about sucide"));
        Assert.Equal("thinking about suicide again", spelling.Correct("thinking about sucide again"));
        // Another form of a word, and a word a trigger reads through its *, stay as written.
        Assert.Equal("bleeding badly", spelling.Correct("bleeding badly"));
    }

    [Theory]
    [InlineData("i stopped my sprycell", "i stopped my sprycel")]   // a doubled last letter is no English ending
    [InlineData("we decided", "we decided")]                       // an ending is another form of the word
    [InlineData("she decides", "she decides")]
    public void A_doubled_last_letter_is_a_misspelling_but_an_ending_is_another_form(string typed, string read) =>
        Assert.Equal(read, new SafetySpelling(Vocabulary).Correct(typed));

    [Fact]
    public void What_patients_type_never_grows_the_memory_beyond_its_capacity()
    {
        var spelling = new SafetySpelling(Vocabulary);
        for (var i = 0; i < SafetySpelling.MemoCapacity + 500; i++)
            spelling.Correct($"word{i:D6}x and another{i:D6}y");
        Assert.InRange(spelling.Remembered, 1, SafetySpelling.MemoCapacity);
    }
}
