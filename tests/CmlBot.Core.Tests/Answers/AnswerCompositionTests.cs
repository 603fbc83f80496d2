using CmlBot.Core.Retrieval;

namespace CmlBot.Core.Tests.Answers;

[Collection(RepoCollection.Name)]
public sealed class AnswerCompositionTests(RepoFixture repo)
{
    [Fact]
    public void An_answer_quotes_the_summary_verbatim_and_lists_exactly_the_cited_references()
    {
        var answer = repo.Answerer.Ask("Can I take imatinib if my CML returns after my transplant?");
        Assert.True(answer.Answered);
        var quoted = answer.Passages[0];
        // "Most patients…" leans on the sentence before it, so both are quoted, markers as the summary has them.
        Assert.Equal("After relapse from allogeneic SCT, some patients will also respond to interferon-alpha.[14] Most patients will respond to imatinib mesylate with durable (>1 year) cytogenetic and molecular responses. (These patients had not previously received imatinib.)[15-17]", quoted.Text);
        Assert.Equal([14, 15, 16, 17], answer.References.Select(r => r.Number));
        Assert.Equal(quoted.References, answer.References.Select(r => r.Number));
        Assert.Contains($"“{quoted.Text}”", answer.Text, StringComparison.Ordinal);
        foreach (var r in answer.References)
            Assert.Contains($"[{r.Number}] {repo.Document.FindReference(r.Number)!.Text}", answer.Text, StringComparison.Ordinal);
        Assert.Contains("last modified 03/06/2009", answer.Text, StringComparison.Ordinal);
        Assert.Contains("Relapsing Chronic Myelogenous Leukemia", answer.Text, StringComparison.Ordinal);
        Assert.Contains("Health Professional Version", answer.Text, StringComparison.Ordinal);
    }

    [Fact]
    public void Every_passage_is_quoted_as_composing_it_afresh_would_quote_it_whatever_was_asked_before()
    {
        // The answerer works out each passage's quote once; an answer must carry exactly what ToPassage gives.
        repo.Answerer.Ask("Why do donor lymphocyte infusions work?");
        foreach (var p in repo.Answerer.Passages)
        {
            var answer = repo.Answerer.AnswerWith("Is Tasigna an alternative after imatinib resistance?", p.Id)!;
            var expected = CmlBot.Core.Answers.AnswerComposer.ToPassage(p, 0);
            var quoted = answer.Passages[0];
            Assert.Equal((expected.Id, expected.Kind, expected.DocumentId, expected.DocumentTitle, expected.Section, expected.Text, expected.Label),
                (quoted.Id, quoted.Kind, quoted.DocumentId, quoted.DocumentTitle, quoted.Section, quoted.Text, quoted.Label));
            Assert.Equal(expected.References, quoted.References);
        }
        Assert.Same(repo.Answerer.Passages[3], repo.Answerer.PassageById(repo.Answerer.Passages[3].Id));
        Assert.Null(repo.Answerer.PassageById("no such passage"));
    }

    [Fact]
    public void An_answers_text_and_references_are_the_same_whoever_asked_and_whatever_was_composed_before()
    {
        // The composer keeps what it renders for a passage: the text and references must be those a fresh composer gives.
        var fresh = new CmlBot.Core.Answers.AnswerComposer(repo.AnswerOptions);
        foreach (var p in repo.Answerer.Passages)
        {
            var first = repo.Answerer.AnswerWith("Why do donor lymphocyte infusions work?", p.Id)!;
            var second = repo.Answerer.AnswerWith("Is Tasigna an alternative after imatinib resistance?", p.Id)!;
            var expected = fresh.Compose("anything", 0.5, first.Passages[0], [], [], [], p.Document, []);
            Assert.Equal(expected.Text, first.Text);
            Assert.Equal(expected.Text, second.Text);
            Assert.Equal(expected.References, second.References);
            Assert.Equal(expected.Source, second.Source);
            Assert.Equal("Is Tasigna an alternative after imatinib resistance?", second.Question);
            Assert.Contains(p.Kind == PassageKind.Reference ? $"[{p.Reference!.Number}]" : "From the summary:", second.Text, StringComparison.Ordinal);
        }
    }

    [Fact]
    public void References_by_number_are_the_documents_own_in_the_order_asked_and_unknown_numbers_are_left_out()
    {
        int[] numbers = [3, 1, 99, 17, 3, 0, -2, 12];
        var expected = numbers.Select(repo.Document.FindReference).OfType<CmlBot.Core.Corpus.Reference>()
            .Select(CmlBot.Core.Answers.AnswerComposer.ToCited).ToList();
        Assert.Equal(expected, repo.Answerer.References(numbers));
        Assert.Equal(expected, repo.Answerer.References(numbers, repo.Document.Id));
        Assert.Equal([3, 1, 17, 3, 12], repo.Answerer.References(numbers).Select(r => r.Number));
        Assert.Empty(repo.Answerer.References([]));
    }

