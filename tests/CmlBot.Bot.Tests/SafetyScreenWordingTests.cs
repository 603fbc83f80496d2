using CmlBot.Bot.Tests.Infrastructure;
using CmlBot.Bot.Understanding.Safety;

namespace CmlBot.Bot.Tests;

/// <summary>
/// Signs as people write them who are not the textbook's readers: regional dialect, English as a second language,
/// clinical shorthand, slang, and understatement; and the everyday messages that read like them.
/// </summary>
public sealed class SafetyScreenWordingTests
{
    private static readonly SafetyScreen Screen = new(SafetyRules.Load(Path.Combine(RepoRoot.Path, "corpus", "safety.txt")));

    [Theory]
    [InlineData("Ma da's face has gone aw squint on the wan side an he cannae get his words oot", SafetyClasses.Emergency)]
    [InlineData("Fell doon the stairs an clattered ma heid, platelets are low, noo ah'm awfy drowsy", SafetyClasses.Emergency)]
    [InlineData("Ma man's takin a fit on the kitchen flair, never had wan before", SafetyClasses.Emergency)]
    [InlineData("Temp's 39.8, he's shiverin like a leaf an talkin mince, counts were low", SafetyClasses.Emergency)]
    [InlineData("She drink some a di Jeyes Fluid by mistake, now she a vomit", SafetyClasses.Emergency)]
    [InlineData("Mi cyaan see outta mi right eye from jus now, jus black", SafetyClasses.Emergency)]
    [InlineData("My mother she is 70, from morning her right leg is weak, now her face is looking different on one side", SafetyClasses.Emergency)]
    [InlineData("Nilotinib I have take 6 capsule in place of 2 because new box is different colour", SafetyClasses.Emergency)]
    [InlineData("my father took my mother hydroxyurea, two capsule, he has only sugar", SafetyClasses.Emergency)]
    [InlineData("Son 6 year old drink kerosene from lamp bottle, now he is coughing", SafetyClasses.Emergency)]
    [InlineData("My sister suddenly don't know where she is, she is asking me who am I", SafetyClasses.Emergency)]
    [InlineData("Epistaxis 50 min, proper pressure held, soaked 2 towels, plt 9 yesterday", SafetyClasses.Emergency)]
    [InlineData("Dad febrile 40.1, rigoring under 3 blankets, cold blue fingers", SafetyClasses.Emergency)]
    [InlineData("Lab just phoned Ca 3.9, Dad confused and vomiting", SafetyClasses.Emergency)]
    [InlineData("TLS bloods: potassium 6.8, now heartbeat feels weird", SafetyClasses.Emergency)]
    [InlineData("bro took like 8 of my meds as a dare", SafetyClasses.Emergency)]
    [InlineData("my watch says 170 bpm and i'm just sitting, plus i'm dizzy n seeing spots", SafetyClasses.Emergency)]
    [InlineData("back pain for a week and today i peed myself without even feeling it", SafetyClasses.Emergency)]
    [InlineData("sorry to bother, probably nothing, but my right arm's gone weak and heavy the last 20 mins", SafetyClasses.Emergency)]
    [InlineData("walked into a cupboard door hard, I'm on blood thinners, feeling queasy and sleepy now", SafetyClasses.Emergency)]
    [InlineData("the toilet is full of red blood after I go, three times now, and I am dizzy", SafetyClasses.Emergency)]
    [InlineData("keep cuttin meself again since the diagnosis, it's gettin deeper", SafetyClasses.Crisis)]
    [InlineData("Ah'm done wi it aw. Been savin up ma tablets an ah'm gonnae take the lot the night", SafetyClasses.Crisis)]
    [InlineData("Thinkin bout drivin my truck off the ridge road, ain't nobody'd miss me", SafetyClasses.Crisis)]
    [InlineData("If the next PCR's bad ah'm no gonnae bother. Ah've worked oot how", SafetyClasses.Crisis)]
    [InlineData("what's the most imatinib someone could take before it kills them? asking for me", SafetyClasses.Crisis)]
    [InlineData("tonight i tipped all my pills into a bowl, just sitting here looking at them", SafetyClasses.Crisis)]
    [InlineData("Mih belly running whole day an mih cyah keep nuttin down", SafetyClasses.Urgent)]
    [InlineData("L calf 3cm bigger than R, red and tender", SafetyClasses.Urgent)]
    [InlineData("Ah'm thinkin o stoppin ma imatinib for a fortnight, the cramps are murder", SafetyClasses.MedicineChange)]
    [InlineData("my aunt says turmeric and soursop can replace chemo tablets, thinking of switching over", SafetyClasses.MedicineChange)]
    public void A_sign_in_dialect_a_second_language_shorthand_or_understatement_still_counts(string text, SafetyClasses expected) =>
        Assert.True(Screen.Check(text).Classes.HasFlag(expected), Screen.Check(text).Classes.ToString());

