using System.Text.RegularExpressions;
using Newtonsoft.Json.Linq;

namespace CmlBot.TeamsApp.Tests;

/// <summary>The Teams app package folder: its checks (file, field, what is wrong), the template and the drawn icons.</summary>
public sealed partial class TeamsPackageTests : IDisposable
{
    private const string AppId = "00000000-1111-2222-3333-444444444444";
    private static readonly string Folder = Path.Combine(RepoRoot.Path, "src", "CmlBot.TeamsApp");
    private readonly string _temp = Directory.CreateTempSubdirectory("cmlbot-teams-").FullName;

    public void Dispose() => Directory.Delete(_temp, recursive: true);

    private static readonly TeamsPackageSettings Valid = new(
        BotId: AppId,
        AppId: "",
        AppVersion: "1.0.0",
        DeveloperName: "CmlBot",
        WebsiteUrl: "https://example.org/cmlbot",
        PrivacyUrl: "https://example.org/cmlbot/privacy",
        TermsOfUseUrl: "https://example.org/cmlbot/terms");

    /// <summary>The problems with the package in <paramref name="folder"/>, one line each as the verb prints them.</summary>
    private static string Problems(string folder, TeamsPackageSettings? settings = null) =>
        string.Join('\n', TeamsPackage.Validate(folder, settings ?? Valid).Problems);

    private string CopyFolder(Action<JObject>? editManifest = null)
    {
        var copy = Path.Combine(_temp, "package");
        Directory.CreateDirectory(copy);
        foreach (var name in new[] { "manifest.json", "color.png", "outline.png" })
            File.Copy(Path.Combine(Folder, name), Path.Combine(copy, name));
        if (editManifest is not null)
        {
            var manifest = JObject.Parse(File.ReadAllText(Path.Combine(copy, "manifest.json")));
            editManifest(manifest);
            File.WriteAllText(Path.Combine(copy, "manifest.json"), manifest.ToString());
        }
        return copy;
    }

    [Fact]
    public void The_committed_package_with_the_ids_configured_has_no_problem()
    {
        var (problems, manifest) = TeamsPackage.Validate(Folder, Valid);
        Assert.Empty(problems);
        Assert.NotNull(manifest);
        Assert.DoesNotContain("{{", manifest, StringComparison.Ordinal);
    }

    [Fact]
    public void An_id_that_is_not_a_GUID_is_an_error()
    {
        var problems = Problems(Folder, Valid with { BotId = "cmlbot" });
        Assert.Contains("manifest.json: id: 'cmlbot' is not a GUID", problems, StringComparison.Ordinal);
        Assert.Contains("manifest.json: bots[0].botId: 'cmlbot' is not a GUID", problems, StringComparison.Ordinal);
    }

    public static TheoryData<string, string> BrokenManifests => new()
    {
        { "description.full", "manifest.json: description.full: required field is missing" },
        { "name.short", "manifest.json: name.short: required field is missing" },
        { "icons.outline", "manifest.json: icons.outline: required field is missing" },
        { "developer", "manifest.json: developer.name: required field is missing" },
        { "accentColor", "manifest.json: accentColor: required field is missing" },
    };

    [Theory]
    [MemberData(nameof(BrokenManifests))]
    public void A_missing_required_field_is_named(string field, string expected)
    {
        var folder = CopyFolder(m => m.SelectToken(field)!.Parent!.Remove());
        Assert.Contains(expected, Problems(folder), StringComparison.Ordinal);
    }

