using System.Text.RegularExpressions;

namespace CmlBot.Bot.Understanding.Safety;

/// <summary>
/// Whether a trigger tells of something long over ("i had a fever of 38.5 last month", "an allergic reaction to
/// penicillin when i was young", "sprycel made me breathless last year"): its clause names a time weeks, months or
/// years back (or before someone died) and nothing that says it goes on ("now", "still", "again", "since", "for the last week") or that the time
/// is that of a treatment ("a fever, and my transplant was 3 weeks ago", "since i started dasatinib last month"), unless
/// the sign is placed within that treatment ("when she was on chemo years ago") or the message tells of it as dealt with ("a fever after my transplant last spring, they sorted it", "nothing since"). Patients tell
/// of such things to ask an ordinary question; the advice to call for help now would answer something they did not say.
/// An hour or a day ago is not long past. A trigger dismissed this way, like a negated one, also keeps the sentence
/// model from raising its group's alarm on the same message.
/// </summary>
public static partial class PastEvent
{
    [GeneratedRegex(@"\b(last (week|month|year|yr|spring|summer|autumn|fall|winter|christmas)|(a|one|two|three|four|five|six|seven|eight|nine|ten|few|several|couple of|couple|\d{1,2}) (weeks?|months?|years?|yrs?) (ago|back)|(weeks|months|years|decades|ages) ago|a while (ago|back)|years back|(in|back in|during) (19|20)\d\d|before (a|one|two|three|four|five|six|few|several|\d{1,2}) (weeks|months|years|yrs)|last (monday|tuesday|wednesday|thursday|friday|saturday|sunday)|in the (70s|80s|90s|seventies|eighties|nineties|2000s|noughties)|when (i|he|she|we|they|(my|his|her|our|their) [a-z]+) (was|were) (young|younger|little|small|tiny|a toddler|a kid|a child|a teenager|a teen|a baby|at school|at uni|in college|\d{1,2})|as (a )?(small |little |young )?(child|kid|teenager|teen|baby|toddler|student)|in (my|his|her|their) (teens|twenties|thirties|forties|fifties|sixties|seventies|eighties|childhood)|back when|long ago|(at|over|last) (christmas|easter|new year|thanksgiving)|once in (january|february|march|april|may|june|july|august|september|october|november|december)|back in (january|february|march|april|may|june|july|august|september|october|november|december)|(had|got|was|were|took|taken|happened|coughed|vomited|fainted|bled|threw) [^|]{0,60}\bin (the summer|the spring|the autumn|the fall|the winter|january|february|march|april|may|june|july|august|september|october|november|december)|before (he|she|they) (passed|died)|(a )?long time ago|(years|decades|months|long) before (her|his|my|their|the|he|she|i|they)|used to (get|have|suffer|be)|once (last|back)|once in ((19|20)\d\d|january|february|march|april|may|june|july|august|september|october|november|december)|(had|got|was|were) [^|]{0,40}\bat (?:(?:the )?age (?:of )?\d{1,2}|[3-9]\d)(?= *(\||,|and\b|got\b|$))|(my|his|her|our) late (husband|wife|mum|mom|dad|father|mother|brother|sister|partner|son|daughter|aunt|uncle|gran|grandma|grandad|grandpa))\b",
        RegexOptions.CultureInvariant, matchTimeoutMilliseconds: SafetyTrigger.MatchTimeoutMilliseconds)]
    private static partial Regex LongAgoRx();

    [GeneratedRegex(@"\b(now|today|tonight|still|again|currently|this (morning|afternoon|evening|week|(last|past) (week|few days|fortnight|month))|(?<!\b(fine|well|ok|okay|good|alright|better|normal|great)( [a-z]+){0,3}( ever)? )(?<!\b(nothing|none|no more|not once) )since|keeps?|keeping|(?<!\b(hasnt|havent|hadnt|not|never|didnt|wont) )(is|its|it|came|come|comes|coming) back(?! (normal|clear|fine|ok|okay|negative|good))|returned|worse|worsening|spreading|(for|over|in|during) the (last|past)|the past few|all week|every day|ongoing|right now|at the moment|lately|recently|(werent|wasnt) there)\b",
        RegexOptions.CultureInvariant, matchTimeoutMilliseconds: SafetyTrigger.MatchTimeoutMilliseconds)]
    private static partial Regex GoesOnRx();

