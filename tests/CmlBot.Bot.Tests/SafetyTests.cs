using CmlBot.Bot.Tests.Infrastructure;

namespace CmlBot.Bot.Tests;

public sealed class SafetyTests(CoreFixture fixture) : BotTestBase(fixture)
{
    [Theory]
    [InlineData("I have chest pain")]
    [InlineData("I can't breathe")]
    [InlineData("my nose is bleeding and it won't stop")]
    [InlineData("I fainted twice today")]
    [InlineData("I passed out after my dose")]
    [InlineData("Crushing chest pain since I took dasatinib, what does the summary say about dasatinib?")]
    public async Task An_emergency_gets_the_call_911_advice_before_anything_else(string text)
    {
        var replies = await (await Started(Harness.Conversation())).SayAsync(text);
        Assert.NotEmpty(replies);
        Assert.Contains("call 911", replies[0].Text);
        Assert.Contains("emergency", replies[0].Text);
        Assert.All(replies.Skip(1), r => Assert.DoesNotContain("I couldn't find an answer", r.Text));
    }

    [Theory]
    [InlineData("I am thinking about suicide")]
    [InlineData("I want to kill myself")]
    [InlineData("I keep wanting to hurt myself")]
    public async Task Suicidal_thoughts_get_the_988_lifeline_first(string text)
    {
        var replies = await (await Started(Harness.Conversation())).SayAsync(text);
        Assert.Contains("988", replies[0].Text);
        Assert.Contains("Suicide & Crisis Lifeline", replies[0].Text);
    }

    [Fact]
    public async Task Help_words_inside_an_emergency_do_not_hide_the_advice()
    {
        var replies = await (await Started(Harness.Conversation())).SayAsync("help I can't breathe");
        Assert.Contains("call 911", replies[0].Text);
    }

    [Fact]
    public async Task A_question_about_what_I_should_do_gets_the_answer_and_a_care_team_reminder()
    {
        // Personal phrasings of questions the core answers.
        var question = CoreFixture.Candidates
            .Select(q => "Should I ask my doctor: " + q)
            .First(q => Fixture.Core.Ask(q) is { Answered: true, IsAmbiguous: false });
        var reply = Assert.Single(await (await Started(Harness.Conversation())).SayAsync(question));
        Assert.NotNull(PassageId(reply));
        Assert.Contains("decide anything about your own treatment together with your care team", reply.Text);
    }

    [Theory]
    [InlineData("Should I ask my doctor about nilotinib?")]
    [InlineData("Can I switch to Sprycel if imatinib fails?")]
    public async Task A_personal_question_gets_the_reminder_whether_or_not_the_summary_answers_it(string question)
    {
        var reply = Assert.Single(await (await Started(Harness.Conversation())).SayAsync(question));
        Assert.Contains("together with your care team", reply.Text);
    }

    [Fact]
    public async Task A_general_question_gets_no_personal_reminder()
    {
        var question = Fixture.CitedQuestion();
        var reply = Assert.Single(await (await Started(Harness.Conversation())).SayAsync(question));
        Assert.DoesNotContain("together with your care team", reply.Text);
        Assert.DoesNotContain("911", reply.Text);
    }

    [Fact]
    public async Task Too_much_medicine_gets_poison_control_and_911_and_no_quote()
    {
        var replies = await (await Started(Harness.Conversation())).SayAsync("my dad swallowed a handful of my gleevec");
        var advice = Assert.Single(replies);
        Assert.Contains("Poison Control at 1-800-222-1222", advice.Text);
        Assert.Contains("call 911", advice.Text);
    }

    [Theory]
    [InlineData("i have a fever of 101 after my transplant")]
    [InlineData("diarrhea all day and i cant keep any fluids down")]
    public async Task An_urgent_symptom_gets_call_your_care_team_now_and_no_quote(string text)
    {
        var advice = Assert.Single(await (await Started(Harness.Conversation())).SayAsync(text));
        Assert.Contains("Call your care team now, day or night", advice.Text);
        Assert.Contains("call 911", advice.Text);
        Assert.Empty(Cited(advice));
    }

    [Fact]
    public async Task A_separate_question_after_an_urgent_symptom_is_answered_after_the_advice()
    {
        var replies = await (await Started(Harness.Conversation()))
            .SayAsync("I have a fever of 101 after my transplant. Can interferon help after relapse from a stem cell transplant?");
        Assert.Equal(2, replies.Count);
        Assert.Contains("Call your care team now", replies[0].Text);
        Assert.NotNull(PassageId(replies[1]));
    }

    [Theory]
    [InlineData("whats the point of going on anymore")]
    [InlineData("my family would be better off without me")]
    public async Task Indirect_crisis_language_gets_the_988_lifeline_first(string text)
    {
        var replies = await (await Started(Harness.Conversation())).SayAsync(text);
        Assert.Contains("988 Suicide & Crisis Lifeline", replies[0].Text);
        Assert.DoesNotContain(replies, r => r.Text.Contains("I couldn't find", StringComparison.Ordinal));
    }

    [Fact]
    public async Task Changing_a_medicine_gets_the_caution_first_then_the_quote_with_its_citations()
    {
        var replies = await (await Started(Harness.Conversation())).SayAsync("I'm thinking of stopping my gleevec, what is relative failure on imatinib?");
        Assert.Equal(2, replies.Count);
        Assert.Contains("don't stop, pause, skip, double or switch", replies[0].Text);
        Assert.NotEmpty(Cited(replies[1]));
        // The caution already says it: no second reminder to decide with the care team.
        Assert.DoesNotContain("decide anything about your own treatment together with your care team", replies[1].Text);
    }

    [Fact]
    public async Task The_safety_reply_comes_first_in_a_Teams_channel_too()
    {
        var reference = Microsoft.Bot.Builder.Adapters.TestAdapter.CreateConversation("teams-safety", "user-1", "cmlbot");
        reference.ChannelId = "msteams";
        reference.Conversation.ConversationType = "personal";
        var replies = await Harness.Conversation(reference).SayAsync("I keep thinking everyone would be better off without me");
        Assert.Contains(replies, r => r.Text?.Contains("988", StringComparison.Ordinal) == true);
        Assert.Contains("988", replies.First(r => r.Text?.Contains("Hello, I'm CmlBot", StringComparison.Ordinal) != true).Text);
    }
}
