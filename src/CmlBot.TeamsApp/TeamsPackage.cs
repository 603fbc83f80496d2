using System.IO.Compression;
using System.Text.RegularExpressions;
using Newtonsoft.Json;
using Newtonsoft.Json.Linq;

namespace CmlBot.TeamsApp;

/// <summary>One thing wrong with the app package: the file, the field in it, and what is wrong.</summary>
public sealed record PackageProblem(string File, string Field, string Message)
{
    public override string ToString() => Field.Length > 0 ? $"{File}: {Field}: {Message}" : $"{File}: {Message}";
}

/// <summary>
/// The configured values the manifest template's placeholders take: the bot's <c>MicrosoftAppId</c> and the
/// package settings of the "Teams" section. An empty <paramref name="AppId"/> means the bot's id.
/// </summary>
public sealed record TeamsPackageSettings(
    string BotId, string AppId, string AppVersion, string DeveloperName, string WebsiteUrl, string PrivacyUrl, string TermsOfUseUrl);

/// <summary>
/// The Teams app package: <c>manifest.json</c> (a template whose <c>{{…}}</c> placeholders are filled from
/// configuration: the app and bot ids are never written into the repository) and the two icons, checked
/// against the rules of the Teams app manifest schema and zipped for sideloading.
/// </summary>
public static partial class TeamsPackage
{
    public const string ManifestFile = "manifest.json";
    public static readonly string[] RequiredScopes = ["personal", "team", "groupChat"];
    private static readonly string[] KnownScopes = ["personal", "team", "groupChat", "copilot"];

    [GeneratedRegex(@"\{\{\s*([A-Za-z]+)\s*\}\}")]
    private static partial Regex PlaceholderRx();

    [GeneratedRegex(@"^#[0-9A-Fa-f]{6}$")]
    private static partial Regex HexColorRx();

    [GeneratedRegex(@"^(0|[1-9]\d*)\.(0|[1-9]\d*)\.(0|[1-9]\d*)(-[0-9A-Za-z.-]+)?(\+[0-9A-Za-z.-]+)?$")]
    private static partial Regex SemverRx();

    /// <summary>The values the template's placeholders take, by name, and the setting each comes from.</summary>
    public static IReadOnlyDictionary<string, (string Value, string Setting)> Values(TeamsPackageSettings teams)
    {
        var botId = teams.BotId;
        return new Dictionary<string, (string, string)>(StringComparer.Ordinal)
        {
            ["AppId"] = (teams.AppId.Length > 0 ? teams.AppId : botId, teams.AppId.Length > 0 ? "Teams:AppId" : "Teams:AppId or MicrosoftAppId"),
            ["BotId"] = (botId, "MicrosoftAppId"),
            ["AppVersion"] = (teams.AppVersion, "Teams:AppVersion"),
            ["DeveloperName"] = (teams.DeveloperName, "Teams:DeveloperName"),
            ["WebsiteUrl"] = (teams.WebsiteUrl, "Teams:WebsiteUrl"),
            ["PrivacyUrl"] = (teams.PrivacyUrl, "Teams:PrivacyUrl"),
            ["TermsOfUseUrl"] = (teams.TermsOfUseUrl, "Teams:TermsOfUseUrl"),
        };
    }

    /// <summary>The manifest with its placeholders filled; an unknown placeholder is left as it is (and reported).</summary>
    public static string Fill(string template, IReadOnlyDictionary<string, (string Value, string Setting)> values) =>
        PlaceholderRx().Replace(template, m => values.TryGetValue(m.Groups[1].Value, out var v) ? JsonEscape(v.Value) : m.Value);

    private static string JsonEscape(string value) => JsonConvert.ToString(value)[1..^1];

