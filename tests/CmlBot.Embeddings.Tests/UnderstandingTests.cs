using System.Security.Cryptography;
using CmlBot.Core;
using CmlBot.Core.Corpus;
using CmlBot.Core.Evaluation;
using CmlBot.Core.Understanding;

namespace CmlBot.Embeddings.Tests;

/// <summary>
/// The question bank and the not-covered subjects with the real model: the evaluation cannot flatter (the frozen
/// test split is pinned, and no evaluation question is in the bank), and the test split keeps its measured figures.
/// </summary>
[Collection(HybridCollection.Name)]
public sealed class UnderstandingTests(HybridFixture fx)
{
    // The frozen test split's SHA-256: any edit to it shows here. Never change the file to meet a target.
    private const string TestSetSha256 = "cadf922f5f9089b421174d6cd28312e65452c81a69bfc2d213da0e7c899eb25d";

    private string TestSetPath => Path.Combine(fx.Root, "tests", "evaluation", "test-set.json");
    private EvaluationSet Test => EvaluationSet.Load(TestSetPath);

    [Fact]
    public void The_frozen_test_split_is_unchanged() =>
        Assert.Equal(TestSetSha256, Convert.ToHexStringLower(SHA256.HashData(File.ReadAllBytes(TestSetPath))));

    [Fact]
    public void No_evaluation_question_or_near_duplicate_is_in_the_bank_or_the_subject_examples()
    {
        var examples = fx.Hybrid.Bank.Questions.Select(q => q.Text).Concat(fx.Hybrid.Subjects.Subjects.SelectMany(s => s.Examples)).ToList();
        var questions = fx.Set.Questions.Concat(Test.Questions).Select(q => q.Question).Distinct().ToList();
        var offenders = NearDuplicates.Find(examples, questions, QuestionText.Normalize, texts => fx.Embedder.Embed(texts), _ => "an evaluation split");
        Assert.True(offenders.Count == 0, string.Join("\n", offenders));
    }

    [Fact]
    public void CmlBot_meets_its_targets_on_the_frozen_test_split()
    {
        // The default configuration (questions through the int8 model) against every target of the frozen split. Targets
        // are reached by improving the method and the content on the development split, never by editing this split.
        var report = new Evaluator(fx.Hybrid).Run(Test);
        // Only figures are shown, never the failing questions: the test split is not for tuning.
        Assert.True(report.Top1 >= 0.90, $"top-1 {report.Top1:P1}");
        Assert.True(report.ParaphraseTop1 >= 0.80, $"paraphrase top-1 {report.ParaphraseTop1:P1}");
        Assert.Equal(1.0, report.CitationCorrectness);
        Assert.True(report.AbstentionRecall >= 0.95, $"off-topic refused {report.AbstentionRecall:P1}");
        Assert.True(report.SubjectNamed >= 0.80, $"right subject named {report.SubjectNamed:P1}");
        Assert.True(report.FalseRefusalRate <= 0.05, $"answerable refused {report.FalseRefusalRate:P1}");
        Assert.True(report.ReferenceTop1 >= 0.95, $"reference questions {report.ReferenceTop1:P1}");
    }

    [Fact]
    public void The_development_split_is_no_worse_than_with_lexical_coverage_and_passage_similarity_alone()
    {
        // Hybrid retrieval before the bank and the subjects: overall top-1 71.7 %, 22.6 % of answerable questions
        // refused, every out-of-scope question refused, citations right.
        var report = new Evaluator(fx.Hybrid).Run(fx.Set);
        Assert.True(report.Top1 >= 0.717, $"top-1 {report.Top1:P1}");
        Assert.True(report.FalseRefusalRate <= 0.226, $"answerable refused {report.FalseRefusalRate:P1}");
        Assert.True(report.AbstentionRecall >= 1.0, $"out-of-scope refused {report.AbstentionRecall:P1}");
        Assert.Equal(1.0, report.CitationCorrectness);
    }

