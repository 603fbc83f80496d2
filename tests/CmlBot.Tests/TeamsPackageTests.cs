using System.IO.Compression;
using CmlBot.Cli;
using Microsoft.Extensions.Configuration;
using Newtonsoft.Json.Linq;

namespace CmlBot.Tests;

/// <summary>
/// The <c>teams-package</c> verb: settings from configuration, the zip it writes, and its exit codes. The package's
/// checks one by one are in tests/CmlBot.TeamsApp.Tests.
/// </summary>
public sealed class TeamsPackageTests : IDisposable
{
    private const string AppId = "00000000-1111-2222-3333-444444444444";
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
    public async Task The_folder_argument_names_the_package_folder_and_its_problems_stop_the_zip()
    {
        var folder = Path.Combine(_temp, "package");
        Directory.CreateDirectory(folder);
        foreach (var name in new[] { "manifest.json", "color.png", "outline.png" })
            File.Copy(Path.Combine(RepoRoot.Path, "src", "CmlBot.TeamsApp", name), Path.Combine(folder, name));
        await File.WriteAllTextAsync(Path.Combine(folder, "outline.png"), "not a png");
        var zip = Path.Combine(_temp, "x.zip");
        var (exit, _, error) = await RunAsync(Valid, "--folder", folder, "--out", zip);
        Assert.Equal(1, exit);
        Assert.Contains("error: outline.png: not a PNG file", error, StringComparison.Ordinal);
        Assert.Contains($"1 problem(s) in {folder}; no package written.", error, StringComparison.Ordinal);
        Assert.False(File.Exists(zip));
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
