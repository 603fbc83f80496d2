using CmlBot.Core.Evaluation;
using CmlBot.Core.Retrieval;

namespace CmlBot.Core.Tests.Retrieval;

[Collection(RepoCollection.Name)]
public sealed class RetrievalTests(RepoFixture repo)
{
    private string TopSentence(string question)
    {
        var answer = repo.Answerer.Ask(question);
        Assert.True(answer.Answered, $"refused: {question}\n{answer.Text}");
        return answer.Passages[0].Id;
    }

    private static string Id(string tail) => "000_ab607018458266da:" + tail;

    [Theory]
    [InlineData("my leukemia came back after my bone marrow transplant", "p3.s1")]
    [InlineData("What is a donor lymphocyte infusion?", "p3.s1")]
    [InlineData("Is a rising BCR-ABL test a sign that my leukemia came back?", "p1.s2")]
    [InlineData("Does DLI cause graft versus host disease?", "p3.s3")]
    [InlineData("Is DLI more effective when the relapse is only seen on chromosome tests?", "p3.s3")]
    public void Patients_words_reach_the_summarys_words(string question, string expected) =>
        // The first quote holds the sentence: the hit or one quoted with it, as the evaluation counts it.
        Assert.Contains(Id(expected), new Evaluator(repo.Answerer).Output(repo.Answerer.Ask(question)).QuotedSentenceIds);

    [Theory]
    [InlineData("Does Gleevec work for relapse after a bone marrow transplant?", "p3.s5")]
    [InlineData("Can I switch to Sprycel if imatinib fails?", "p2.s1")]
    [InlineData("Is Tasigna an alternative after imatinib resistance?", "p2.s1")]
    [InlineData("Roferon after BMT relapse", "p3.s4")]
    public void Brand_names_find_the_generic_drug(string question, string expected) =>
        Assert.Equal(Id(expected), TopSentence(question));

    [Theory]
    [InlineData("imatanib after transplant relapse", "p3.s5", "imatinib")]
    [InlineData("dasatanib or nilotinb for resistant leukaemia", "p2.s1", "dasatinib")]
    [InlineData("donor lymphocite infusion", "p3.s1", "lymphocyte")]
    [InlineData("gleevac not working after 12 months", "p1.s5", "gleevec")]
    public void Misspellings_are_tolerated(string question, string expected, string corrected)
    {
        Assert.Equal(Id(expected), TopSentence(question));
        Assert.Contains(repo.Answerer.Retriever.Plan(question).Corrections, f => f.To == corrected);
    }

    [Theory]
    [InlineData("imatinib")]
    [InlineData("dasatinib")]
    [InlineData("leukemia")]
    [InlineData("relapse")]
    public void Correctly_spelt_words_are_never_corrected(string word) =>
        Assert.Empty(repo.Answerer.Retriever.Plan($"what about {word}?").Corrections);

    [Theory]
    [InlineData("the last of the three references after the transplant sentence")]
    [InlineData("the middle paragraph")]
    public void Words_pointing_into_the_text_are_never_corrected(string question) =>
        Assert.Empty(repo.Answerer.Retriever.Plan(question).Corrections);

    [Fact]
    public void A_word_is_never_corrected_into_the_name_of_a_section_no_passage_holds()
    {
        // "stage" is only in the table of contents ("Stage Information"): "state" stays a state, not a question on staging.
        var plan = repo.Answerer.Retriever.Plan("are there trials in my state");
        Assert.Empty(plan.Corrections);
        var answer = repo.Answerer.Ask("are there trials in my state");
        Assert.Null(answer.MissingSection);
        // The section's own name is still read as asked.
        Assert.Equal("Stage Information", repo.Answerer.Ask("What are the stages of CML?").MissingSection);
    }

    [Fact]
    public void A_fuzzy_match_never_outranks_an_exact_one()
    {
        // "imatinib" is exact in many passages; nothing is corrected, so no fuzzy term competes with it.
        var plan = repo.Answerer.Retriever.Plan("imatinib imatanib");
        var fix = Assert.Single(plan.Corrections);
        Assert.Equal("imatanib", fix.From);
        var concept = Assert.Single(plan.Concepts); // both words are one concept, counted once
        Assert.Contains("imatinib", concept.Original);
    }

    [Fact]
    public void Multi_word_synonyms_fire_as_one_concept()
    {
        var plan = repo.Answerer.Retriever.Plan("bone marrow transplant");
        var concept = Assert.Single(plan.Concepts);
        Assert.Contains(concept.Synonyms, p => p.SequenceEqual(["allogen", "stem", "cell", "transplant"]));
        Assert.Contains(concept.Synonyms, p => p.SequenceEqual(["sct"]));
    }

