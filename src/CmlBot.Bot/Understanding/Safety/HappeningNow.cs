using System.Text.RegularExpressions;

namespace CmlBot.Bot.Understanding.Safety;

/// <summary>
/// Whether a message says plainly that something is going on at this moment: it started minutes or hours ago, has gone
/// on for minutes or hours, or is happening "right now" ("i've had it for 30 minutes", "mine started an hour ago",
/// "45 min now"). Patients often wrap a sign in a question about a drug ("could bosutinib cause belly pain this bad?")
/// and then say it is theirs; such words tell the report from the question. A day or more ago is not said here: that
/// is ordinary history, and the words of the clause judge it (<see cref="PastEvent"/>). A general question or a
/// hypothetical (<see cref="GeneralQuestion"/>) is not one when these words are there either.
/// </summary>
public static partial class HappeningNow
{
    [GeneratedRegex(@"\b(i ?ve had it|had it for|(mine|it) (started|began|came on)|(started|began|came on) (suddenly |all of a sudden )?(about |around |maybe |like )?(an?|one|two|three|\d{1,3}|half an|a few|few|couple of) (minutes?|mins?|hours?|hrs?) ago|(\d{1,3}|an?|one|two|three|half an|a few|couple of) (minutes?|mins?|hours?|hrs?) (now|ago)|for (the (last|past) )?(\d{1,3}|an|one|two|three|half an|a|a few) (minutes?|mins?|hours?|hrs?)|(going|been going|on|started) since (last night|this morning|yesterday|\d{1,2} ?(am|pm))|right now|as we speak|as i type|as i write)\b",
        RegexOptions.CultureInvariant, matchTimeoutMilliseconds: SafetyTrigger.MatchTimeoutMilliseconds)]
    private static partial Regex NowRx();

    /// <summary>
    /// True when <paramref name="prepared"/> (as <see cref="SafetyText.Prepare"/> writes it) says something is going on
    /// now. A pattern that runs out of time throws: the screen tries once more and then keeps the sign.
    /// </summary>
    public static bool IsSaid(string prepared) => NowRx().IsMatch(prepared);
}
