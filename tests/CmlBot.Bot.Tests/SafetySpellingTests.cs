using CmlBot.Bot.Understanding.Safety;
using CmlBot.Core.Understanding;

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

    [Fact]
    public void A_long_word_is_read_as_the_nearest_phrase_word_and_a_tie_is_no_guess()
    {
        // "collpased" is one swap from "collapsed" and two edits from "collapse": the nearer wins.
        Assert.Equal("mom collapsed wont move", new SafetySpelling(new HashSet<string> { "collapse", "collapsed" }).Correct("mom collpased wont move"));
        Assert.Equal("he is vomiting", new SafetySpelling(new HashSet<string> { "vomiting", "vomitting", "vomited" }).Correct("he is vommiting"));
        // "gaints" is one letter from "faints" and from "paints": no guess.
        Assert.Equal("gaints", new SafetySpelling(new HashSet<string> { "faints", "paints" }).Correct("gaints"));
    }

    [Fact]
    public void A_word_an_idiom_reads_is_never_corrected_into_a_phrase_word()
    {
        // "laughter" is one letter from "daughter"; read as that, "collapsed in laughter" would lose its idiom.
        HashSet<string> vocabulary = ["daughter", "collapsed"];
        Assert.Equal("he collapsed in daughter", new SafetySpelling(vocabulary).Correct("he collapsed in laughter"));
        Assert.Equal("he collapsed in laughter", new SafetySpelling(vocabulary, new HashSet<string> { "laughter" }).Correct("he collapsed in laughter"));
    }

    [Fact]
    public void An_idiom_holding_a_word_one_letter_from_a_phrase_word_still_cancels_its_trigger()
    {
        var rules = SafetyRulesParser.Parse("corpus/safety.txt", """
            [emergency] Emergency
            class: emergency
            reply: Call {EmergencyNumber} now.
            phrase: collapsed
            phrase: (my daughter) .. fainted
            unless: (collapsed in laughter)
            - he collapsed and will not wake

            [crisis] Crisis
            class: crisis
            reply: Call the {CrisisLine}.
            phrase: hopeless
            - i feel hopeless

            [urgent] Urgent
            class: urgent
            reply: Call your care team now.
            phrase: fever
            - i have a fever

            [medicine-change] Medicine
            class: medicine-change
            reply: Please don't stop your medicine on your own.
            phrase: stop my pills
            - i want to stop my pills
            """);
        var screen = new SafetyScreen(rules);
        Assert.Equal(SafetyClasses.None, screen.Check("my dad collapsed in laughter at the joke").Classes);
        Assert.Equal(SafetyClasses.Emergency, screen.Check("my dad collapsed in the kitchen").Classes);
    }

    [Fact]
    public void A_common_english_word_or_its_possessive_is_never_corrected_into_a_phrase_word()
    {
        HashSet<string> vocabulary = ["remission", "infection", "screams", "chills", "breathe"];
        var spelling = new SafetySpelling(vocabulary, englishWords: EnglishWords.Common);
        Assert.Equal("my admission letter came", spelling.Correct("my admission letter came"));
        Assert.Equal("which creams help the rash", spelling.Correct("which creams help the rash"));
        Assert.Equal("a growing childs bones", spelling.Correct("a growing childs bones"));
        Assert.Equal("their affection", spelling.Correct("their affection"));
        // What patients misspell is no English word, and is still read as the word.
        Assert.Equal("i cant breathe", spelling.Correct("i cant brethe"));
        Assert.Equal("back in remission", spelling.Correct("back in remision"));
    }

    [Fact]
    public void A_medicine_name_dictation_split_in_two_is_read_as_one_word()
    {
        HashSet<string> vocabulary = ["bosutinib", "hydroxyurea", "imatinib", "gleevec", "overdose", "anymore", "everyone"];
        var spelling = new SafetySpelling(vocabulary, englishWords: EnglishWords.Common);
        Assert.Equal("my grandson swallowed a bosutinib", spelling.Correct("my grandson swallowed a bosu tinib"));
        Assert.Equal("four of my hydroxyurea capsules", spelling.Correct("four of my hydroxy urea capsules"));
        Assert.Equal("took two gleevec", spelling.Correct("took two glee vac"));
        Assert.Equal("should i bump my imatinib", spelling.Correct("should i bump my a matinib"));
        // Two real words stay two words, even when together they make a phrase word.
        Assert.Equal("not any more", spelling.Correct("not any more"));
        Assert.Equal("an over dose", spelling.Correct("an over dose"));
        Assert.Equal("took every one", spelling.Correct("took every one"));
    }

    [Theory]
    [InlineData("i stopped my ta sig na last week", "i stopped my tasigna last week")]
    [InlineData("going off my i clue sig", "going off my iclusig")]
    [InlineData("my son took my bo soo tinib", "my son took my bosutinib")]
    [InlineData("im on pona tinib and dizzy", "im on ponatinib and dizzy")]       // two that join are read as two: "on" stays
    [InlineData("took my imatinib i m scared", "took my imatinib i m scared")]   // a phrase word among the three keeps the rest
    [InlineData("after every single", "after every single")]                     // three common English words stay three
    public void A_medicine_name_dictation_split_in_three_is_read_as_one_word_and_the_words_around_it_stay(string typed, string read)
    {
        // Short words such as "my", "on" and "i" are phrase words too, as in the content file.
        HashSet<string> vocabulary = ["tasigna", "iclusig", "ponatinib", "bosutinib", "imatinib", "my", "on", "i"];
        Assert.Equal(read, new SafetySpelling(vocabulary, englishWords: EnglishWords.Common).Correct(typed));
    }

    [Fact]
    public void A_possessive_one_letter_from_a_sign_raises_no_alarm_in_the_screen()
    {
        var screen = new SafetyScreen(SafetyRules.Load(Path.Combine(RepoRoot.Path, "corpus", "safety.txt")));
        Assert.Equal(SafetyClasses.None, screen.Check("does gleevec affect a growing child's bones and height?").Classes);
        Assert.Equal(SafetyClasses.Urgent, screen.Check("i have a temprature of 39 after my transplant").Classes);
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

    [Fact]
    public void Dictated_pairs_never_grow_the_memory_beyond_its_capacity()
    {
        var spelling = new SafetySpelling(Vocabulary, englishWords: new HashSet<string>(["every", "one"]));
        for (var i = 0; i < SafetySpelling.MemoCapacity + SafetySpelling.PairMemoCapacity + 500; i++)
            spelling.Correct($"bo{Letters(i)} {Letters(i)}nib");   // each pair ends like "dasatinib"
        Assert.InRange(spelling.Remembered, SafetySpelling.PairMemoCapacity, SafetySpelling.MemoCapacity + SafetySpelling.PairMemoCapacity);
    }

    private static string Letters(int number)
    {
        var letters = new char[4];
        for (var i = 0; i < letters.Length; i++, number /= 26) letters[i] = (char)('a' + number % 26);
        return new string(letters);
    }

    [Theory]
    [InlineData(" keep cuttin myself ", " keep cutting myself ")]   // the -ing form is a trigger word
    [InlineData(" shiverin all night ", " shivering all night ")]   // or an English word
    [InlineData(" a robin in the garden ", " a robin in the garden ")]  // neither: the word stays
    public void A_word_written_with_in_for_ing_is_read_as_the_ing_word(string typed, string read) =>
        Assert.Equal(read, new SafetySpelling(new HashSet<string>(["cutting", "breathe"]), englishWords: new HashSet<string>(["shivering", "garden"])).Correct(typed));
}