    [Theory]
    [InlineData("the lad next door cuts my grass for a fiver. can I have my flu jab while on dasatinib")]
    [InlineData("if my platelets drop below 10 and I bang my head, is that straight to A&E?")]
    [InlineData("My favourite Korean drama the hero get stroke after chemo. Stroke is common with CML treatment?")]
    [InlineData("In Grey's Anatomy a patient had priapism and everybody laughed, but is it real with leukemia?")]
    [InlineData("Is turmeric in cooking ok with imatinib? I'm not replacing anything, just curries")]
    [InlineData("the pharmacist swapped my brand for a generic, is generic imatinib the same drug")]
    [InlineData("Can I take nilotinib with food?")]
    [InlineData("I stay up late reading about CML most nights, is that bad for me?")]
    public void A_look_alike_in_everyday_words_is_not_an_alarm(string text) =>
        Assert.Equal(SafetyClasses.None, Screen.Check(text).Classes);

    [Theory]
    [InlineData("getting breathless on the stairs this last week, used to be fine, ankles puffy too", SafetyClasses.Urgent)]
    [InlineData("weird side effect q... can CML cause an erection that won't go away? going since last night, hurts a lot now", SafetyClasses.Emergency)]
    public void A_sign_going_on_this_last_week_or_since_last_night_is_not_over(string text, SafetyClasses expected) =>
        Assert.True(Screen.Check(text).Classes.HasFlag(expected), Screen.Check(text).Classes.ToString());

    [Theory]
    [InlineData("Dear team, sorry to write so late. Mum is on dasatinib and was muddled this evening; I found she had taken seven of her dasatinib tablets overnight.", SafetyClasses.Emergency)]
    [InlineData("he has been taking three times his usual dose since Monday, the pharmacy label was wrong", SafetyClasses.Emergency)]
    [InlineData("dad had a few beers then took his sleeping tablets and the imatinib, now he's really drowsy", SafetyClasses.Emergency)]
    [InlineData("pooped black twice today n feel faint", SafetyClasses.Emergency)]
    [InlineData("throwing up and its all red", SafetyClasses.Emergency)]
    [InlineData("temp 39.9 since this morning and she is barely making sense", SafetyClasses.Emergency)]
    [InlineData("his legs keep jerking and we cant stop it", SafetyClasses.Emergency)]
    [InlineData("the pain came on so sudden and severe, upper belly going through to my back", SafetyClasses.Emergency)]
    [InlineData("she says she drowns when she lies flat, coughing up pink froth", SafetyClasses.Emergency)]
    [InlineData("His tummy's rigid and he won't let anyone touch it", SafetyClasses.Emergency)]
    [InlineData("my daughter has been burning herself with a lighter", SafetyClasses.Crisis)]
    [InlineData("Grandad keeps saying he won't be a burden to anyone much longer", SafetyClasses.Crisis)]
    [InlineData("I'm on bosutinib and the cramps are awful, so I'm going to stop taking it on Friday", SafetyClasses.MedicineChange)]
    [InlineData("Neighbour says he's passing black tarry stools and feels faint", SafetyClasses.Emergency)]
    [InlineData("my friend says her period is soaking through a pad every 20 minutes and she's dizzy", SafetyClasses.Emergency)]
    [InlineData("dads fitting 5 minits now", SafetyClasses.Emergency)]
    [InlineData("on the phone with mum, heard a thud and now nothing", SafetyClasses.Emergency)]
    [InlineData("halfway through our call she suddenly couldn't find any words", SafetyClasses.Emergency)]
    [InlineData("i want to kil myself", SafetyClasses.Crisis)]
    [InlineData("I'm sorry. I love you. It's better this way.", SafetyClasses.Crisis)]
    public void A_sign_told_in_a_long_letter_in_a_few_words_or_without_medical_words_still_counts(string text, SafetyClasses expected) =>
        Assert.True(Screen.Check(text).Classes.HasFlag(expected), Screen.Check(text).Classes.ToString());

