using CmlBot.Bot.Understanding.Safety;

namespace CmlBot.Bot.Tests;

/// <summary>What tells a report of a sign going on now from a question about it as a risk.</summary>
public sealed class HappeningNowTests
{
    [Theory]
    [InlineData("does it cause chest pain? i've had it for 30 minutes")]
    [InlineData("is chest tightness common? mine started an hour ago")]
    [InlineData("can imatinib give heartburn like this? 45 min now")]
    [InlineData("could bosutinib cause belly pain? started suddenly 30 min ago")]
    [InlineData("can it cause a nosebleed? it is bleeding right now")]
    public void Minutes_or_hours_of_it_or_right_now_say_it_is_happening(string text) =>
        Assert.True(HappeningNow.IsSaid(SafetyText.Prepare(text, 1000)));

    [Theory]
    [InlineData("can nilotinib cause chest pain? i have been on it since 2019")]
    [InlineData("can dasatinib cause a fever? i started it last month")]
    [InlineData("does ponatinib raise the risk of stroke? i had a scare a few days ago")]
    [InlineData("what are the chances of bleeding on dasatinib")]
    public void A_drug_taken_for_months_or_a_day_long_past_does_not(string text) =>
        Assert.False(HappeningNow.IsSaid(SafetyText.Prepare(text, 1000)));
}