    [Fact]
    public void A_multi_word_synonym_matches_as_a_phrase_not_as_loose_words()
    {
        // "stem cell transplantation" must not match the "T cells" of the DLI sentence by its word "cell".
        var plan = repo.Answerer.Retriever.Plan("stem cell transplant");
        var dli = repo.Answerer.PassageById(Id("p3.s1"))!;
        Assert.DoesNotContain(plan.Concepts[0].Synonyms, p => p.Count == 1 && p[0] == "cell");
        Assert.True(plan.Concepts[0].MatchedBy(dli.Terms)); // through "transplant", a word of its own
        Assert.False(new Concept(["stem", "cell"], [], 1, false).MatchedBy(dli.Terms));
    }

    [Theory]
    [InlineData("?")]
    [InlineData("*")]
    [InlineData("/")]
    [InlineData("\"")]
    [InlineData("(")]
    [InlineData(")")]
    [InlineData("AND")]
    [InlineData("NOT imatinib")]
    [InlineData("imatinib AND NOT dasatinib OR")]
    [InlineData("text:imatinib")]
    [InlineData("field:")]
    [InlineData("imatinib~2^3")]
    [InlineData("[1 TO 5]")]
    [InlineData("\"unterminated phrase imatinib")]
    [InlineData("/regex.*/")]
    [InlineData("\\")]
    [InlineData("")]
    [InlineData("   \t  ")]
    [InlineData("🙂🙂🙂")]
    [InlineData("¿Qué es la leucemia mieloide crónica?")]
    [InlineData("\0\u0001\u0002")]
    [InlineData("<script>alert(1)</script>")]
    public void Hostile_or_odd_input_never_throws(string question)
    {
        var answer = repo.Answerer.Ask(question);
        Assert.NotNull(answer.Text);
        Assert.InRange(answer.Confidence, 0, 1);
        if (!answer.Answered) Assert.Empty(answer.References);
    }

    [Fact]
    public void Lucene_syntax_is_just_text()
    {
        var plain = repo.Answerer.Ask("imatinib transplant relapse");
        var syntax = repo.Answerer.Ask("imatinib AND (transplant OR relapse)* text:\"?\"");
        Assert.Equal(plain.Passages[0].Id, syntax.Passages[0].Id);
    }

    [Fact]
    public void A_huge_question_is_answered_on_its_trimmed_start()
    {
        // A question pasted over and over: 20,000+ characters, cut to the configured length at a word boundary.
        var question = string.Concat(Enumerable.Repeat("Can I take imatinib if my CML returns after my transplant? ", 400));
        var answer = repo.Answerer.Ask(question);
        Assert.True(answer.Answered);
        Assert.Equal(Id("p3.s5"), answer.Passages[0].Id);
        Assert.True(repo.Answerer.Retriever.Plan(question).Question.Length <= repo.RetrievalOptions.MaxQuestionLength);
    }

    [Theory]
    [InlineData("Of refs 2 to 11, which one tested high-dose imatinib?", null)]
    [InlineData("in the block of references 2-11, which is a transplant study", null)]
    [InlineData("which of refs 12 and 13 compares DLI doses", null)]
    [InlineData("what does ref 2 say", 2)]
    [InlineData("reference [13]", 13)]
    public void A_stretch_of_the_list_names_no_single_reference(string question, int? number) =>
        Assert.Equal(number, repo.Answerer.Retriever.Plan(question).ReferenceNumber);

    [Theory]
    [InlineData("footnote 8", 8)]
    [InlineData("what does endnote 3 say", 3)]
    [InlineData("the 5th footnote", 5)]
    [InlineData("cite 17", 17)]
    [InlineData("the text cites 2-11", null)]
    [InlineData("does it cite 2 studies on nilotinib", null)]
    public void A_reference_is_named_by_its_footnote_or_as_cited(string question, int? number) =>
        Assert.Equal(number, repo.Answerer.Retriever.Plan(question).ReferenceNumber);

    [Theory]
    [InlineData("who benefits most from DLI?")]
    [InlineData("who can get interferon after a transplant relapse")]
    [InlineData("Who is the ideal patient for a donor lymphocyte infusion?")]
    public void A_who_question_about_patients_is_answered_from_the_summary_not_a_reference(string question)
    {
        Assert.False(repo.Answerer.Retriever.Search(question).Plan.ReferenceIntent);
        var answer = repo.Answerer.Ask(question);
        Assert.True(answer.Answered);
        Assert.Equal(PassageKind.Sentence, answer.Passages[0].Kind);
    }