    // The time may be a treatment's ("a fever, and my transplant was 3 weeks ago") or a blood count's ("hit my head, my
    // platelets were 20 last week") rather than the sign's.
    [GeneratedRegex(@"\b(transplant|transplanted|bmt|sct|allo|allograft|dli|dlis|infusion|infusions|graft|chemo|started|starting|began|begun|platelets?|plts?|counts?)\b",
        RegexOptions.CultureInvariant, matchTimeoutMilliseconds: SafetyTrigger.MatchTimeoutMilliseconds)]
    private static partial Regex TreatmentRx();

    // A sign placed within a treatment that is itself over ("nosebleeds when she was on chemo ages ago"): the time is the sign's too.
    [GeneratedRegex(@"\bwhen (i|he|she|we|they|(my|his|her|our|their) [a-z]+) (was|were) (on|having|getting|doing|going through|in the middle of)\b",
        RegexOptions.CultureInvariant, matchTimeoutMilliseconds: SafetyTrigger.MatchTimeoutMilliseconds)]
    private static partial Regex DuringPastTreatmentRx();

    // Words anywhere in the message that tell of the sign as dealt with ("they sorted it", "all good now").
    [GeneratedRegex(@"\b(all good now|all sorted|sorted it|sorted out|fine now|fine since|ok now|okay now|better now|fully recovered|recovered fully|cleared up|went away|turned out (to be|it was)|was home in|got over it|resolved|(was|were) (fine|ok|okay|alright|all right) after|(gone|cleared) completely|completely (gone|cleared)|(has|have|had) been gone|(they|the doctors?|doctors|the nurses?|the team) (said|told (me|us|him|her)) (it was|that it was)|(fine|ok|okay|well) ever since|healed( up)?|cleared (it|them)|settled (down|on its own)|doing (great|well|fine) now|fixed (it|him|her|that)|fine after|(have|has|had) (faded|gone away)|(made|making) a (full|good|complete) recovery|(liver|kidneys|counts|skin|it|he|she|i|they) (recovered|bounced back|went back to normal|returned to normal)|(nothing|none|no more|not once) since|ruled (it )?out|came back (normal|clear|fine|ok|okay)|everything was (fine|ok|okay)|(just )?a false alarm|recovered (fine|well|ok|okay|quickly|completely|without problems))\b",
        RegexOptions.CultureInvariant, matchTimeoutMilliseconds: SafetyTrigger.MatchTimeoutMilliseconds)]
    private static partial Regex DealtWithRx();

    // "it hasnt cleared up", "never fully recovered": not dealt with.
    [GeneratedRegex(@"\b(not|hasnt|havent|isnt|wasnt|never|didnt|doesnt|dont|wont|cant|yet to)( [^ |]+){0,2} (all good|all sorted|sorted|fine|ok|okay|better|fully|recovered|cleared|went|resolved|got over|healed)\b",
        RegexOptions.CultureInvariant, matchTimeoutMilliseconds: SafetyTrigger.MatchTimeoutMilliseconds)]
    private static partial Regex NotDealtWithRx();

    /// <summary>
    /// True when the clause of <paramref name="prepared"/> (as <see cref="SafetyText.Prepare"/> writes it) that holds
    /// the match tells of it as long over. A pattern that runs out of time throws: the screen tries once more and
    /// then keeps the sign.
    /// </summary>
    public static bool IsOver(string prepared, int index, int length)
    {
        var clause = SafetyText.ClauseAround(prepared, index, length);
        // With a treatment in the clause, only words telling of the sign as dealt with settle whose time it is.
        return LongAgoRx().IsMatch(clause) && !GoesOnRx().IsMatch(clause)
            && (!TreatmentRx().IsMatch(clause) || DuringPastTreatmentRx().IsMatch(clause)
                || (DealtWithRx().IsMatch(prepared) && !NotDealtWithRx().IsMatch(prepared)));
    }
}
