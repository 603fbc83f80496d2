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
    [InlineData("Should I stop my imatinib?")]
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
}