    [Fact]
    public void Wrong_values_are_named_with_their_field()
    {
        var folder = CopyFolder(m =>
        {
            m["name"]!["short"] = new string('x', 31);
            m["accentColor"] = "blue";
            m["version"] = "one";
            m["bots"]![0]!["scopes"] = new JArray("personal", "groupchat");
            m["developer"]!["privacyUrl"] = "http://example.org/privacy";
            m["manifestVersion"] = "1.5";
        });
        var problems = Problems(folder);
        Assert.Contains("manifest.json: name.short: is 31 characters long; at most 30", problems, StringComparison.Ordinal);
        Assert.Contains("manifest.json: accentColor: 'blue' is not an HTML colour", problems, StringComparison.Ordinal);
        Assert.Contains("manifest.json: version: 'one' is not a semantic version", problems, StringComparison.Ordinal);
        Assert.Contains("manifest.json: bots[0].scopes: 'groupchat' is not a bot scope", problems, StringComparison.Ordinal);
        Assert.Contains("manifest.json: bots[0].scopes: lacks 'team'", problems, StringComparison.Ordinal);
        Assert.Contains("manifest.json: developer.privacyUrl: 'http://example.org/privacy' is not an https URL", problems, StringComparison.Ordinal);
        Assert.Contains("manifest.json: manifestVersion: '1.5' is not a current manifest schema version", problems, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Icons_of_the_wrong_size_or_without_transparency_are_errors()
    {
        var folder = CopyFolder();
        await File.WriteAllBytesAsync(Path.Combine(folder, "color.png"), Png.Encode(100, 100, new byte[100 * 100 * 4]));
        var opaque = Enumerable.Repeat((byte)255, 32 * 32 * 4).ToArray();
        for (var i = 0; i < opaque.Length; i += 4) opaque[i] = 0; // cyan, fully opaque
        await File.WriteAllBytesAsync(Path.Combine(folder, "outline.png"), Png.Encode(32, 32, opaque));
        var problems = Problems(folder);
        Assert.Contains("color.png: IHDR: is 100×100 pixels; the color icon must be 192×192", problems, StringComparison.Ordinal);
        Assert.Contains("outline.png: pixels: no transparent pixel", problems, StringComparison.Ordinal);
        Assert.Contains("outline.png: pixels: 1024 visible pixels are not white", problems, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_missing_or_broken_icon_file_is_an_error()
    {
        var folder = CopyFolder(m => m["icons"]!["color"] = "missing.png");
        await File.WriteAllTextAsync(Path.Combine(folder, "outline.png"), "not a png");
        var problems = Problems(folder);
        Assert.Contains("manifest.json: icons.color: 'missing.png' not found", problems, StringComparison.Ordinal);
        Assert.Contains("outline.png: not a PNG file", problems, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Malformed_json_and_unknown_placeholders_are_errors()
    {
        var folder = CopyFolder();
        var path = Path.Combine(folder, "manifest.json");
        await File.WriteAllTextAsync(path, (await File.ReadAllTextAsync(path)).Replace("\"CmlBot\",", "\"{{Nope}}\",", StringComparison.Ordinal));
        Assert.Contains("manifest.json: {{Nope}}: unknown placeholder", Problems(folder), StringComparison.Ordinal);

        await File.WriteAllTextAsync(path, "{ \"id\": ");
        Assert.Contains("manifest.json: not valid JSON", Problems(folder), StringComparison.Ordinal);
    }

    [Fact]
    public void The_committed_icons_have_Teams_sizes_and_are_the_drawn_ones()
    {
        var color = File.ReadAllBytes(Path.Combine(Folder, "color.png"));
        var outline = File.ReadAllBytes(Path.Combine(Folder, "outline.png"));
        var c = Png.Read(color);
        var o = Png.Read(outline);
        Assert.Equal((192, 192), (c.Width, c.Height));
        Assert.Equal((32, 32), (o.Width, o.Height));
        Assert.True(o.HasAlpha);
        // Drawn again, pixel for pixel the same (compared decoded, so a zlib change cannot break it).
        Assert.Equal(c.Rgba, Png.Read(TeamsIcons.Color()).Rgba);
        Assert.Equal(o.Rgba, Png.Read(TeamsIcons.Outline()).Rgba);
    }

    [GeneratedRegex(@"[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}")]
    private static partial Regex GuidRx();

    [Fact]
    public void The_manifest_template_takes_its_ids_from_configuration()
    {
        var template = File.ReadAllText(Path.Combine(Folder, "manifest.json"));
        Assert.DoesNotMatch(GuidRx(), template);
        Assert.Contains("\"id\": \"{{AppId}}\"", template, StringComparison.Ordinal);
        Assert.Contains("\"botId\": \"{{BotId}}\"", template, StringComparison.Ordinal);
    }
}
