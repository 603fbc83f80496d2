using System.Reflection;
using System.Text.RegularExpressions;
using CmlBot.Bot;
using CmlBot.Bot.Understanding;
using CmlBot.Bot.Understanding.Safety;
using CmlBot.Core.Retrieval;
using CmlBot.Hosting;

namespace CmlBot.Tests;

/// <summary>
/// The regular expressions that read what a caller sent (a message, a channel id) run either on the linear-time
/// engine or, on the faster backtracking engine, only in shapes whose work per start the pattern bounds
/// (<see cref="SafetyPatternBound"/>): no caller can make one run for long.
/// </summary>
public sealed class UserTextRegexTests
{
    public static TheoryData<Type> ReadersOfUserText() =>
    [
        typeof(IntentRecognizer), typeof(SafetyScreen), typeof(LanguageGuard), typeof(TurnInput), typeof(MessagesAccess),
        typeof(CitationWords), typeof(ITextEmbedder).Assembly.GetType("CmlBot.Core.Retrieval.QueryPlanner", throwOnError: true)!,
    ];

    [Theory]
    [MemberData(nameof(ReadersOfUserText))]
    public void Each_regex_is_linear_time_or_in_a_shape_whose_work_per_start_it_bounds(Type type)
    {
        var regexes = type.GetMethods(BindingFlags.Static | BindingFlags.NonPublic | BindingFlags.Public)
            .Where(m => m.ReturnType == typeof(Regex) && m.GetParameters().Length == 0)
            .Select(m => (Name: m.Name, Regex: (Regex)m.Invoke(null, null)!))
            .ToList();
        Assert.NotEmpty(regexes);
        foreach (var (name, regex) in regexes)
        {
            if (regex.Options.HasFlag(RegexOptions.NonBacktracking)) continue;
            // Case-insensitive matching widens each character beyond what the check reads.
            Assert.False(regex.Options.HasFlag(RegexOptions.IgnoreCase), $"{type.Name}.{name}: case-insensitive on the backtracking engine");
            Assert.True(SafetyPatternBound.Problem(regex.ToString()) is null, $"{type.Name}.{name}: {SafetyPatternBound.Problem(regex.ToString())}");
        }
    }
}
