using CmlBot.Bot;
using CmlBot.TeamsApp;

namespace CmlBot.Cli;

/// <summary>
/// <c>teams-package</c>: validates the Teams app package folder (manifest fields, ids are GUIDs, icon sizes)
/// with the app and bot ids from configuration, then writes the zip an admin sideloads. Exits 1 with one
/// line per problem (file and field) when anything is wrong, writing nothing.
/// </summary>
public static class TeamsPackageCommand
{
    public static async Task<int> RunAsync(IConfiguration configuration, string contentRoot, IReadOnlyList<string> args, TextWriter output, TextWriter error)
    {
        var teams = configuration.GetSection(TeamsOptions.Section).Get<TeamsOptions>() ?? new TeamsOptions();
        var folder = teams.PackageFolder;
        var zip = teams.PackageOutput;
        var drawIcons = false;
        for (var i = 0; i < args.Count; i++)
        {
            switch (args[i])
            {
                case "--out" when i + 1 < args.Count:
                    zip = args[++i];
                    break;
                case "--folder" when i + 1 < args.Count:
                    folder = args[++i];
                    break;
                case "--draw-icons":
                    drawIcons = true;
                    break;
                default:
                    await error.WriteLineAsync($"error: unknown argument '{args[i]}' (teams-package [--folder DIR] [--out FILE] [--draw-icons])");
                    return 2;
            }
        }
        folder = Path.GetFullPath(folder, contentRoot);
        zip = Path.GetFullPath(zip, contentRoot);

        if (drawIcons)
        {
            // The committed icons are these: drawn again, byte for byte.
            Directory.CreateDirectory(folder);
            await File.WriteAllBytesAsync(Path.Combine(folder, "color.png"), TeamsIcons.Color());
            await File.WriteAllBytesAsync(Path.Combine(folder, "outline.png"), TeamsIcons.Outline());
            await output.WriteLineAsync($"drew color.png ({TeamsIcons.ColorSize}×{TeamsIcons.ColorSize}) and outline.png ({TeamsIcons.OutlineSize}×{TeamsIcons.OutlineSize}) in {folder}");
        }

        var settings = new TeamsPackageSettings(configuration["MicrosoftAppId"] ?? "", teams.AppId, teams.AppVersion,
            teams.DeveloperName, teams.WebsiteUrl, teams.PrivacyUrl, teams.TermsOfUseUrl);
        var (problems, manifest) = TeamsPackage.Validate(folder, settings);
        if (problems.Count > 0 || manifest is null)
        {
            foreach (var problem in problems) await error.WriteLineAsync($"error: {problem}");
            await error.WriteLineAsync($"{problems.Count} problem(s) in {folder}; no package written.");
            return 1;
        }
        TeamsPackage.Write(folder, manifest, zip);
        await output.WriteLineAsync($"wrote {zip}: upload it in Teams (Apps → Manage your apps → Upload an app).");
        return 0;
    }
}
