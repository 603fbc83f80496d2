using System.Globalization;
using System.Xml.Linq;
using Microsoft.Bot.Schema;
using Newtonsoft.Json;
using Newtonsoft.Json.Linq;

namespace CmlBot.Transcripts;

/// <summary>
/// The <c>replay</c> command: files and folders in, a report out. Exit code 0 when every case passes,
/// 1 on any mismatch, 2 when a file cannot be read (its path and position are named).
/// </summary>
public sealed class ReplayRunner(TranscriptReplayer replayer, TextWriter output)
{
    public const int AllPassed = 0;
    public const int SomeFailed = 1;
    public const int Unreadable = 2;

    public static IReadOnlyList<string> FindCases(IEnumerable<string> paths) =>
        paths.SelectMany(p => Directory.Exists(p)
                ? Directory.EnumerateFiles(p, "*.*", SearchOption.AllDirectories).Where(IsCaseFile).Order(StringComparer.Ordinal)
                : (IEnumerable<string>)[p])
            .ToList();

    private static bool IsCaseFile(string path) =>
        path.EndsWith(".transcript", StringComparison.OrdinalIgnoreCase) || path.EndsWith(".chat", StringComparison.OrdinalIgnoreCase);

    public static TranscriptCase Read(string path) =>
        !File.Exists(path) ? throw new TranscriptFormatException(path, 0, 0, "no such file")
        : path.EndsWith(".chat", StringComparison.OrdinalIgnoreCase) ? ChatFileParser.Read(path)
        : TranscriptReader.Read(path);

    public async Task<int> RunAsync(IReadOnlyList<string> paths, string? junitPath, bool update, CancellationToken cancellationToken)
    {
        var files = FindCases(paths);
        var results = new List<(string Path, ReplayResult? Result, string? Error)>();
        foreach (var file in files)
        {
            TranscriptCase c;
            try { c = Read(file); }
            catch (TranscriptFormatException e)
            {
                results.Add((file, null, e.Message));
                await output.WriteLineAsync($"ERROR {e.Message}");
                continue;
            }
            var result = await replayer.ReplayAsync(c, cancellationToken);
            results.Add((file, result, null));
            await Report(result);
            if (update && !result.Passed)
            {
                if (c.IsChatFile) await output.WriteLineAsync($"  not updated: {file} is a hand-written case; edit it if the change is intended");
                else { Update(file, result); await output.WriteLineAsync($"  updated {file} with the bot's current replies"); }
            }
        }

        var passed = results.Count(r => r.Result?.Passed == true);
        var failed = results.Count(r => r.Result is { Passed: false });
        var unreadable = results.Count(r => r.Error is not null);
        await output.WriteLineAsync($"{results.Count} case(s): {passed} passed, {failed} failed{(unreadable > 0 ? $", {unreadable} unreadable" : "")}");
        if (files.Count == 0) await output.WriteLineAsync("no .transcript or .chat file found");
        if (junitPath is not null) WriteJunit(junitPath, results);
        return unreadable > 0 || files.Count == 0 ? Unreadable : failed > 0 && !update ? SomeFailed : AllPassed;
    }

    private async Task Report(ReplayResult result)
    {
        var c = result.Case;
        if (result.Passed)
        {
            await output.WriteLineAsync($"PASS {c.Path} ({c.Turns.Count} turns)");
            return;
        }
        await output.WriteLineAsync($"FAIL {c.Path}");
        foreach (var group in result.Mismatches.GroupBy(m => m.Turn))
        {
            await output.WriteLineAsync($"  turn {group.Key}, the user sent {group.First().UserSaid}");
            foreach (var m in group) await output.WriteLineAsync(Describe(m));
        }
    }

    public static string Describe(Mismatch m)
    {
        var lines = new List<string> { $"    reply {m.Reply}: {m.What}" };
        if (m.What == "text differs")
            lines.AddRange(TextDiff.Lines(m.Expected, m.Actual).Select(l => "      " + l));
        else
        {
            lines.Add($"      expected: {m.Expected.Replace("\n", "\n                ", StringComparison.Ordinal)}");
            lines.Add($"      actual:   {m.Actual.Replace("\n", "\n                ", StringComparison.Ordinal)}");
        }
        return string.Join(Environment.NewLine, lines);
    }

    /// <summary>Rewrites the bot's turns of a recorded transcript from the current bot, keeping the user's activities as recorded.</summary>
    private static void Update(string path, ReplayResult result)
    {
        var (activities, objectShape) = TranscriptReader.Load(path);
        // The same turns the replay counted, so each user activity meets its own replies.
        var users = TranscriptReader.UserTurns(activities);
        var output = new JArray();
        for (var i = 0; i < users.Count; i++)
        {
            output.Add(users[i].Json);
            foreach (var reply in result.ActualReplies[i])
            {
                var copy = JObject.FromObject(reply, TranscriptReader.Serializer);
                copy["from"] ??= JObject.FromObject(new ChannelAccount(users[i].Activity.Recipient?.Id ?? "bot", users[i].Activity.Recipient?.Name ?? "Bot", RoleTypes.Bot), TranscriptReader.Serializer);
                copy["from"]!["role"] = RoleTypes.Bot;
                output.Add(copy);
            }
        }
        JToken root = objectShape ? new JObject { ["transcript"] = output } : output;
        File.WriteAllText(path, root.ToString(Formatting.Indented) + Environment.NewLine);
    }

    private static void WriteJunit(string path, List<(string Path, ReplayResult? Result, string? Error)> results)
    {
        var cases = results.Select(r =>
        {
            var element = new XElement("testcase", new XAttribute("classname", "transcripts"), new XAttribute("name", r.Path), new XAttribute("time", "0"));
            if (r.Error is not null)
                element.Add(new XElement("error", new XAttribute("message", r.Error), r.Error));
            else if (r.Result is { Passed: false } failed)
                element.Add(new XElement("failure",
                    new XAttribute("message", $"{failed.Mismatches.Count} mismatch(es), first at turn {failed.Mismatches[0].Turn}: {failed.Mismatches[0].What}"),
                    string.Join(Environment.NewLine, failed.Mismatches.Select(m => $"turn {m.Turn} ({m.UserSaid}){Environment.NewLine}{Describe(m)}"))));
            return element;
        }).ToList();
        var failures = results.Count(r => r.Result is { Passed: false }).ToString(CultureInfo.InvariantCulture);
        var errors = results.Count(r => r.Error is not null).ToString(CultureInfo.InvariantCulture);
        var suite = new XElement("testsuite", new XAttribute("name", "CmlBot transcripts"), new XAttribute("tests", results.Count),
            new XAttribute("failures", failures), new XAttribute("errors", errors), cases);
        var directory = Path.GetDirectoryName(Path.GetFullPath(path));
        if (directory is not null) Directory.CreateDirectory(directory);
        new XDocument(new XElement("testsuites", suite)).Save(path);
    }
}
