using CmlBot.Core.Understanding;

namespace CmlBot.Core.Tests.Understanding;

/// <summary>
/// Which questions ask where a claim comes from (answered with the reference the claim's sentence cites), and which
/// only mention studies or trials (answered by the sentences that speak of studies and trials).
/// </summary>
public sealed class SourceRequestTests
{
    [Theory]
    [InlineData("dasatinib vs a higher dose of gleevec, was there a randomised trial?")]
    [InlineData("was there a multicentre study of gleevec after a transplant")]
    [InlineData("Who proposed the 12-month target for Gleevec?")]
    [InlineData("Where does the summary get its definition of relative failure on first-line imatinib?")]
    [InlineData("Which trial randomly assigned chronic-phase patients to dasatinib or a higher imatinib dose?")]
    [InlineData("Where do the 3-, 6- and 12-month checkpoints for Gleevec actually come from?")]
    [InlineData("Is there any research on dasatinib for that stage, and who did it?")]
    [InlineData("What is the newest of the studies on imatinib after a transplant?")]
    [InlineData("Which references are cited for the kinase mutation sentence?")]
    [InlineData("Of the two nilotinib trials, which one came out first?")]
    [InlineData("Her doctor says most people like her respond for more than a year. Which refrences support this?")]
    [InlineData("which paper showed sprycel works in blast crisis")]
    [InlineData("Where does the relative failure idea come from?")]
    [InlineData("source for the statement that DLI works after a transplant")]
    [InlineData("which trial compared dasatinib with a higher imatinib dose")]
    [InlineData("what study backs the claim that interferon helps after a graft?")]
    [InlineData("the paper showing imatinib works after transplant relapse")]
    [InlineData("Citation please for the expert panel's milestones")]
    [InlineData("name of the trial that put dasatinib against a higher imatinib dose")]
    [InlineData("Which randomized trial compared dasatinib with a higher imatinib dose?")]
    [InlineData("which phase 2 study tested dasatinib once daily")]
    [InlineData("title of the dasatinib vs high-dose imatinib trial")]
    [InlineData("what research showed donor cells can bring back a remission")]
    [InlineData("the oldest of the cited papers on imatinib after a transplant")]
    [InlineData("ref for the DLI claim")]
    [InlineData("What backs up the statement that a transplant is tried after a mutation?")]
    [InlineData("what backs up the bit that the first drug counts as failing by 3 months")]
    [InlineData("Which of the dasatinib papers is about patients like him?")]
    [InlineData("what's the source saying nilotinib is tried after imatinib stops working")]
    [InlineData("Where's the evidence that interferon still helps after a transplant relapse?")]
    [InlineData("what proves that the responses to imatinib last after a transplant relapse")]
    [InlineData("is there a paper on dasatinib when gleevec gave side effects")]
    [InlineData("imatinib post transplant relapse refs")]
    [InlineData("which studies r behind the newer pills after gleevec stops working")]
    [InlineData("papers on the options when imatinib fails?")]
    [InlineData("where can I read the original studies about imatinib resistance")]
    [InlineData("the imatinib-after-transplant one in the journal Blood?")]
    [InlineData("is there a trial showing dasatinib works in accelerated phase")]
    [InlineData("where does the rule about 3 months, 6 months and 12 months on imatinib come from")]
    [InlineData("Where did you get the idea that no response at 6 months counts as failure?")]
    [InlineData("cite the earliest of the imatinib-after-transplant studies")]
    [InlineData("src for sprycel in AP?")]
    [InlineData("ok but who actually showed that the responses last?")]
    [InlineData("is that from a real trial?")]
    [InlineData("that short report on sprycel after nilotinib")]
    [InlineData("Was there a trial in chronic-phase patients who failed first-line imatinib that compared two second-line options?")]
    [InlineData("was there an expert panel that set benchmarks for imatinib failure")]
    [InlineData("what did the expert panel say about 12 months on gleevec")]
    [InlineData("earliest study on donor lymphocyte infusion")]
    [InlineData("what is the most recent paper on nilotinib")]
    [InlineData("Randomized trial of dasatinib vs high-dose imatinib?")]
    [InlineData("where does the bit about gleevec counting as failing if there's no full blood count response by 3 months come from?")]
    [InlineData("Where does the definition of relative failure on imatinib (no complete hematologic remission by 3 months, no cytogenetic response by 6 months) come from?")]
    [InlineData("Which title describes itself as a randomized phase 2 trial?")]
    public void A_question_asking_for_the_source_of_a_claim_is_recognised(string question) =>
        Assert.True(SourceRequest.IsAskedIn(question));

