using System.Text.RegularExpressions;

namespace CmlBot.Bot.Understanding;

/// <param name="Emergency">The message describes a medical emergency (call emergency services).</param>
/// <param name="Crisis">The message mentions suicide or self-harm (the crisis line).</param>
/// <param name="PersonalDecision">The user asks what they personally should do (decide with the care team).</param>
public sealed record SafetyFlags(bool Emergency, bool Crisis, bool PersonalDecision)
{
    public bool Urgent => Emergency || Crisis;
}

/// <summary>
/// Screens every message before anything else. It errs towards flagging: a needless pointer to emergency
/// services costs a line; a missed one could cost far more.
/// </summary>
public static partial class SafetyScreen
{
    [GeneratedRegex(@"\b(chest (pain|pains|tightness|pressure|hurts?)|pain in (my |the )?chest|heart attack|stroke)\b")]
    private static partial Regex ChestRx();

    [GeneratedRegex(@"\b((can'?t|cannot|can not|could ?n'?t|unable to|hard to|struggling to|trouble|difficulty|not able to) (breathe|breathing|catch (my|his|her) breath)|short(ness)? of breath|not breathing|stopped breathing|choking|suffocating)\b")]
    private static partial Regex BreathRx();

    [GeneratedRegex(@"\b(bleed\w*\b[^.?!]{0,40}\b(won'?t|will not|wont|doesn'?t|does not|isn'?t|is not|can'?t|cannot|hasn'?t|has not) (stop|stopped)|bleed(ing)? (that )?(won'?t|will not|wont|doesn'?t|does not|isn'?t|is not|can'?t|cannot|won't) stop|(won'?t|will not|can'?t|cannot|couldn'?t) stop (the )?bleeding|bleeding (heavily|a lot|badly|everywhere|non-?stop)|heavy bleeding|uncontrolled bleeding|(coughing|vomiting|throwing) up blood|vomiting blood)\b")]
    private static partial Regex BleedingRx();

    [GeneratedRegex(@"\b(faint(ed|ing|s)?|passed out|pass(ing)? out|blacked out|black(ing)? out|lost consciousness|losing consciousness|unconscious|unresponsive|collapsed?|seizures?|seizing)\b")]
    private static partial Regex FaintingRx();

    [GeneratedRegex(@"\b(suicid\w*|kill(ing)? (myself|me)|end (my life|it all)|take my (own )?life|self[- ]?harm\w*|harm(ing)? myself|hurt(ing)? myself|cut(ting)? myself|want(ed)? to die|wish i (was|were) dead|don'?t want to (live|be alive|be here)|no reason to live|better off dead|overdose on purpose)\b")]
    private static partial Regex CrisisRx();

    [GeneratedRegex(@"\b((should|shall|can|could|must|may|do|would|will) (i|we)|am i|for me|in my case|my (treatment|dose|dosage|medication|medicine|meds|imatinib|gleevec|glivec|dasatinib|sprycel|nilotinib|tasigna|drug|drugs|therapy|pills?|tablets?|doctor|oncologist|transplant))\b")]
    private static partial Regex PersonalRx();

    public static SafetyFlags Check(string text) => CheckNormalized(IntentRecognizer.Normalize(text));

    /// <summary>As <see cref="Check"/>, for text that has been through <see cref="IntentRecognizer.Normalize"/> already.</summary>
    public static SafetyFlags CheckNormalized(string t)
    {
        var emergency = ChestRx().IsMatch(t) || BreathRx().IsMatch(t) || BleedingRx().IsMatch(t) || FaintingRx().IsMatch(t);
        return new SafetyFlags(emergency, CrisisRx().IsMatch(t), PersonalRx().IsMatch(t));
    }
}