    [Fact]
    public void The_five_fold_figures_ask_every_bank_question_and_subject_example_held_out()
    {
        var report = new BankCrossValidation(fx.Hybrid).Run(fx.Set);
        Assert.Equal(fx.Hybrid.Bank.Questions.Count, report.Answerable);
        Assert.Equal(fx.Hybrid.Subjects.Subjects.Sum(s => s.Examples.Count), report.OutOfScope);
        Assert.Equal(1.0, report.CitationCorrectness);
        // Held out, a bank question is answered through the others far more often than by words alone.
        var lexical = new BankCrossValidation(fx.Hybrid).Run(fx.Set, ask: (q, _) => new Evaluator(fx.Lexical).Output(fx.Lexical.Ask(q)));
        Assert.True(report.Top1 > lexical.Top1, $"k-fold top-1 {report.Top1:P1} ≤ lexical {lexical.Top1:P1}");
    }

    [Fact]
    public void A_bank_question_is_answered_from_its_passage_with_its_references()
    {
        var question = fx.Hybrid.Bank.Questions[0];
        var answer = fx.Hybrid.Ask(question.Text);
        Assert.True(answer.Answered);
        Assert.Equal(question.PassageId, answer.Passages[0].Id);
        Assert.Null(answer.Subject);
    }