    /// <summary>Every problem with the package in <paramref name="folder"/>, and the filled manifest when it parsed.</summary>
    public static (IReadOnlyList<PackageProblem> Problems, string? Manifest) Validate(string folder, TeamsPackageSettings teams)
    {
        var problems = new List<PackageProblem>();
        var manifestPath = Path.Combine(folder, ManifestFile);
        if (!File.Exists(manifestPath))
        {
            problems.Add(new(manifestPath, "", "not found"));
            return (problems, null);
        }
        var values = Values(teams);
        var template = File.ReadAllText(manifestPath);
        foreach (Match m in PlaceholderRx().Matches(template))
        {
            var name = m.Groups[1].Value;
            if (!values.TryGetValue(name, out var v))
                problems.Add(new(ManifestFile, m.Value, $"unknown placeholder (known: {string.Join(", ", values.Keys)})"));
            else if (string.IsNullOrWhiteSpace(v.Value))
                problems.Add(new(ManifestFile, m.Value, $"no value: set {v.Setting} in appsettings.json or the environment"));
        }
        var filled = Fill(template, values);
        JObject manifest;
        try
        {
            manifest = JObject.Parse(filled);
        }
        catch (JsonReaderException e)
        {
            problems.Add(new(ManifestFile, "", $"not valid JSON: {e.Message}"));
            return (problems, null);
        }

        void Problem(string field, string message) => problems.Add(new(ManifestFile, field, message));
        string? Text(string path, int maxLength, bool required = true)
        {
            var token = manifest.SelectToken(path);
            if (token is null || token.Type == JTokenType.Null)
            {
                if (required) Problem(path, "required field is missing");
                return null;
            }
            if (token.Type != JTokenType.String)
            {
                Problem(path, "must be a string");
                return null;
            }
            var text = (string)token!;
            if (required && string.IsNullOrWhiteSpace(text)) Problem(path, "must not be empty");
            else if (text.Length > maxLength) Problem(path, $"is {text.Length} characters long; at most {maxLength}");
            return text;
        }
        void Guid(string path, string? value, string setting)
        {
            if (value is { Length: > 0 } && !System.Guid.TryParseExact(value, "D", out _))
                Problem(path, $"'{value}' is not a GUID (xxxxxxxx-xxxx-xxxx-xxxx-xxxxxxxxxxxx); set {setting}");
        }
        void HttpsUrl(string path)
        {
            if (Text(path, 2048) is { Length: > 0 } url && !(Uri.TryCreate(url, UriKind.Absolute, out var u) && u.Scheme == Uri.UriSchemeHttps))
                Problem(path, $"'{url}' is not an https URL");
        }

        var manifestVersion = Text("manifestVersion", 32);
        if (manifestVersion is { Length: > 0 } && !(System.Version.TryParse(manifestVersion, out var mv) && mv >= new Version(1, 13)))
            Problem("manifestVersion", $"'{manifestVersion}' is not a current manifest schema version (1.13 or later)");
        if (Text("$schema", 512, required: false) is { } schema && manifestVersion is { Length: > 0 }
            && !schema.Contains($"/v{manifestVersion}/", StringComparison.Ordinal))
            Problem("$schema", $"names another schema version than manifestVersion {manifestVersion}");
        if (Text("version", 256) is { Length: > 0 } version && !SemverRx().IsMatch(version))
            Problem("version", $"'{version}' is not a semantic version (MAJOR.MINOR.PATCH)");
        Guid("id", Text("id", 64), values["AppId"].Setting);
        Text("developer.name", 32);
        HttpsUrl("developer.websiteUrl");
        HttpsUrl("developer.privacyUrl");
        HttpsUrl("developer.termsOfUseUrl");
        Text("name.short", 30);
        Text("name.full", 100);
        Text("description.short", 80);
        Text("description.full", 4000);
        if (Text("accentColor", 7) is { Length: > 0 } accent && !HexColorRx().IsMatch(accent))
            Problem("accentColor", $"'{accent}' is not an HTML colour like #1F5A96");

        if (manifest["bots"] is not JArray { Count: 1 } bots || bots[0] is not JObject bot)
        {
            Problem("bots", "must hold exactly one bot");
        }
        else
        {
            Guid("bots[0].botId", Text("bots[0].botId", 64), "MicrosoftAppId");
            var scopes = (bot["scopes"] as JArray)?.Select(s => s.Type == JTokenType.String ? (string)s! : "").ToList() ?? [];
            foreach (var unknown in scopes.Where(s => !KnownScopes.Contains(s, StringComparer.Ordinal)))
                Problem("bots[0].scopes", $"'{unknown}' is not a bot scope ({string.Join(", ", KnownScopes)})");
            foreach (var missing in RequiredScopes.Where(s => !scopes.Contains(s, StringComparer.Ordinal)))
                Problem("bots[0].scopes", $"lacks '{missing}': CmlBot answers in personal chats, group chats and team channels");
            if (scopes.Count > 3) Problem("bots[0].scopes", $"has {scopes.Count} scopes; at most 3");
        }

        Icon("icons.color", Text("icons.color", 2048), TeamsIcons.ColorSize, outline: false);
        Icon("icons.outline", Text("icons.outline", 2048), TeamsIcons.OutlineSize, outline: true);
        return (problems, filled);

        void Icon(string field, string? relative, int size, bool outline)
        {
            if (relative is not { Length: > 0 }) return;
            if (Path.IsPathRooted(relative) || relative.Split('/', '\\').Contains(".."))
            {
                Problem(field, $"'{relative}' must be a file name inside the package folder");
                return;
            }
            var path = Path.Combine(folder, relative);
            if (!File.Exists(path))
            {
                Problem(field, $"'{relative}' not found in {folder}");
                return;
            }
            PngImage image;
            try
            {
                image = Png.Read(File.ReadAllBytes(path));
            }
            catch (InvalidDataException e)
            {
                problems.Add(new(relative, "", e.Message));
                return;
            }
            if (image.Width != size || image.Height != size)
                problems.Add(new(relative, "IHDR", $"is {image.Width}×{image.Height} pixels; the {(outline ? "outline" : "color")} icon must be {size}×{size}"));
            if (!outline) return;
            if (!image.HasAlpha)
            {
                problems.Add(new(relative, "IHDR", "has no transparency; the outline icon must be white on a transparent background"));
                return;
            }
            if (image.Rgba is { } px)
            {
                var transparent = 0;
                var coloured = 0;
                for (var i = 0; i < px.Length; i += 4)
                {
                    if (px[i + 3] == 0) transparent++;
                    else if (px[i] != 255 || px[i + 1] != 255 || px[i + 2] != 255) coloured++;
                }
                if (transparent == 0) problems.Add(new(relative, "pixels", "no transparent pixel; the outline icon must be white on a transparent background"));
                if (coloured > 0) problems.Add(new(relative, "pixels", $"{coloured} visible pixels are not white; the outline icon must be white on a transparent background"));
            }
        }
    }

