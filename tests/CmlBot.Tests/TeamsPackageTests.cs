using System.IO.Compression;
using System.Text.RegularExpressions;
using CmlBot.Cli;
using CmlBot.Teams;
using Microsoft.Extensions.Configuration;
using Newtonsoft.Json.Linq;

namespace CmlBot.Tests;

/// <summary>The Teams app package folder and the <c>teams-package</c> verb: validation errors and the zip.</summary>
public sealed partial class TeamsPackageTests : IDisposable
{
    private const string AppId = "00000000-1111-2222-3333-444444444444";
    private static readonly string Folder = Path.Combine(RepoRoot.Path, "src", "CmlBot.TeamsApp");
    private readonly string _temp = Directory.CreateTempSubdirectory("cmlbot-teams-").FullName;

    public void Dispose() => Directory.Delete(_temp, recursive: true);

    private static readonly string[] Valid =
    [
        $"--MicrosoftAppId={AppId}",
        "--Teams:WebsiteUrl=https://example.org/cmlbot",
        "--Teams:PrivacyUrl=https://example.org/cmlbot/privacy",
        "--Teams:TermsOfUseUrl=https://example.org/cmlbot/terms",
    ];

    private async Task<(int Exit, string Output, string Error)> RunAsync(IEnumerable<string> settings, params string[] args)
    {
        // Settings as the verb gets them: "--Key=value" overrides of appsettings.json.
        var configuration = new ConfigurationBuilder()
            .SetBasePath(RepoRoot.Path)
            .AddJsonFile("appsettings.json")
            .AddCommandLine(settings.ToArray())
            .Build();
        using var output = new StringWriter();
        using var error = new StringWriter();
        var exit = await TeamsPackageCommand.RunAsync(configuration, RepoRoot.Path, args, output, error);
        return (exit, output.ToString(), error.ToString());
    }

    private string CopyFolder(Action<JObject>? editManifest = null)
    {
        var copy = Path.Combine(_temp, "package");
        Directory.CreateDirectory(copy);
        foreach (var file in Directory.GetFiles(Folder)) File.Copy(file, Path.Combine(copy, Path.GetFileName(file)));
        if (editManifest is not null)
        {
            var manifest = JObject.Parse(File.ReadAllText(Path.Combine(copy, "manifest.json")));
            editManifest(manifest);
            File.WriteAllText(Path.Combine(copy, "manifest.json"), manifest.ToString());
        }
        return copy;
    }

    [Fact]
    public async Task With_the_ids_configured_the_verb_writes_a_zip_with_the_filled_manifest_and_icons()
    {
        var zip = Path.Combine(_temp, "out", "CmlBot.zip");
        var (exit, output, error) = await RunAsync(Valid, "--out", zip);

        Assert.True(exit == 0, error);
        Assert.Contains(zip, output, StringComparison.Ordinal);
        using var archive = ZipFile.OpenRead(zip);
        Assert.Equal(["color.png", "manifest.json", "outline.png"], archive.Entries.Select(e => e.FullName).Order(StringComparer.Ordinal));
        using var reader = new StreamReader(archive.GetEntry("manifest.json")!.Open());
        var manifest = JObject.Parse(await reader.ReadToEndAsync());
        Assert.Equal(AppId, (string?)manifest["id"]);
        Assert.Equal(AppId, (string?)manifest["bots"]![0]!["botId"]);
        Assert.Equal(["personal", "team", "groupChat"], manifest["bots"]![0]!["scopes"]!.Values<string>());
        Assert.DoesNotContain("{{", manifest.ToString(), StringComparison.Ordinal);

        // The same inputs give the same zip, byte for byte.
        var again = Path.Combine(_temp, "out", "again.zip");
        Assert.Equal(0, (await RunAsync(Valid, "--out", again)).Exit);
        Assert.Equal(await File.ReadAllBytesAsync(zip), await File.ReadAllBytesAsync(again));
    }

    [Fact]
    public async Task Teams_AppId_overrides_the_bot_id_for_the_app_id()
    {
        const string other = "99999999-8888-7777-6666-555555555555";
        var zip = Path.Combine(_temp, "app-id.zip");
        Assert.Equal(0, (await RunAsync(Valid.Append($"--Teams:AppId={other}"), "--out", zip)).Exit);
        using var archive = ZipFile.OpenRead(zip);
        using var reader = new StreamReader(archive.GetEntry("manifest.json")!.Open());
        var manifest = JObject.Parse(await reader.ReadToEndAsync());
        Assert.Equal(other, (string?)manifest["id"]);
        Assert.Equal(AppId, (string?)manifest["bots"]![0]!["botId"]);
    }

    [Fact]
    public async Task Without_an_app_id_the_verb_fails_naming_the_file_the_field_and_the_setting()
    {
        var zip = Path.Combine(_temp, "none.zip");
        var (exit, _, error) = await RunAsync(Valid.Skip(1), "--out", zip);
        Assert.Equal(1, exit);
        Assert.Contains("manifest.json: {{AppId}}: no value: set Teams:AppId or MicrosoftAppId", error, StringComparison.Ordinal);
        Assert.Contains("manifest.json: {{BotId}}: no value: set MicrosoftAppId", error, StringComparison.Ordinal);
        Assert.Contains("manifest.json: id: must not be empty", error, StringComparison.Ordinal);
        Assert.False(File.Exists(zip));
    }