    [Theory]
    [InlineData("dasatinib blast crisis CML", true)]
    [InlineData("Tasigna in chronic phase CML after Gleevec resistance or intolerance", true)]
    [InlineData("Is dasatinib used in blast crisis?", false)]
    [InlineData("how does dasatinib work in blast crisis", false)]
    [InlineData("my dad is in blast crisis on dasatinib", false)]
    public void A_run_of_topic_words_is_told_from_a_question(string question, bool topicOnly) =>
        Assert.Equal(topicOnly, SourceRequest.IsTopicOnly(question));

    [Theory]
    [InlineData("has anyone studied restarting versus waiting?")]
    [InlineData("are there any studies on DLI timing")]
    [InlineData("which trials are open for relapsed CML near me")]
    [InlineData("is there any evidence that rising PCR means relapse")]
    [InlineData("what does the evidence say about restarting versus waiting")]
    [InlineData("where can I find a clinical trial")]
    [InlineData("is there a phase 2 trial I could join")]
    [InlineData("where do the donor cells used for the infusions come from")]
    [InlineData("is that 12-month benchmark backed by trials?")]
    [InlineData("is there a trial that I could join near Boston")]
    [InlineData("what are the latest trials for relapsed cml")]
    [InlineData("which of the trials are about relapsed CML near me")]
    [InlineData("")]
    public void A_question_that_only_mentions_studies_or_trials_is_not(string question) =>
        Assert.False(SourceRequest.IsAskedIn(question));

    [Theory]
    [InlineData("Evidence that imatinib gives durable responses after relapse from a transplant?", true)]
    [InlineData("What's the evidence that most people who relapse after a transplant respond to imatinib?", true)]
    [InlineData("what is the evidence for donor cell infusions", true)]
    [InlineData("is there any evidence that rising PCR means relapse", false)]
    [InlineData("what does the evidence say about restarting", false)]
    public void Asking_for_the_evidence_behind_a_claim_is_told_from_asking_whether_there_is_any(string question, bool asks) =>
        Assert.Equal(asks, SourceRequest.AsksForEvidence(question));

    [Fact]
    public void A_long_crafted_question_is_judged_quickly()
    {
        var crafted = "where does " + string.Concat(Enumerable.Repeat("the idea ", 20_000)) + "go";
        var watch = System.Diagnostics.Stopwatch.StartNew();
        Assert.False(SourceRequest.IsAskedIn(crafted));
        Assert.True(watch.ElapsedMilliseconds < 500, $"{watch.ElapsedMilliseconds} ms");
    }

    [Fact]
    public void Any_run_of_words_after_an_opening_that_starts_a_source_request_is_judged_without_error()
    {
        // The openings whose later words the matcher searches a window of; every length from none to past the window.
        string[] openings = ["is there a paper on", "was there a trial in", "where does", "where did you get", "which study"];
        string[] words = ["transplanting", "both", "cml", "and", "patients", "whose", "imatinib", "stopped", "working", "the", "that", "come"];
        var random = new Random(7);
        foreach (var opening in openings)
            for (var length = 0; length <= 30; length++)
                for (var trial = 0; trial < 20; trial++)
                {
                    var question = opening + " " + string.Join(' ', Enumerable.Range(0, length).Select(_ => words[random.Next(words.Length)]));
                    var exception = Record.Exception(() => SourceRequest.IsAskedIn(question));
                    Assert.True(exception is null, $"{question}: {exception}");
                }
    }
}