    /// <summary>Writes the zip Teams sideloads: the filled manifest.json and the two icons, at its root.</summary>
    public static void Write(string folder, string filledManifest, string output)
    {
        var manifest = JObject.Parse(filledManifest);
        var entries = new List<(string Name, byte[] Data)>
        {
            (ManifestFile, System.Text.Encoding.UTF8.GetBytes(manifest.ToString(Formatting.Indented) + "\n")),
        };
        foreach (var icon in new[] { (string)manifest["icons"]!["color"]!, (string)manifest["icons"]!["outline"]! }.Distinct(StringComparer.Ordinal))
            entries.Add((icon.Replace('\\', '/'), File.ReadAllBytes(Path.Combine(folder, icon))));

        Directory.CreateDirectory(Path.GetDirectoryName(Path.GetFullPath(output))!);
        using var stream = File.Create(output);
        using var zip = new ZipArchive(stream, ZipArchiveMode.Create);
        foreach (var (name, data) in entries)
        {
            var entry = zip.CreateEntry(name, CompressionLevel.Optimal);
            // A fixed time stamp: the same inputs give the same zip.
            entry.LastWriteTime = new DateTimeOffset(2026, 1, 1, 0, 0, 0, TimeSpan.Zero);
            using var s = entry.Open();
            s.Write(data);
        }
    }
}
