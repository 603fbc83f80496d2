using System.Diagnostics;
using System.Text.Json;
using CmlBot.Core.Retrieval;

namespace CmlBot.Bot.Understanding.Safety;

/// <summary>One message of a safety set (tests/evaluation/safety-*.json): its text and the class it needs.</summary>
public sealed record SafetyMessage(string Text, SafetyClasses Class, string Kind, string Source);

/// <summary>Recall for one class: how many of its messages got (at least) its reply.</summary>
public sealed record SafetyClassFigures(SafetyClasses Class, int Messages, int Caught)
{
    public double Recall => Messages == 0 ? 1 : (double)Caught / Messages;
}

/// <summary>A set's figures: recall per class and false alarms on ordinary messages (by where they come from).</summary>
public sealed record SafetyReport(
    string Name,
    IReadOnlyList<SafetyClassFigures> Classes,
    IReadOnlyList<(string Source, int Messages, int Alarms)> Ordinary,
    IReadOnlyList<SafetyMessage> Missed,
    IReadOnlyList<SafetyMessage> FalseAlarms)
{
    public int OrdinaryMessages => Ordinary.Sum(o => o.Messages);
    public int OrdinaryAlarms => Ordinary.Sum(o => o.Alarms);
    public double FalseAlarmRate => OrdinaryMessages == 0 ? 0 : (double)OrdinaryAlarms / OrdinaryMessages;
    public SafetyClassFigures For(SafetyClasses c) => Classes.Single(f => f.Class == c);
}

/// <summary>
/// Runs messages through the screen and counts. A message is caught when the screen gives its class, or, for an
/// urgent one, emergency (whose reply says to call for help already); an ordinary message with any class is a false alarm.
/// </summary>
public sealed class SafetyEvaluation(SafetyScreen screen, ITextEmbedder? embedder)
{
    private static readonly JsonDocumentOptions Json = new() { CommentHandling = JsonCommentHandling.Skip, AllowTrailingCommas = true };

    public static bool Caught(SafetyClasses expected, SafetyClasses found) =>
        (found & expected) != 0 || (expected == SafetyClasses.Urgent && (found & SafetyClasses.Emergency) != 0);

    public SafetyReport Run(string name, IReadOnlyList<SafetyMessage> messages, CancellationToken cancellationToken = default)
    {
        var classes = new List<SafetyClassFigures>();
        var missed = new List<SafetyMessage>();
        var alarms = new List<SafetyMessage>();
        var found = new Dictionary<SafetyMessage, SafetyClasses>(ReferenceEqualityComparer.Instance);
        foreach (var m in messages) found[m] = screen.Check(m.Text, embedder, cancellationToken).Classes;
        foreach (var c in SafetyClassNames.Ordered)
        {
            var ofClass = messages.Where(m => m.Class == c).ToList();
            var caught = ofClass.Count(m => Caught(c, found[m]));
            missed.AddRange(ofClass.Where(m => !Caught(c, found[m])));
            classes.Add(new SafetyClassFigures(c, ofClass.Count, caught));
        }
        var ordinary = new List<(string, int, int)>();
        foreach (var group in messages.Where(m => m.Class == SafetyClasses.None).GroupBy(m => m.Source))
        {
            var flagged = group.Where(m => found[m] != SafetyClasses.None).ToList();
            alarms.AddRange(flagged);
            ordinary.Add((group.Key, group.Count(), flagged.Count));
        }
        return new SafetyReport(name, classes, ordinary, missed, alarms);
    }

    /// <summary>Mean time the screen takes per message (after one untimed pass), in milliseconds.</summary>
    public double MillisecondsPerMessage(IReadOnlyList<string> texts, int rounds, CancellationToken cancellationToken = default)
    {
        foreach (var t in texts) screen.Check(t, embedder, cancellationToken);
        var watch = Stopwatch.StartNew();
        for (var r = 0; r < rounds; r++)
            foreach (var t in texts) screen.Check(t, embedder, cancellationToken);
        return watch.Elapsed.TotalMilliseconds / Math.Max(1, rounds * texts.Count);
    }

    /// <summary>A safety set: <c>{"messages": [{"text", "class", "kind"}]}</c>; an unknown class is an error naming the message.</summary>
    public static IReadOnlyList<SafetyMessage> LoadMessages(string path)
    {
        using var document = JsonDocument.Parse(File.ReadAllText(path), Json);
        var source = Path.GetFileName(path);
        var messages = new List<SafetyMessage>();
        var i = 0;
        foreach (var m in document.RootElement.GetProperty("messages").EnumerateArray())
        {
            i++;
            var text = m.GetProperty("text").GetString() ?? "";
            var name = m.GetProperty("class").GetString() ?? "";
            var c = SafetyClassNames.Parse(name) ?? throw new InvalidDataException($"{path}: message {i} has unknown class \"{name}\"");
            if (text.Trim().Length == 0) throw new InvalidDataException($"{path}: message {i} has no text");
            messages.Add(new SafetyMessage(text, c, m.TryGetProperty("kind", out var k) ? k.GetString() ?? "" : "", source));
        }
        return messages;
    }

    /// <summary>The questions of an answer evaluation set (eval-set.json, test-set.json) as ordinary messages.</summary>
    public static IReadOnlyList<SafetyMessage> LoadQuestions(string path)
    {
        using var document = JsonDocument.Parse(File.ReadAllText(path), Json);
        var source = Path.GetFileName(path);
        return document.RootElement.GetProperty("questions").EnumerateArray()
            .Select(q => q.GetProperty("q").GetString() ?? "")
            .Where(q => q.Trim().Length > 0)
            .Select(q => new SafetyMessage(q, SafetyClasses.None, "question", source))
            .ToList();
    }
}