    [Theory]
    [InlineData("Who wrote reference 4?", 4)]
    [InlineData("show reference 12", 12)]
    [InlineData("what is ref 9 about", 9)]
    [InlineData("Which study looked at dasatinib in blast crisis?", 7)]
    [InlineData("Talpaz dasatinib paper", 4)]
    [InlineData("What did Kantarjian publish in 2002?", 16)]
    [InlineData("kantarjian imatinib after transplant relapse", 16)]
    [InlineData("bone marrow transplantation 1995 interferon cml relapse", 14)]
    [InlineData("pignoux interferon", 14)]
    [InlineData("reference four please", 4)]
    [InlineData("ref sixteen", 16)]
    [InlineData("details on the 9th reference", 9)]
    [InlineData("what does the seventeenth citation say", 17)]
    [InlineData("What is [4]?", 4)]
    [InlineData("[13]?", 13)]
    [InlineData("number 16 in the list", 16)]
    [InlineData("what's #13", 13)]
    [InlineData("#7", 7)]
    [InlineData("the last reference", 17)]
    [InlineData("second-to-last reference", 16)]
    [InlineData("the one right after ref 8", 9)]
    [InlineData("the last of the references in the [2-11] range", 11)]
    [InlineData("Which reference sits on pages 4143-50?", 9)]
    [InlineData("Which number is 'Dasatinib in imatinib-resistant Philadelphia chromosome-positive leukemias'?", 4)]
    public void References_are_searchable_documents(string question, int number)
    {
        var answer = repo.Answerer.Ask(question);
        Assert.True(answer.Answered);
        Assert.Equal(PassageKind.Reference, answer.Passages[0].Kind);
        Assert.Equal([number], answer.References.Select(r => r.Number));
    }

    [Fact]
    public void Retrieval_is_deterministic()
    {
        var a = repo.Answerer.Ask("my leukemia came back after my bone marrow transplant");
        var b = repo.Answerer.Ask("my leukemia came back after my bone marrow transplant");
        Assert.Equal(a.Text, b.Text);
        Assert.Equal(a.Passages.Select(p => p.Id), b.Passages.Select(p => p.Id));
        Assert.Equal(a.FollowUps.Select(p => p.Id), b.FollowUps.Select(p => p.Id));
    }

    [Fact]
    public void Words_asking_for_a_study_do_not_count_toward_what_a_question_is_about()
    {
        var retriever = repo.Answerer.Retriever;
        var plan = retriever.Plan("Any studies on diet for CML patients?");
        Assert.Equal([true, false, false], plan.Concepts.Select(c => c.AsksForSource));
        // Reference 17 is a study of CML: with "studies" it covers half the question, without it only "CML".
        var study = repo.Answerer.PassageById(Id("ref17"))!;
        Assert.True(retriever.Coverage(plan, study) > retriever.TopicCoverage(plan, study));
        Assert.True(retriever.TopicCoverage(plan, study) < 0.5);
    }
}

[Collection(RepoCollection.Name)]
public sealed class RememberedWordsTests(RepoFixture repo)
{
    [Fact]
    public async Task A_plan_is_the_same_whether_its_words_were_remembered_or_not()
    {
        // Capacity 1: the memos start afresh on nearly every word, so this retriever analyses almost everything anew
        // (spelling, analysis, and the synonym rules a run of words may start).
        var options = repo.RetrievalOptions.WithMode(repo.Answerer.Mode);
        options.WordMemoCapacity = 1;
        using var forgetful = await QuestionAnswerer.CreateAsync(repo.CorpusOptions, options, repo.AnswerOptions);
        string[] questions =
        [
            "Imatanib after transplant relapse",
            "imatanib after TRANSPLANT relapse, imatanib again",
            "Does Gleevec work for relapse after a bone marrow transplant?",
            "donor lymphocite infusion",
            "what does it cost?",
        ];
        foreach (var question in questions.Concat(questions))
        {
            var remembered = repo.Answerer.Retriever.Plan(question);
            var fresh = forgetful.Retriever.Plan(question);
            Assert.Equal(fresh.Corrections, remembered.Corrections);
            Assert.Equal(Describe(fresh), Describe(remembered));
        }
        // The case of a word the patient typed is kept in what the plan says was corrected.
        Assert.Equal("Imatanib", Assert.Single(repo.Answerer.Retriever.Plan("Imatanib after transplant relapse").Corrections).From);
    }

    private static string Describe(QueryPlan plan) => string.Join(" | ", plan.Concepts.Select(c =>
        $"{string.Join(' ', c.Original)} [{string.Join(", ", c.Synonyms.Select(s => string.Join(' ', s)))}] {c.Weight:R} {c.Corrected}"));
}
