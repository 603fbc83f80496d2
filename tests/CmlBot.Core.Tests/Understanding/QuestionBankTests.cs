using CmlBot.Core.Corpus;
using CmlBot.Core.Understanding;

namespace CmlBot.Core.Tests.Understanding;

/// <summary>corpus/questions.txt: every problem stops the load with the file and line named.</summary>
[Collection(RepoCollection.Name)]
public sealed class QuestionBankTests(RepoFixture repo)
{
    private const string File = "corpus/questions.txt";

    private QuestionBank Parse(string text) => QuestionBank.Parse(File, text, repo.Answerer.Passages);

    private CorpusFormatException Fails(string text, int line)
    {
        var e = Assert.Throws<CorpusFormatException>(() => Parse(text));
        Assert.Equal(File, e.File);
        Assert.Equal(line, e.LineNumber);
        Assert.StartsWith($"{File}:{line}: ", e.Message, StringComparison.Ordinal);
        return e;
    }

    [Fact]
    public void A_good_bank_files_each_question_under_its_passage()
    {
        var bank = Parse("""
            # comment

            [p1.s1] Overt failure is defined
            - What counts as my treatment failing?
            - my leukemia is getting worse on gleevec, is that failure?
            [ref7] Cortes J, Rousselot P
            - which study looked at dasatinib in blast crisis?
            [000_ab607018458266da:p3.s1]
            - what is a top-up of donor cells?
            """);
        Assert.Equal(4, bank.Questions.Count);
        Assert.Equal("000_ab607018458266da:p1.s1", bank.Questions[0].PassageId);
        Assert.Equal("000_ab607018458266da:ref7", bank.Questions[2].PassageId);
        Assert.Equal("000_ab607018458266da:p3.s1", bank.Questions[3].PassageId);
        Assert.Equal(9, bank.Questions[3].Line);
    }

    [Fact]
    public void An_unknown_id_is_named() => Assert.Contains("unknown passage id [p9.s9]", Fails("[p9.s9]\n- a question?", 1).Message, StringComparison.Ordinal);

    [Fact]
    public void Opening_words_that_do_not_match_catch_a_wrong_id() =>
        Assert.Contains("a wrong id?", Fails("\n[p1.s2] Overt failure is defined\n- a question?", 2).Message, StringComparison.Ordinal);

    [Fact]
    public void A_dash_with_no_question_is_refused() => Fails("[p1.s1]\n- ok?\n- ", 3);

    [Fact]
    public void A_question_before_any_heading_is_refused() =>
        Assert.Contains("before any [passage] heading", Fails("# x\n- a question?", 2).Message, StringComparison.Ordinal);

    [Fact]
    public void A_duplicate_question_is_refused_even_with_other_case_and_punctuation() =>
        Assert.Contains("line 2", Fails("[p1.s1]\n- What's overt failure?\n[p1.s2]\n- whats  OVERT failure", 4).Message, StringComparison.Ordinal);

    [Fact]
    public void Any_other_line_is_refused() => Fails("[p1.s1]\n- ok?\nreply: no such field here", 3);

    [Fact]
    public void The_repository_bank_loads_and_names_real_passages()
    {
        var bank = repo.Answerer.Bank;
        Assert.True(bank.Questions.Count >= 100, $"{bank.Questions.Count} bank questions");
        Assert.All(bank.Questions, q => Assert.NotNull(repo.Answerer.PassageById(q.PassageId)));
        // Every sentence of the section has questions of its own.
        Assert.All(repo.Document.Sentences, s => Assert.Contains(bank.Questions, q => q.PassageId == s.Id));
    }
}