    [Fact]
    public async Task An_id_that_is_not_a_GUID_is_an_error()
    {
        var (exit, _, error) = await RunAsync(Valid.Append("--MicrosoftAppId=cmlbot"), "--out", Path.Combine(_temp, "x.zip"));
        Assert.Equal(1, exit);
        Assert.Contains("manifest.json: id: 'cmlbot' is not a GUID", error, StringComparison.Ordinal);
        Assert.Contains("manifest.json: bots[0].botId: 'cmlbot' is not a GUID", error, StringComparison.Ordinal);
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
    public async Task A_missing_required_field_is_named(string field, string expected)
    {
        var folder = CopyFolder(m => m.SelectToken(field)!.Parent!.Remove());
        var (exit, _, error) = await RunAsync(Valid, "--folder", folder, "--out", Path.Combine(_temp, "x.zip"));
        Assert.Equal(1, exit);
        Assert.Contains(expected, error, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Wrong_values_are_named_with_their_field()
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
        var (exit, _, error) = await RunAsync(Valid, "--folder", folder, "--out", Path.Combine(_temp, "x.zip"));
        Assert.Equal(1, exit);
        Assert.Contains("manifest.json: name.short: is 31 characters long; at most 30", error, StringComparison.Ordinal);
        Assert.Contains("manifest.json: accentColor: 'blue' is not an HTML colour", error, StringComparison.Ordinal);
        Assert.Contains("manifest.json: version: 'one' is not a semantic version", error, StringComparison.Ordinal);
        Assert.Contains("manifest.json: bots[0].scopes: 'groupchat' is not a bot scope", error, StringComparison.Ordinal);
        Assert.Contains("manifest.json: bots[0].scopes: lacks 'team'", error, StringComparison.Ordinal);
        Assert.Contains("manifest.json: developer.privacyUrl: 'http://example.org/privacy' is not an https URL", error, StringComparison.Ordinal);
        Assert.Contains("manifest.json: manifestVersion: '1.5' is not a current manifest schema version", error, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Icons_of_the_wrong_size_or_without_transparency_are_errors()
    {
        var folder = CopyFolder();
        await File.WriteAllBytesAsync(Path.Combine(folder, "color.png"), Png.Encode(100, 100, new byte[100 * 100 * 4]));
        var opaque = Enumerable.Repeat((byte)255, 32 * 32 * 4).ToArray();
        for (var i = 0; i < opaque.Length; i += 4) opaque[i] = 0; // cyan, fully opaque
        await File.WriteAllBytesAsync(Path.Combine(folder, "outline.png"), Png.Encode(32, 32, opaque));
        var (exit, _, error) = await RunAsync(Valid, "--folder", folder, "--out", Path.Combine(_temp, "x.zip"));
        Assert.Equal(1, exit);
        Assert.Contains("color.png: IHDR: is 100×100 pixels; the color icon must be 192×192", error, StringComparison.Ordinal);
        Assert.Contains("outline.png: pixels: no transparent pixel", error, StringComparison.Ordinal);
        Assert.Contains("outline.png: pixels: 1024 visible pixels are not white", error, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_missing_or_broken_icon_file_is_an_error()
    {
        var folder = CopyFolder(m => m["icons"]!["color"] = "missing.png");
        await File.WriteAllTextAsync(Path.Combine(folder, "outline.png"), "not a png");
        var (exit, _, error) = await RunAsync(Valid, "--folder", folder, "--out", Path.Combine(_temp, "x.zip"));
        Assert.Equal(1, exit);
        Assert.Contains("manifest.json: icons.color: 'missing.png' not found", error, StringComparison.Ordinal);
        Assert.Contains("outline.png: not a PNG file", error, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Malformed_json_and_unknown_placeholders_are_errors()
    {
        var folder = CopyFolder();
        var path = Path.Combine(folder, "manifest.json");
        await File.WriteAllTextAsync(path, (await File.ReadAllTextAsync(path)).Replace("\"CmlBot\",", "\"{{Nope}}\",", StringComparison.Ordinal));
        var (exit, _, error) = await RunAsync(Valid, "--folder", folder, "--out", Path.Combine(_temp, "x.zip"));
        Assert.Equal(1, exit);
        Assert.Contains("manifest.json: {{Nope}}: unknown placeholder", error, StringComparison.Ordinal);

        await File.WriteAllTextAsync(path, "{ \"id\": ");
        (exit, _, error) = await RunAsync(Valid, "--folder", folder, "--out", Path.Combine(_temp, "x.zip"));
        Assert.Equal(1, exit);
        Assert.Contains("manifest.json: not valid JSON", error, StringComparison.Ordinal);
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

    [Fact]
    public void The_verb_is_in_the_usage()
    {
        Assert.True(CommandLine.IsVerb("teams-package"));
        Assert.Contains("CmlBot teams-package", CommandLine.Usage, StringComparison.Ordinal);
    }

    [Fact]
    public async Task An_unknown_argument_is_a_usage_error()
    {
        var (exit, _, error) = await RunAsync(Valid, "--bogus");
        Assert.Equal(2, exit);
        Assert.Contains("unknown argument '--bogus'", error, StringComparison.Ordinal);
    }
}