    [Theory]
    [InlineData("gleevec failure definition", "Overt failure is defined")]
    [InlineData("they told me I'm no longer in haematologic remission, so is the treatment a failure", "Overt failure is defined")]
    [InlineData("what milestones should i hit on gleevec", "For initial use of imatinib mesylate")]
    public void Words_covering_barely_half_a_question_do_not_outweigh_the_bank_question_it_is(string question, string opening)
    {
        // More than half of these words are another passage's ("relative failure", "prospective studies"); the
        // words outweigh a bank question pointing elsewhere only when they cover most of the question.
        Assert.Contains(fx.Hybrid.Bank.Questions, q => q.Text == question);
        var answer = fx.Hybrid.Ask(question);
        Assert.True(answer.Answered, answer.Text);
        Assert.StartsWith(opening, answer.Passages[0].Text, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("are there any drug experiments taking patients now?")]
    [InlineData("where do i sign up for a study of new medicines")]
    public void The_classifier_fitted_on_the_whole_bank_chooses_the_passage_a_nearest_question_misses(string question)
    {
        // The nearest bank question is another passage's (narrowing the list of trials by drug, or studies never done);
        // what the bank says of each passage as a whole is the registry of trials now accepting patients.
        using var nearestOnly = QuestionAnswerer.Create(fx.Corpus, fx.CorpusOptions, fx.Options, fx.AnswerOptions, fx.Embedder,
            new UnderstandingOptions { ClassifierRidge = 0 });
        Assert.NotEqual("000_ab607018458266da:p4.s1", nearestOnly.Understand(question).Decision.PassageId);
        var answer = fx.Hybrid.Ask(question);
        Assert.True(answer.Answered, answer.Text);
        Assert.StartsWith("Check for U.S. clinical trials", answer.Passages[0].Text, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("does moving to the accelerated phase mean my treatment failed")]
    [InlineData("my leukemia went into blast crisis while on gleevec, is that failure")]
    [InlineData("if cml goes into blast phase on tasigna is that treatment failure")]
    [InlineData("has my treatment failed if i have progressed to blast crisis")]
    public void A_question_naming_a_missing_phase_is_answered_by_the_sentence_that_speaks_of_that_phase(string question)
    {
        var answer = fx.Hybrid.Ask(question);
        Assert.True(answer.Answered, answer.Text);
        Assert.StartsWith("Overt failure is defined", answer.Passages[0].Text, StringComparison.Ordinal);
        Assert.Null(answer.MissingSection);
    }

    [Theory]
    [InlineData("how is accelerated phase cml treated?")]
    [InlineData("what chemo do they give for blast crisis")]
    [InlineData("is chronic phase cml treated with imatinib first")]
    [InlineData("is blast crisis the same as acute leukemia")]
    public void A_question_about_what_only_a_missing_section_says_is_still_refused(string question) =>
        Assert.False(fx.Hybrid.Ask(question).Answered);

    [Fact]
    public void A_question_for_a_study_that_a_reference_covers_whole_is_answered_from_it_though_a_subject_is_nearer()
    {
        // "Blast crisis" reads close to the subject of the sections CmlBot lacks; the question asks for a study, and
        // reference 7 (Blood, 2007, blast crisis) covers all it is about.
        var answer = fx.Hybrid.Ask("Which Blood 2007 paper was about blast crisis?");
        Assert.True(answer.Answered, answer.Text);
        Assert.Equal([7], answer.References.Select(r => r.Number));
    }

    [Theory]
    // Five dasatinib titles cover "dasatinib", "imatinib", "resistant" and "leukemia"; reference 4's is that study.
    [InlineData("which article is on dasatinib for imatinib resistant leukemias", 4)]
    // Patients' names for the journal and the author ("N Engl J Med", "le Coutre") reach the reference.
    [InlineData("the new england journal article on dasatinib from 2006", 4)]
    [InlineData("lecoutre nilotinib accelerated phase paper", 3)]
    // Refused or answered with a sentence before: what the question names fits one reference only.
    [InlineData("Which is the only reference from 2005?", 17)]
    [InlineData("baccarrani 2006 ref number?", 1)]
    [InlineData("Which is the only paper in Bone Marrow Transplant?", 14)]
    [InlineData("Which reference sits between le Coutre and Hochhaus in the list?", 4)]
    [InlineData("Which Blood paper in iss. 4 came out in 2006?", 2)]
    [InlineData("Blood 109, iss. 10: which reference is that?", 9)]
    [InlineData("What is the oldest article published in Blood?", 13)]
    [InlineData("the Hesse article, which number is it?", 17)]
    [InlineData("which dasatinib paper did Baccarini co-author?", 5)]
    [InlineData("which reference gives the definition of relative failure?", 1)]
    [InlineData("What is the last reference cited for the statement that mutations in the kinase domain make the leukemia resistant to imatinib?", 11)]
    [InlineData("Of the references cited for the sentence about kinase domain mutations and other inhibitors, which one is second to last?", 10)]
    public void A_study_question_is_answered_from_the_reference_it_names(string question, int reference)
    {
        var answer = fx.Hybrid.Ask(question);
        Assert.True(answer.Answered, answer.Text);
        Assert.Equal([reference], answer.References.Select(r => r.Number));
    }

    [Theory]
    // The sentences on relative failure and on rising PCR cite reference 1 alone; the one on interferon after a graft, 14.
    [InlineData("who came up with calling it relative failure when there is no major cytogenetic response after a year on gleevec?", 1)]
    [InlineData("where does the idea that a rising pcr is controversial come from", 1)]
    [InlineData("which paper says interferon can still work after a failed transplant", 14)]
    public void A_question_asking_where_a_claim_comes_from_is_answered_with_the_reference_its_sentence_cites(string question, int reference)
    {
        var answer = fx.Hybrid.Ask(question);
        Assert.True(answer.Answered, answer.Text);
        Assert.Equal([reference], answer.References.Select(r => r.Number));
        Assert.Contains("ref" + reference, fx.Hybrid.Understand(question).Decision.PassageId, StringComparison.Ordinal);
    }

    [Fact]
    public void A_question_whether_something_was_studied_is_answered_with_the_sentence_that_says()
    {
        var answer = fx.Hybrid.Ask("has anyone studied restarting the pills versus waiting?");
        Assert.True(answer.Answered, answer.Text);
        Assert.StartsWith("Prospective studies comparing resumption", answer.Passages[0].Text, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("Any studies on diet for CML patients?", "diet-lifestyle")]
    [InlineData("Is there a study on stopping imatinib after remission?", "stopping-treatment")]
    public void Words_asking_for_a_study_do_not_make_a_study_of_CML_answer_what_the_summary_does_not_cover(string question, string subject)
    {
        var answer = fx.Hybrid.Ask(question);
        Assert.False(answer.Answered, answer.Text);
        Assert.Equal(subject, answer.Subject);
    }

    [Fact]
    public void A_subject_example_is_refused_with_its_subject_named_and_in_scope_suggestions()
    {
        var subject = fx.Hybrid.Subjects.Subjects[0];
        var answer = fx.Hybrid.Ask(subject.Examples[0]);
        Assert.False(answer.Answered);
        Assert.Equal(subject.Id, answer.Subject);
        Assert.Equal(subject.Reply, answer.Text);
        Assert.Empty(answer.Passages);
        Assert.Empty(answer.References);
        Assert.InRange(answer.Suggestions.Count, 2, 3);
        Assert.All(answer.Suggestions, s => Assert.True(fx.Hybrid.Ask(s).Answered, $"suggested \"{s}\" is not answered"));
    }

    [Fact]
    public async Task Bank_vectors_are_kept_with_the_persisted_index_and_rebuilt_when_the_bank_changes()
    {
        var root = Directory.CreateTempSubdirectory("cmlbot-bank-").FullName;
        try
        {
            var corpusDir = Path.Combine(root, "corpus");
            Directory.CreateDirectory(corpusDir);
            foreach (var f in Directory.GetFiles(fx.CorpusOptions.Path)) File.Copy(f, Path.Combine(corpusDir, Path.GetFileName(f)));
            var options = new CorpusOptions { Path = corpusDir, IndexPath = Path.Combine(root, "index") };
            var counting = new Counting(fx.Embedder);
            using (var first = QuestionAnswerer.Create(await new CorpusLoader(options).LoadAsync(), options, fx.Options, fx.AnswerOptions, counting))
                Assert.NotNull(first.Matcher);
            var afterBuild = counting.Texts;
            Assert.True(Directory.Exists(Path.Combine(options.IndexPath, ExampleIndex.Folder)));
            using (var second = QuestionAnswerer.Create(await new CorpusLoader(options).LoadAsync(), options, fx.Options, fx.AnswerOptions, counting))
            {
                Assert.True(second.ReusedPersistedIndex);
                Assert.Equal(afterBuild, counting.Texts); // bank and subject vectors read back, not embedded again
                Assert.Equal(fx.Hybrid.Ask("what does overt failure mean").Text, second.Ask("what does overt failure mean").Text);
            }
            await File.AppendAllTextAsync(Path.Combine(corpusDir, "questions.txt"), "\n[p1.s1]\n- a newly added question about failing treatment\n");
            using (var third = QuestionAnswerer.Create(await new CorpusLoader(options).LoadAsync(), options, fx.Options, fx.AnswerOptions, counting))
            {
                Assert.False(third.ReusedPersistedIndex);
                Assert.True(counting.Texts > afterBuild);
                Assert.Contains(third.Matcher!.Bank, q => q.Text == "a newly added question about failing treatment");
            }
        }
        finally { Directory.Delete(root, recursive: true); }
    }

    private sealed class Counting(CmlBot.Core.Retrieval.ITextEmbedder inner) : CmlBot.Core.Retrieval.ITextEmbedder
    {
        public int Texts { get; private set; }
        public string Name => inner.Name;
        public float[][] Embed(IReadOnlyList<string> texts, CancellationToken cancellationToken = default)
        {
            Texts += texts.Count;
            return inner.Embed(texts, cancellationToken);
        }
    }

    [Fact]
    public void A_study_named_by_its_journal_is_the_one_published_there()
    {
        // The words find several transplant papers, and the bank leans to a Blood one; only one appeared in Bone Marrow Transplantation.
        var answer = fx.Hybrid.Ask("which paper was published in Bone Marrow Transplantation");
        Assert.True(answer.Answered);
        Assert.Equal([14], answer.References.Select(r => r.Number));
        Assert.Contains("Bone Marrow Transplant", answer.References[0].Text, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("tasigna chronic phase imatinib resistant study source", 10)]
    [InlineData("Is there a study on Tasigna for chronic phase patients who can't tolerate Gleevec?", 10)]
    [InlineData("src for tasigna in AP?", 3)]
    [InlineData("src for sprycel in AP?", 9)]
    [InlineData("who reported nilotinib after imatinib failure in chronic phase?", 10)]
    [InlineData("Randomized trial of dasatinib vs high-dose imatinib?", 8)]
    [InlineData("which trial tried the new drug nilotinib in the accelerated phase?", 3)]
    [InlineData("the sprycel trials cited for blast crisis?", 7)]
    [InlineData("which Sprycel study was done in people in the most advanced stage of CML?", 7)]
    public void A_study_named_by_its_phase_and_medicine_is_the_one_whose_title_states_them(string question, int reference)
    {
        // "chronic" is in every title's "chronic myeloid leukemia", so the words alone also find the accelerated-phase study;
        // a study of the same medicines whose title names no phase gives way to the one whose title names the phase asked.
        var answer = fx.Hybrid.Ask(question);
        Assert.True(answer.Answered);
        Assert.Equal([reference], answer.References.Select(r => r.Number));
    }

    [Theory]
    [InlineData("Which number is the dasatinib paper that Deininger co-authored?", 5)]
    [InlineData("Deininger's paper on imatinib for relapse after transplant - which number?", 15)]
    [InlineData("Deininger is on two of the papers - which one is about relapse after transplant?", 15)]
    [InlineData("O'Shea is a co-author on which reference?", 12)]
    [InlineData("Devergie and Pochitaloff co-authored which study?", 14)]
    [InlineData("Which dasatinib paper has Shah as the second author?", 4)]
    [InlineData("Which reference with Ottmann is about imatinib, not nilotinib, after transplant?", 15)]
    [InlineData("Apart from Hochhaus 2008, which other paper came out in the journal Leukemia?", 15)]
    [InlineData("Which came out first, the le Coutre nilotinib paper or the Kantarjian nilotinib paper?", 10)]
    public void A_study_named_by_an_author_is_one_that_author_wrote(string question, int reference)
    {
        // The words lean to the dasatinib paper with "paper" in its question's bank, to the imatinib-after-transplant
        // title worded most like the question, and to the sentence on interferon after a transplant; the author named wrote none.
        // A name alone, with nothing else the words or the bank find, still names its study; a place in the list ("second
        // author") and a medicine ruled out ("not nilotinib") choose among an author's studies.
        var answer = fx.Hybrid.Ask(question);
        Assert.True(answer.Answered);
        Assert.Equal([reference], answer.References.Select(r => r.Number));
    }

    [Theory]
    [InlineData("the oldest of the cited papers on imatinib after a transplant", 16)]
    [InlineData("most recent study on imatinib for relapse after a transplant", 17)]
    [InlineData("earliest study on donor lymphocyte infusion", 13)]
    [InlineData("what is the latest paper on nilotinib", 3)]
    [InlineData("the oldest paper in the journal Blood", 13)]
    [InlineData("What is the oldest study cited in this section?", 14)]
    [InlineData("Of the two nilotinib trials cited, which one came out first?", 10)]
    [InlineData("Of the two studies cited for donor lymphocyte infusions, which is the more recent?", 12)]
    [InlineData("of the two nilotinib trials, which one is the more recent?", 3)]
    [InlineData("what is the most recent reference from 2005?", 17)]
    public void The_oldest_or_newest_study_asked_for_is_the_earliest_or_latest_of_those_that_fit(string question, int reference)
    {
        // Three studies report imatinib after a transplant (2002, 2003, 2005), two donor infusions (2000, 2006), two nilotinib (2007, 2008).
        var answer = fx.Hybrid.Ask(question);
        Assert.True(answer.Answered);
        Assert.Equal([reference], answer.References.Select(r => r.Number));
    }

    [Theory]
    [InlineData("which Leukemia paper from 2008?", 5)]
    [InlineData("which of the cited studies is described as a randomized trial?", 8)]
    [InlineData("What evidence is there for counting no major cytogenetic response by 12 months as a failure?", 1)]
    [InlineData("which ref sets the 12-month target for a major cytogenetic response on imatinib?", 1)]
    [InlineData("what's the primary literature on single versus escalating doses of donor lymphocyte infusion?", 13)]
    [InlineData("the CML-BP dasatinib ref", 7)]
    [InlineData("Which citation is from Bone Marrow Transplantation?", 14)]
    [InlineData("the nilotinib paper that isn't the accelerated-phase one", 10)]
    [InlineData("The DLI claim (long-term remissions in over half of patients relapsing after allograft) cites two refs - what's the first of them?", 12)]
    [InlineData("second of the two citations given for donor lymphocyte infusions", 13)]
    [InlineData("There are two JCO papers. Which one isn't about transplant?", 11)]
    [InlineData("There are three 2006 Blood papers. Which one isn't the LeukemiaNet guideline and isn't about measuring BCR-ABL transcripts?", 2)]
    [InlineData("Which reference has Baccarani as a co-author, not as first author?", 5)]
    [InlineData("On which reference does Baccarani appear as a co-author rather than first author?", 5)]
    [InlineData("Besides Dazzi's paper, which other reference supports the claim that donor lymphocyte infusions induce long-term remissions after relapse?", 12)]
    [InlineData("the older of the two J Clin Oncol articles", 17)]
    [InlineData("ELN expert panel recs ref?", 1)]
    [InlineData("There are two nilotinib papers cited. I want the one that isn't le Coutre's.", 10)]
    [InlineData("the Szydlo paper, not the one comparing doses of donor lymphocyte infusion", 12)]
    [InlineData("Among refs 2-11, which one is about stem cell transplantation rather than a drug?", 2)]
    [InlineData("of refs 15-17, the one published in Blood", 16)]
    [InlineData("among refs 15-17, the one in Leukemia", 15)]
    [InlineData("the reference that comes right after the LeukemiaNet guidelines", 2)]
    [InlineData("what's the reference straight after the NEJM one?", 5)]
    [InlineData("What's the first reference for the donor-infusion sentence?", 12)]
    [InlineData("Which cited article runs to the most pages?", 1)]
    [InlineData("Which 2007 reference has the fewest pages?", 6)]
    [InlineData("There are two three-page papers in the list. Which one came out in 2006?", 2)]
    [InlineData("the last of the three references after the imatinib-after-transplant sentence", 17)]
    [InlineData("which is the middle reference of [15-17]", 16)]
    [InlineData("what's the last reference in the 2-11 range", 11)]
    [InlineData("Which reference is the last one cited for the bit about mutations and the alternative drugs being studied?", 11)]
    [InlineData("what is the oldest paper they cite", 14)]
    [InlineData("Which is the second oldest reference in the list?", 13)]
    [InlineData("What is the third oldest reference in the list?", 16)]
    [InlineData("Which reference is the only one from the 1990s?", 14)]
    [InlineData("published the year before the olavarria paper", 16)]
    [InlineData("which paper came out exactly ten years after the interferon report?", 17)]
    [InlineData("My dad's CML has gone into the accelerated phase and he can't tolerate Gleevec. Which of the dasatinib papers is about patients like him?", 9)]
    [InlineData("Which reference came out the year after Kantarjian's 2002 Blood paper on imatinib after transplant relapse?", 15)]
    [InlineData("Gilhot dasatinib - which journal and year?", 9)]
    [InlineData("the oldest reference in the list, what's it about?", 14)]
    [InlineData("the earliest of the gleevec-after-transplant studies, the one in Blood - which pages?", 16)]
    [InlineData("Which reference has the page range 1200-6?", 5)]
    [InlineData("What year was the reference with pages 3207-13 published?", 7)]
    [InlineData("dasatinib blast crisis CML", 7)]
    [InlineData("Which title explicitly describes itself as a randomized phase 2 trial?", 8)]
    [InlineData("footnote 8", 8)]
    [InlineData("cite 17", 17)]
    [InlineData("where does the bit about gleevec counting as failing if there's no full blood count response by 3 months come from?", 1)]
    [InlineData("Tasigna in accelerated phase CML", 3)]
    [InlineData("whats in refrence 11", 11)]
    [InlineData("top of the reference list", 1)]
    [InlineData("bottom of the ref list", 17)]
    [InlineData("the older of the two Leukemia papers", 15)]
    [InlineData("which citation was published first chronologically", 14)]
    [InlineData("what supports calling no major cytogenetic response at 12 months a relative failure?", 1)]
    [InlineData("sprycel in accelerated phase - which study is that? not the tasigna one", 9)]
    [InlineData("Which randomized trial compared dasatinib with a higher imatinib dose?", 8)]
    public void A_study_asked_for_by_its_journal_its_design_or_the_claim_it_backs_is_that_study(string question, int reference)
    {
        // "Leukemia" is also the disease, so it names the journal only where publishing is spoken of; "randomized" is in one
        // title, while the bank's nearest question is about what randomized means in a trial, a sentence citing nothing.
        var answer = fx.Hybrid.Ask(question);
        Assert.True(answer.Answered);
        Assert.Equal([reference], answer.References.Select(r => r.Number));
        Assert.Equal(Core.Retrieval.PassageKind.Reference, answer.Passages[0].Kind);
    }

    [Fact]
    public void A_run_of_topic_words_that_a_sentence_states_is_answered_with_the_sentence()
    {
        // A title states "imatinib ... relapse after allogeneic stem cell transplantation" too, but so does a sentence,
        // which is what the words ask about; only a run no sentence states is read as naming a study.
        var answer = fx.Hybrid.Ask("imatanib after transplant relapse");
        Assert.True(answer.Answered);
        Assert.Equal(Core.Retrieval.PassageKind.Sentence, answer.Passages[0].Kind);
    }

    [Fact]
    public void A_doctor_who_shares_an_authors_name_does_not_turn_a_question_into_a_request_for_a_study()
    {
        // Shah is an author of two references; "Dr Shah" is the patient's doctor, and the question is about the treatment.
        var answer = fx.Hybrid.Ask("Dr Shah says I should consider a transplant, does it work after imatinib fails?");
        Assert.True(answer.Answered);
        Assert.StartsWith("From the summary", answer.Text, StringComparison.Ordinal);
    }

    [Fact]
    public void The_newest_study_on_an_off_topic_subject_is_not_answered_with_the_newest_reference()
    {
        var answer = fx.Hybrid.Ask("what are the latest studies on diet and cml");
        Assert.False(answer.Answered);
    }

    [Fact]
    public void Asking_for_the_evidence_behind_a_claim_no_study_backs_is_answered_with_the_sentence_that_says_so()
    {
        // The sentence on rising PCR cites no study: the summary's answer is that the finding is controversial.
        var answer = fx.Hybrid.Ask("what is the evidence that rising PCR means relapse");
        Assert.True(answer.Answered);
        Assert.Contains("controversial", answer.Text, StringComparison.Ordinal);
    }

    [Fact]
    public void Asking_for_the_evidence_behind_a_claim_studies_back_is_answered_with_a_study()
    {
        var answer = fx.Hybrid.Ask("What's the evidence that most people who relapse after a transplant, and never had imatinib before, get durable responses to it?");
        Assert.True(answer.Answered);
        Assert.Contains(answer.References.Select(r => r.Number).Single(), new[] { 15, 16, 17 });
    }

    [Fact]
    public void A_trial_that_randomly_assigned_patients_is_a_study_asked_for_not_the_missing_chronic_phase_section()
    {
        var answer = fx.Hybrid.Ask("Which trial randomly assigned chronic-phase patients to dasatinib or to a higher imatinib dose after first-line imatinib failed?");
        Assert.True(answer.Answered);
        Assert.Equal([8], answer.References.Select(r => r.Number));
    }

    [Fact]
    public void A_trial_asked_for_is_answered_from_the_references_not_refused_as_a_missing_section()
    {
        // "blast crisis CML" also names a section the page only lists; the question asks for a trial, which the references have.
        var answer = fx.Hybrid.Ask("Which trial looked at dasatinib in blast crisis CML resistant to imatinib?");
        Assert.True(answer.Answered);
        Assert.Equal([7], answer.References.Select(r => r.Number));
    }
}
