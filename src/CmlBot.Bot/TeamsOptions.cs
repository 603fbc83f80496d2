namespace CmlBot.Bot;

/// <summary>
/// How answers are shaped for Microsoft Teams (and every other channel: the limits are Teams' and the
/// strictest of the channels CmlBot serves), bound from the "Teams" section of appsettings.json. The app
/// package settings (<c>Package*</c>) are read by the <c>teams-package</c> verb.
/// </summary>
public sealed class TeamsOptions
{
    public const string Section = "Teams";

    /// <summary>Teams renders at most this many citation Claims per message.</summary>
    public const int MaxCitations = 20;

    /// <summary>Adaptive Card versions Teams renders in bot messages go up to 1.5.</summary>
    public static readonly Version MaxCardVersion = new(1, 5);

    /// <summary>Answers as an Adaptive Card (passage, references, Helpful / Not helpful) instead of Markdown text.</summary>
    public bool AnswerCards { get; set; }

    /// <summary>The Adaptive Card version written into answer cards; at most 1.5.</summary>
    public string CardVersion { get; set; } = "1.5";

    /// <summary>
    /// Every outgoing message's serialised size (JSON, counted as UTF-16 the way Teams counts it) stays under
    /// this. Teams refuses bot messages over its limit with 413 MessageSizeTooBig; its documentation has said
    /// 100 KB and, more recently, 40 KB, so the default keeps under the stricter one.
    /// </summary>
    public int MaxMessageBytes { get; set; } = 40_000;

    /// <summary>References listed (and cited) in one message; the rest come with "show all references". At most 20.</summary>
    public int MaxReferencesPerMessage { get; set; } = MaxCitations;

    /// <summary>In team channels the bot answers only messages that @mention it (card submits excepted).</summary>
    public bool RequireMentionInChannels { get; set; } = true;

    /// <summary>The app package: the folder holding manifest.json and the icons, and where the zip goes.</summary>
    public string PackageFolder { get; set; } = "src/CmlBot.TeamsApp";
    public string PackageOutput { get; set; } = "artifacts/CmlBot.TeamsApp.zip";

    /// <summary>The Teams app's id (a GUID); empty means the bot's <c>MicrosoftAppId</c>.</summary>
    public string AppId { get; set; } = "";

    /// <summary>The version written into the manifest.</summary>
    public string AppVersion { get; set; } = "1.0.0";

    /// <summary>The manifest's developer section: who runs this bot, and their https pages (Teams requires all three).</summary>
    public string DeveloperName { get; set; } = "CmlBot";
    public string WebsiteUrl { get; set; } = "";
    public string PrivacyUrl { get; set; } = "";
    public string TermsOfUseUrl { get; set; } = "";

    public int ReferencesPerMessage => Math.Clamp(MaxReferencesPerMessage, 1, MaxCitations);

    public Version EffectiveCardVersion =>
        Version.TryParse(CardVersion, out var v) && v <= MaxCardVersion && v >= new Version(1, 0) ? v : MaxCardVersion;
}
