using CmlBot.Bot.Tests.Infrastructure;
using Microsoft.Bot.Schema;
using Newtonsoft.Json.Linq;

namespace CmlBot.Bot.Tests;

/// <summary>Runs on a core with a wide ambiguity margin, so close candidates exist whatever the tuning.</summary>
public sealed class DidYouMeanTests : BotTestBase
{
    private readonly BotHarness _ambiguous;

    public DidYouMeanTests(CoreFixture fixture) : base(fixture) => _ambiguous = new BotHarness(fixture.Configuration, fixture.AmbiguousCore);

    private async Task<(TestConversation Conversation, Core.Answers.Answer Expected, IMessageActivity Offer)> OfferAsync()
    {
        var question = Fixture.AmbiguousQuestion();
        var expected = Fixture.AmbiguousCore.Ask(question);
        var conversation = await Started(_ambiguous.Conversation());
        var offer = Assert.Single(await conversation.SayAsync(question));
        return (conversation, expected, offer);
    }

    [Fact]
    public async Task Close_candidates_are_offered_as_suggested_actions_not_answered()
    {
        var (_, expected, offer) = await OfferAsync();
        Assert.Contains("Which did you mean?", offer.Text);
        Assert.Equal(expected.Alternatives.Select(a => a.Label), Actions(offer));
        Assert.Null(PassageId(offer));
    }

    [Fact]
    public async Task Choosing_a_label_answers_with_that_passage()
    {
        var (conversation, expected, _) = await OfferAsync();
        var chosen = expected.Alternatives[1];
        var reply = Assert.Single(await conversation.SayAsync(chosen.Label));
        Assert.Equal(chosen.Id, PassageId(reply));
        Assert.Contains("> ", reply.Text);
    }

    [Fact]
    public async Task Choosing_by_number_answers_with_that_passage()
    {
        var (conversation, expected, _) = await OfferAsync();
        var reply = Assert.Single(await conversation.SayAsync("1"));
        Assert.Equal(expected.Alternatives[0].Id, PassageId(reply));
    }

    [Fact]
    public async Task A_card_submit_choice_answers_only_for_an_offered_passage()
    {
        var (conversation, expected, _) = await OfferAsync();
        var notOffered = Fixture.AmbiguousCore.Passages.First(p => expected.Alternatives.All(a => a.Id != p.Id)).Id;
        var refused = Assert.Single(await conversation.SendAsync(new Activity(ActivityTypes.Message) { Value = new JObject { ["choice"] = notOffered } }));
        Assert.Null(PassageId(refused));

        var chosen = expected.Alternatives[^1];
        var reply = Assert.Single(await conversation.SendAsync(new Activity(ActivityTypes.Message) { Value = new JObject { ["choice"] = chosen.Id } }));
        Assert.Equal(chosen.Id, PassageId(reply));
    }

    protected override void Dispose(bool disposing)
    {
        if (disposing) _ambiguous.Dispose();
        base.Dispose(disposing);
    }
}