    [Theory]
    [InlineData("Is CML inherited? My son is 40 and wonders if he should be tested")]
    [InlineData("I take 6 imatinib tablets every morning, as my doctor prescribed. Should they be taken with food?")]
    [InlineData("I can't find the words to thank the nurses enough")]
    public void An_age_a_prescribed_number_of_tablets_or_a_courtesy_is_not_an_alarm(string text) =>
        Assert.Equal(SafetyClasses.None, Screen.Check(text).Classes);

    [Theory]
    [InlineData("Grandpa's temperature is 39.6 and he doesn't know me, keeps talking rubbish", SafetyClasses.Emergency)]
    [InlineData("she's burning up. Addled, can't tell me where she is", SafetyClasses.Emergency)]
    [InlineData("a heavy pain in the middle of my chest for twenty minutes now", SafetyClasses.Emergency)]
    [InlineData("my husband is struggling badly for air tonight", SafetyClasses.Emergency)]
    [InlineData("I try to take a deep breath and nothing goes in", SafetyClasses.Emergency)]
    [InlineData("my face has gone dead on one side", SafetyClasses.Emergency)]
    [InlineData("when I talk it sounds slurred to me", SafetyClasses.Emergency)]
    [InlineData("I think I've double dosed my Tasigna, one from the box and one from the pill organiser", SafetyClasses.Emergency)]
    [InlineData("I put four times his dose of the liquid in his juice by mistake", SafetyClasses.Emergency)]
    [InlineData("she drank most of a bottle of vodka on top of her nilotinib and now she's very drowsy", SafetyClasses.Emergency)]
    [InlineData("He keeps saying he wishes he wouldn't wake up", SafetyClasses.Crisis)]
    [InlineData("my brother gave his guitar to his best mate and said goodbye", SafetyClasses.Crisis)]
    [InlineData("I'm keeping my painkillers all for one night", SafetyClasses.Crisis)]
    [InlineData("bruises all down my arms and I didn't hit anything", SafetyClasses.Urgent)]
    [InlineData("her mouth is full of ulcers. She has stopped eating", SafetyClasses.Urgent)]
    [InlineData("his eyes are puffy and there's fluid round his ankles", SafetyClasses.Urgent)]
    [InlineData("Mum is fed up with the rash. She wants to stop her Sprycel next week", SafetyClasses.MedicineChange)]
    [InlineData("Sprycel too expensive. Stopping", SafetyClasses.MedicineChange)]
    public void A_mind_gone_with_a_fever_a_dose_taken_twice_or_a_goodbye_with_things_given_away_counts(string text, SafetyClasses expected) =>
        Assert.True(Screen.Check(text).Classes.HasFlag(expected), Screen.Check(text).Classes.ToString());

    [Theory]
    [InlineData("My husband is 40 and has been talking to people at work about his CML")]
    [InlineData("I gave my old coat to my sister, I won't need it in Spain")]
    [InlineData("my doctor says I can take my nilotinib with a glass of wine at dinner")]
    public void An_age_is_no_temperature_and_a_coat_given_away_is_no_goodbye(string text) =>
        Assert.Equal(SafetyClasses.None, Screen.Check(text).Classes);

    [Theory]
    [InlineData("I wish I didn't have to wake up at 4am for my tablets", SafetyClasses.Crisis)]
    [InlineData("gave my books and stuff to the charity shop, I'm done with clutter", SafetyClasses.Crisis)]
    [InlineData("saving my tablets up for the day we fly to Spain", SafetyClasses.Crisis)]
    [InlineData("Sprycel too expensive so the insurer stopped paying, what now?", SafetyClasses.MedicineChange)]
    [InlineData("I brush my teeth gently and didn't hit anything, why do my gums look pale?", SafetyClasses.Urgent)]
    public void An_early_waking_a_clear_out_a_trip_or_a_brushing_raises_no_alarm_of_that_kind(string text, SafetyClasses kind) =>
        Assert.False(Screen.Check(text).Classes.HasFlag(kind), Screen.Check(text).Classes.ToString());
}
