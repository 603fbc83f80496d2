using System.Reflection;
using System.Text.Json;
using CmlBot.Bot;
using CmlBot.Bot.Feedback;
using CmlBot.Core.Answers;
using CmlBot.Core.Retrieval;
using CmlBot.Core.Understanding;
using CmlBot.Core.Corpus;
using CmlBot.DirectLine;
using CmlBot.Hosting;
using CmlBot.Storage;

namespace CmlBot.Tests;

/// <summary>
/// Code defaults equal appsettings.json: each section of the file is read into its options class's shape and
/// compared, setting by setting (nested sections too), with a <c>new T()</c>. A setting in one place only fails too.
/// </summary>
public sealed class OptionDefaultsTests
{
    /// <summary>The sections compared, with the class each binds to. A new section needs one line here.</summary>
    private static readonly Dictionary<string, Type> Compared = new(StringComparer.Ordinal)
    {
        ["Corpus"] = typeof(CorpusOptions),
        ["Bot"] = typeof(BotOptions),
        ["Teams"] = typeof(TeamsOptions),
        ["DirectLine"] = typeof(DirectLineOptions),
        ["Hosting"] = typeof(HostingOptions),
        ["Hosting:ForwardedHeaders"] = typeof(ForwardedHeadersSettings),
        ["Storage"] = typeof(StorageOptions),
        ["Transcripts"] = typeof(TranscriptRecordingOptions),
        ["Retrieval"] = typeof(RetrievalOptions),
        ["Answers"] = typeof(AnswerOptions),
        ["Understanding"] = typeof(UnderstandingOptions),
        ["Feedback"] = typeof(FeedbackOptions),
    };

    /// <summary>Read by Bot Framework and ASP.NET Core themselves, not by an options class of ours.</summary>
    private static readonly string[] FrameworkSettings = ["MicrosoftAppType", "MicrosoftAppId", "MicrosoftAppPassword", "MicrosoftAppTenantId", "Logging"];

    /// <summary>
    /// Lists whose code default is empty while appsettings.json holds items: the configuration binder appends what it
    /// reads to a list that already has items, so a non-empty default would be added to every configured list.
    /// </summary>
    private static readonly Dictionary<string, string> ListsEmptyInCode = new(StringComparer.Ordinal)
    {
        ["Bot:ExampleQuestions"] = "empty means BotOptions' own four examples (compared below)",
        ["Hosting:ForwardedHeaders:KnownProxies"] = "inert while Enabled is false (its default)",
    };

    public static TheoryData<string> Sections() => new(Compared.Keys);

    [Theory]
    [MemberData(nameof(Sections))]
    public void Code_defaults_equal_appsettings_json(string section)
    {
        var file = AppSettings();
        var json = section.Split(':').Aggregate(file, (element, key) => element.GetProperty(key));
        var defaults = JsonSerializer.SerializeToElement(Activator.CreateInstance(Compared[section]));
        var differences = new List<string>();
        Compare(section, json, defaults, Compared[section], differences);
        Assert.True(differences.Count == 0, string.Join(Environment.NewLine, differences));
    }

    [Fact]
    public void Every_section_of_appsettings_json_is_compared_or_listed()
    {
        var accounted = Compared.Keys.Where(k => !k.Contains(':', StringComparison.Ordinal)).Concat(FrameworkSettings).ToHashSet();
        var unlisted = AppSettings().EnumerateObject().Select(p => p.Name).Where(n => !accounted.Contains(n)).ToList();
        Assert.True(unlisted.Count == 0, $"appsettings.json sections with no options class in this test: {string.Join(", ", unlisted)}");
    }

    [Fact]
    public void The_example_questions_of_appsettings_json_are_the_built_in_ones()
    {
        var configured = AppSettings().GetProperty("Bot").GetProperty("ExampleQuestions").EnumerateArray().Select(e => e.GetString()!).ToList();
        Assert.Equal(configured, new BotOptions().Examples);
    }

    private static JsonElement AppSettings()
    {
        using var document = JsonDocument.Parse(File.ReadAllText(Path.Combine(RepoRoot.Path, "appsettings.json")));
        return document.RootElement.Clone();
    }

    private static void Compare(string path, JsonElement configured, JsonElement defaults, Type type, List<string> differences)
    {
        var settable = type.GetProperties(BindingFlags.Public | BindingFlags.Instance).Where(p => p.SetMethod is { IsPublic: true })
            .ToDictionary(p => p.Name, StringComparer.OrdinalIgnoreCase);
        foreach (var setting in configured.EnumerateObject())
        {
            var key = $"{path}:{setting.Name}";
            if (Compared.ContainsKey(key)) continue; // a section of its own
            if (!settable.TryGetValue(setting.Name, out var property))
            {
                differences.Add($"{key} is in appsettings.json but {type.Name} has no such setting");
                continue;
            }
            var value = defaults.GetProperty(property.Name);
            if (ListsEmptyInCode.ContainsKey(key))
            {
                if (value.GetArrayLength() != 0) differences.Add($"{key}: a list's code default must be empty ({ListsEmptyInCode[key]})");
            }
            else if (setting.Value.ValueKind == JsonValueKind.Object)
                Compare(key, setting.Value, value, property.PropertyType, differences);
            else if (!SameValue(setting.Value, value))
                differences.Add($"{key}: appsettings.json says {setting.Value.GetRawText()}, the code default is {value.GetRawText()}");
        }
        foreach (var name in settable.Keys.Where(n => !configured.EnumerateObject().Any(p => string.Equals(p.Name, n, StringComparison.OrdinalIgnoreCase))))
            differences.Add($"{path}:{name} has a code default ({defaults.GetProperty(name).GetRawText()}) but is not in appsettings.json");
    }

    private static bool SameValue(JsonElement a, JsonElement b) => (a.ValueKind, b.ValueKind) switch
    {
        (JsonValueKind.Number, JsonValueKind.Number) => a.GetDecimal() == b.GetDecimal(),
        (JsonValueKind.String, JsonValueKind.String) => a.GetString() == b.GetString(),
        (JsonValueKind.Array, JsonValueKind.Array) => a.GetArrayLength() == b.GetArrayLength()
                                                      && a.EnumerateArray().Zip(b.EnumerateArray()).All(p => SameValue(p.First, p.Second)),
        _ => a.ValueKind == b.ValueKind && a.GetRawText() == b.GetRawText(),
    };
}
