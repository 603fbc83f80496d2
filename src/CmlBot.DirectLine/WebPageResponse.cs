using Microsoft.AspNetCore.Http;
using Microsoft.Net.Http.Headers;

namespace CmlBot.DirectLine;

/// <summary>
/// Answers a request for the page or one of its files: compressed when the browser accepts it (brotli, else gzip),
/// kept for a year when the URL names the file's current version (the page links them so), revalidated otherwise.
/// </summary>
internal static class WebPageResponse
{
    private const string Immutable = "public, max-age=31536000, immutable";

    public static IResult Serve(HttpContext context, WebPageAssets assets, string name)
    {
        var asset = assets.Find(name);
        if (asset is null) return Results.NotFound();
        var headers = context.Response.Headers;
        headers.ContentSecurityPolicy = assets.ContentSecurityPolicy;
        headers.XContentTypeOptions = "nosniff";
        headers["Referrer-Policy"] = "no-referrer";
        headers.XFrameOptions = "DENY";
        // The page itself is revalidated every time (cheap with the ETag), so a new build's links are never stale.
        var versioned = name != WebPageAssets.Page && context.Request.Query["v"] == asset.Version;
        headers.CacheControl = versioned ? Immutable : "no-cache";
        var encoding = asset.Compressible ? Preferred(context.Request.Headers.AcceptEncoding) : null;
        if (asset.Compressible) headers.Vary = HeaderNames.AcceptEncoding;
        var (bytes, etag) = asset.For(encoding);
        headers.ETag = etag;
        if (context.Request.Headers.IfNoneMatch.Any(v => v is not null && v.Split(',').Any(t => t.Trim() == etag)))
            return Results.StatusCode(StatusCodes.Status304NotModified);
        if (encoding is not null && bytes != asset.Content) headers.ContentEncoding = encoding;
        return Results.Bytes(bytes, asset.ContentType);
    }

    /// <summary><c>br</c> or <c>gzip</c> if the request accepts it (a q of 0 refuses), else null.</summary>
    private static string? Preferred(Microsoft.Extensions.Primitives.StringValues acceptEncoding)
    {
        if (!StringWithQualityHeaderValue.TryParseList(acceptEncoding, out var accepted)) return null;
        bool Accepts(string coding) => accepted.Any(a => a.Value.Equals(coding, StringComparison.OrdinalIgnoreCase) && (a.Quality ?? 1) > 0);
        return Accepts("br") ? "br" : Accepts("gzip") ? "gzip" : null;
    }
}