    [Fact]
    public void A_sentence_that_stands_alone_is_quoted_alone()
    {
        var answer = repo.Answerer.Ask("What is a donor lymphocyte infusion?");
        Assert.StartsWith("Infusions of buffy coat leukocytes", answer.Passages[0].Text, StringComparison.Ordinal);
        Assert.Equal([12, 13], answer.References.Select(r => r.Number));
    }

    [Fact]
    public void A_sentence_with_inherited_citations_cites_them()
    {
        var answer = repo.Answerer.Ask("Are the benchmarks for initial therapy validated?");
        Assert.Equal("000_ab607018458266da:p1.s4", answer.Passages[0].Id);
        Assert.Equal([1], answer.References.Select(r => r.Number));
    }

    [Fact]
    public void Every_answer_cites_at_least_one_reference_or_says_it_has_none()
    {
        foreach (var p in repo.Answerer.Passages.Where(p => p.Kind == PassageKind.Sentence))
        {
            var answer = repo.Answerer.AnswerWith("question", p.Id)!;
            if (p.Paragraph!.HasCitations)
                Assert.NotEmpty(answer.References);
            else
            {
                Assert.Empty(answer.References);
                Assert.Contains("gives no numbered reference for this passage", answer.Text, StringComparison.Ordinal);
                Assert.Contains("Current Clinical Trials", answer.Text, StringComparison.Ordinal);
            }
            // Exactly the numbers the quoted sentences carry.
            var quoted = QuoteSpanOf(p);
            Assert.Equal(quoted.SelectMany(s => s.Citations).Distinct().Order(), answer.References.Select(r => r.Number));
        }
    }

    private static IReadOnlyList<CmlBot.Core.Corpus.Sentence> QuoteSpanOf(Passage p) => CmlBot.Core.Corpus.QuoteSpan.For(p.Paragraph!, p.Sentence!);

    [Fact]
    public void The_clinical_trials_passage_cites_its_section()
    {
        var answer = repo.Answerer.Ask("Where can I find clinical trials for relapsed CML?");
        Assert.True(answer.Answered);
        Assert.Empty(answer.References);
        Assert.Equal("Relapsing Chronic Myelogenous Leukemia — Current Clinical Trials", answer.Passages[0].Section);
    }

    [Theory]
    [InlineData("How much does imatinib cost?")]
    [InlineData("What are the survival rates for CML?")]
    [InlineData("Is there a special diet while on imatinib?")]
    [InlineData("What is the weather tomorrow?")]
    public void Out_of_scope_questions_get_an_honest_no_answer_with_where_to_get_help(string question)
    {
        var answer = repo.Answerer.Ask(question);
        Assert.False(answer.Answered);
        Assert.Empty(answer.Passages);
        Assert.Empty(answer.References);
        Assert.Contains("1-800-4-CANCER", answer.Text, StringComparison.Ordinal);
        Assert.Contains("cancer.gov", answer.Text, StringComparison.Ordinal);
        Assert.Contains("03/06/2009", answer.Text, StringComparison.Ordinal);
        Assert.InRange(answer.Confidence, 0, repo.AnswerOptions.ConfidenceThreshold);
    }

    [Theory]
    [InlineData("How is chronic phase CML treated?", "Chronic-Phase Chronic Myelogenous Leukemia")]
    [InlineData("How is accelerated phase CML treated?", "Accelerated-Phase Chronic Myelogenous Leukemia")]
    [InlineData("What are the stages of CML?", "Stage Information")]
    public void A_question_about_a_section_the_corpus_lacks_names_that_section(string question, string section)
    {
        var answer = repo.Answerer.Ask(question);
        Assert.False(answer.Answered);
        Assert.Equal(section, answer.MissingSection);
        Assert.Contains($"“{section}”", answer.Text, StringComparison.Ordinal);
    }

    [Fact]
    public void Relapse_questions_that_mention_a_phase_are_still_answered()
    {
        var answer = repo.Answerer.Ask("Is it a relapse if my CML progresses to blast crisis?");
        Assert.True(answer.Answered);
        Assert.Null(answer.MissingSection);
    }

    [Fact]
    public void A_reference_that_does_not_exist_is_refused_with_the_range()
    {
        var answer = repo.Answerer.Ask("show reference 42");
        Assert.False(answer.Answered);
        Assert.Contains("numbered 1–17", answer.Text, StringComparison.Ordinal);
    }

    [Fact]
    public void Confidence_is_between_zero_and_one_and_follow_ups_are_other_passages()
    {
        var answer = repo.Answerer.Ask("my leukemia came back after my bone marrow transplant");
        Assert.InRange(answer.Confidence, repo.AnswerOptions.ConfidenceThreshold, 1);
        Assert.InRange(answer.Passages.Count, 1, 3);
        Assert.NotEmpty(answer.FollowUps);
        Assert.DoesNotContain(answer.FollowUps, f => f.Id == answer.Passages[0].Id);
        Assert.Equal(answer.FollowUps.Count, answer.FollowUps.Select(f => f.Id).Distinct().Count());
    }
}
