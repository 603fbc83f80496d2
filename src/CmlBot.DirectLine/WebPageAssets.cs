using System.Collections.Frozen;
using System.Security.Cryptography;
using System.Text;
using System.Text.RegularExpressions;
using Microsoft.Extensions.Options;

namespace CmlBot.DirectLine;

/// <summary>The page's files, embedded in this assembly (Web Chat's bundle included, from npm at build time).</summary>
internal sealed partial class WebPageAssets
{
    public const string Page = "index.html";

    private const string ResourcePrefix = "CmlBot.DirectLine.wwwroot.";

    private static readonly Dictionary<string, string> ContentTypes = new(StringComparer.OrdinalIgnoreCase)
    {
        [".html"] = "text/html; charset=utf-8",
        [".js"] = "text/javascript; charset=utf-8",
        [".css"] = "text/css; charset=utf-8",
        [".svg"] = "image/svg+xml",
        [".ico"] = "image/x-icon",
    };

    private readonly FrozenDictionary<string, WebPageAsset> _assets;

    public WebPageAssets(IOptions<DirectLineOptions> options)
    {
        var assembly = typeof(WebPageAssets).Assembly;
        var assets = new Dictionary<string, WebPageAsset>(StringComparer.Ordinal);
        foreach (var resource in assembly.GetManifestResourceNames().Where(n => n.StartsWith(ResourcePrefix, StringComparison.Ordinal)))
        {
            var name = resource[ResourcePrefix.Length..];
            using var stream = assembly.GetManifestResourceStream(resource)!;
            using var copy = new MemoryStream();
            stream.CopyTo(copy);
            var bytes = copy.ToArray();
            var type = ContentTypes.GetValueOrDefault(Path.GetExtension(name), "application/octet-stream");
            assets[name] = Asset(name, bytes, type);
        }
        if (assets.TryGetValue(Page, out var page)) assets[Page] = Asset(Page, Versioned(page.Content, assets), page.ContentType);
        _assets = assets.ToFrozenDictionary(StringComparer.Ordinal);
        ContentSecurityPolicy = BuildPolicy(options.Value);
    }

    /// <summary>Only this origin (and, in azure mode, Azure's Direct Line) may be contacted: nothing from a CDN.</summary>
    public string ContentSecurityPolicy { get; }

    public WebPageAsset? Find(string name) => _assets.GetValueOrDefault(name);

    private static WebPageAsset Asset(string name, byte[] bytes, string type) => new(name, bytes, type, Convert.ToHexString(SHA256.HashData(bytes))[..32]);

    /// <summary>The page with <c>?v={version}</c> on every link to one of its files, so each file's URL changes with its content.</summary>
    private static byte[] Versioned(byte[] page, Dictionary<string, WebPageAsset> assets) =>
        Encoding.UTF8.GetBytes(AssetLink().Replace(Encoding.UTF8.GetString(page), m =>
            assets.TryGetValue(m.Groups["name"].Value, out var asset) ? $"{m.Value}?v={asset.Version}" : m.Value));

    [GeneratedRegex("(?<=(?:src|href)=\"webchat/)(?<name>[A-Za-z0-9._-]+)(?=\")")]
    private static partial Regex AssetLink();

    private static string BuildPolicy(DirectLineOptions options)
    {
        var connect = "'self'";
        if (string.Equals(options.Mode, DirectLineModes.Azure, StringComparison.OrdinalIgnoreCase)
            && Uri.TryCreate(options.Azure.Endpoint, UriKind.Absolute, out var azure))
            connect += $" {azure.GetLeftPart(UriPartial.Authority)}";
        // Web Chat styles its components at run time (emotion), hence inline styles.
        return $"default-src 'none'; script-src 'self'; style-src 'self' 'unsafe-inline'; img-src 'self' data: blob:; font-src 'self' data:; "
             + $"connect-src {connect}; media-src 'self' blob:; base-uri 'none'; form-action 'none'; frame-ancestors 'none'";
    }
}
