using System.Diagnostics;
using System.Text.RegularExpressions;
using CmlBot.Bot.Understanding.Safety;

namespace CmlBot.Bot.Tests;

/// <summary>
/// An expert's pattern runs on the backtracking engine only in shapes whose work per start the pattern bounds: the
/// shapes that make such an engine's work grow with the text are refused, the file's own shapes are accepted.
/// </summary>
public sealed class SafetyPatternBoundTests
{
    [Theory]
    [InlineData(@"[^ |]+ ")]
    [InlineData(@"\b(bleed\w*|blood)\b")]
    [InlineData(@"\b(took|taken) (?:[^ |]+ ){0,4}(again|twice)\b")]
    [InlineData(@"\bpills?\b[^|]{0,60}\b(stop|stopped)\b")]
    [InlineData(@"\b(\d+|one|two) (pills|tablets)\b")]
    [InlineData(@"\b(i|ive) ?((the|my) (pharmacy|clinic))? (cancel|stop)")]
    [InlineData(@"(so |just |really ){1,8}done( |$)(\||$)")]
    [InlineData(@"[7-9]|[1-9]\d+|a dozen")]
    [InlineData(@"\bi (odd|od|ods)\b\.?")]
    [InlineData(@"^(?<n>\d{1,4})$")]
    [InlineData(@"[\p{L}][\p{L}'’-]*")]
    [InlineData(@"[ \t\u00A0]{2,}")]
    public void Shapes_whose_work_the_pattern_bounds_are_accepted(string pattern) =>
        Assert.Null(SafetyPatternBound.Problem(pattern));

    [Theory]
    [InlineData(@"(a+)+b", "repeats a group without limit")]
    [InlineData(@"(a|ab)*c", "repeats a group without limit")]
    [InlineData(@"(?:\w+ ){2,}x", "repeats a group without limit")]
    [InlineData(@"(?:[^ |]+ ){0,40}x", "repeats a group more than 16 times")]
    [InlineData(@"\w*\w*x", "can be followed by a character it also matches")]
    [InlineData(@"\bstop\w*s\b", "can be followed by a character it also matches")]
    [InlineData(@"[^|]* (pain|ache)", "can be followed by a character it also matches")]
    [InlineData(@".*chest pain", "can be followed by a character it also matches")]
    [InlineData(@"\d+[0-9]", "can be followed by a character it also matches")]
    [InlineData(@"((a|a){16}){16}", "more than 10,000,000,000 ways")]
    [InlineData(@"(?=pain)", "only ( ), (?: ) and (?<name> ) groups")]
    [InlineData(@"(?<n>pain) \k<n>", "is not allowed in a pattern")]
    [InlineData(@"(pain) \1", "is not allowed in a pattern")]
    [InlineData(@"(?i)pain", "only ( ), (?: ) and (?<name> ) groups")]
    [InlineData(@"\p{Lu}+", "is not allowed in a pattern")]
    [InlineData(@"[\p{N}]", "is not allowed in a class")]
    [InlineData(@"\p{L}*[a-z]", "can be followed by a character it also matches")]
    [InlineData(@"[ \u00A0]+\u00A0", "can be followed by a character it also matches")]
    [InlineData(@"pain{2,", "a brace is a repeat count")]
    [InlineData(@"\b*pain", "repeats something that matches no character")]
    public void Shapes_whose_work_can_grow_with_the_text_are_refused(string pattern, string problem) =>
        Assert.Contains(problem, SafetyPatternBound.Problem(pattern), StringComparison.Ordinal);

    [Theory]
    [InlineData(@"\b(took|swallowed) (\d+|ten) (pills?|tablets?)\b", "took|swallowed")]
    [InlineData(@"\bi (od|odd)\b", "i ")]
    [InlineData(@"\b(bleed\w*|blood)\b[^|]{0,60}\b(wont|not) stop", " stop")]
    [InlineData(@"(so |just ){1,8}done", "done")]
    [InlineData(@"(so |just )?done|finished", "done|finished")]
    [InlineData(@"(hard to)? breathe", " breathe")]
    public void Required_text_is_what_every_match_holds(string pattern, string required) =>
        Assert.Equal(required.Split('|'), SafetyPatternBound.RequiredText(pattern));

    [Theory]
    [InlineData(@"\d+(pills)?")]
    [InlineData(@"(pills|\d+)")]
    [InlineData(@"[a-z]+")]
    public void A_pattern_that_may_match_without_any_literal_text_requires_none(string pattern) =>
        Assert.Null(SafetyPatternBound.RequiredText(pattern));

    [Fact]
    public void A_character_beyond_ascii_is_read_as_its_kind_so_a_hidden_overlap_is_still_found()
    {
        // Arabic-Indic digits are \d to .NET: "٣" overlaps \d+, and "é" overlaps \w*.
        Assert.Contains("also matches", SafetyPatternBound.Problem(@"\d+٣"), StringComparison.Ordinal);
        Assert.Contains("also matches", SafetyPatternBound.Problem(@"\w*é"), StringComparison.Ordinal);
        Assert.Null(SafetyPatternBound.Problem(@"\d+ é"));
    }

    [Fact]
    public void A_refused_shape_is_slow_on_the_backtracking_engine_and_an_accepted_one_is_not()
    {
        // What the check is for: on 30 characters the refused shape already takes far longer than the accepted one
        // on the longest text a trigger sees.
        var text = new string('a', 30);
        var refused = new Regex(@"(a|aa)+b", RegexOptions.CultureInvariant, TimeSpan.FromMilliseconds(200));
        Assert.NotNull(SafetyPatternBound.Problem(refused.ToString()));
        Assert.Throws<RegexMatchTimeoutException>(() => refused.IsMatch(text));

        var accepted = new Regex(@"(?:[^ |]+ ){0,4}b", RegexOptions.CultureInvariant, TimeSpan.FromMilliseconds(200));
        Assert.Null(SafetyPatternBound.Problem(accepted.ToString()));
        var longest = string.Concat(Enumerable.Repeat("a ", SafetyRules.MaxTextLength));
        var watch = Stopwatch.StartNew();
        Assert.DoesNotMatch(accepted, longest);
        Assert.True(watch.ElapsedMilliseconds < 50, $"{watch.ElapsedMilliseconds} ms");
    }
}
