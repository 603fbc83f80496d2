using CmlBot.Core.Corpus;
using CmlBot.Core.Understanding;

namespace CmlBot.Core.Tests.Understanding;

/// <summary>corpus/not-covered.txt: every problem stops the load with the file and line named.</summary>
[Collection(RepoCollection.Name)]
public sealed class SubjectCatalogTests(RepoFixture repo)
{
    private const string File = "corpus/not-covered.txt";

    private static CorpusFormatException Fails(string text, int line)
    {
        var e = Assert.Throws<CorpusFormatException>(() => SubjectCatalog.Parse(File, text));
        Assert.Equal(line, e.LineNumber);
        Assert.StartsWith($"{File}:{line}: ", e.Message, StringComparison.Ordinal);
        return e;
    }

    [Fact]
    public void A_good_file_gives_each_subject_its_reply_and_examples()
    {
        var catalog = SubjectCatalog.Parse(File, """
            # comment
            [side-effects] Side effects of the medicines
            reply: The summary I quote does not cover side effects.
            reply: Your care team or pharmacist can tell you more.
            - Does imatinib make you tired?
            - what are the side effects of sprycel

            [cost-insurance] Cost
            reply: Not covered.
            - how much is gleevec
            """);
        Assert.Equal(["side-effects", "cost-insurance"], catalog.Subjects.Select(s => s.Id));
        Assert.Equal("The summary I quote does not cover side effects. Your care team or pharmacist can tell you more.", catalog.Subjects[0].Reply);
        Assert.Equal(2, catalog.Subjects[0].Examples.Count);
    }

    [Fact]
    public void A_subject_without_a_reply_is_refused() =>
        Assert.Contains("no \"reply:\"", Fails("[a] A\n- q?\n[b] B\nreply: r\n- p?", 1).Message, StringComparison.Ordinal);

    [Fact]
    public void A_subject_without_examples_is_refused() =>
        Assert.Contains("no example question", Fails("[a] A\nreply: r\n- q?\n[b] B\nreply: r", 4).Message, StringComparison.Ordinal);

    [Fact]
    public void A_duplicate_subject_id_is_refused() => Fails("[a] A\nreply: r\n- q?\n[a] Again\nreply: r\n- p?", 4);

    [Fact]
    public void A_duplicate_example_is_refused() => Fails("[a] A\nreply: r\n- Does it hurt?\n[b] B\nreply: r\n- does it hurt", 6);

    [Fact]
    public void A_dash_with_no_question_is_refused() => Fails("[a] A\nreply: r\n- ", 3);

    [Fact]
    public void A_question_before_any_subject_is_refused() => Fails("- q?\n[a] A\nreply: r\n- p?", 1);

    [Fact]
    public void An_empty_reply_is_refused() => Fails("[a] A\nreply:\n- q?", 2);

    [Fact]
    public void Any_other_line_is_refused() => Fails("[a] A\nreply: r\nsome stray text\n- q?", 3);

    [Fact]
    public void The_repository_file_has_the_fifteen_subjects()
    {
        string[] required =
        [
            "side-effects", "cost-insurance", "diet-lifestyle", "pregnancy-fertility", "prognosis", "dosing", "tests-procedures", "donor-search",
            "heredity-contagion", "vaccines-infections", "newer-drugs", "other-sections", "cml-basics", "emotional-support", "work-travel",
        ];
        var ids = repo.Answerer.Subjects.Subjects.Select(s => s.Id).ToList();
        Assert.All(required, id => Assert.Contains(id, ids));
        // Each reply says where to go instead: a team, a pharmacist or NCI's Cancer Information Service.
        Assert.All(repo.Answerer.Subjects.Subjects, s => Assert.True(
            new[] { "team", "pharmacist", "1-800-4-CANCER", "cancer.gov" }.Any(w => s.Reply.Contains(w, StringComparison.OrdinalIgnoreCase)), s.Id));
    }
}
