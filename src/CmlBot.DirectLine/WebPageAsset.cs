using System.IO.Compression;

namespace CmlBot.DirectLine;

/// <summary>
/// One file of the page, held in memory with its content type, ETag and version (the start of its hash, which the
/// page puts in the file's URL so that a browser may keep it for a year). Text files are also held compressed, made
/// the first time a client asks for them (Web Chat's bundle is 3.9 MB, about a quarter of that compressed).
/// </summary>
internal sealed class WebPageAsset
{
    // Smaller files gain less from compression than the header costs.
    private const int MinCompressedBytes = 1024;

    private readonly Lazy<byte[]>? _brotli;
    private readonly Lazy<byte[]>? _gzip;

    public WebPageAsset(string name, byte[] content, string contentType, string hash)
    {
        Name = name;
        Content = content;
        ContentType = contentType;
        Version = hash[..16].ToLowerInvariant();
        ETag = $"\"{hash}\"";
        if (content.Length < MinCompressedBytes || !IsText(contentType)) return;
        _brotli = new Lazy<byte[]>(() => Compress(content, s => new BrotliStream(s, CompressionLevel.Optimal, leaveOpen: true)));
        _gzip = new Lazy<byte[]>(() => Compress(content, s => new GZipStream(s, CompressionLevel.Optimal, leaveOpen: true)));
    }

    public string Name { get; }

    public byte[] Content { get; }

    public string ContentType { get; }

    public string Version { get; }

    public string ETag { get; }

    public bool Compressible => _gzip is not null;

    /// <summary>The bytes to send for <paramref name="encoding"/> (<c>br</c>, <c>gzip</c> or null), and that encoding's ETag.</summary>
    public (byte[] Bytes, string ETag) For(string? encoding) => encoding switch
    {
        "br" when _brotli is not null => (_brotli.Value, $"\"{ETag.Trim('"')}-br\""),
        "gzip" when _gzip is not null => (_gzip.Value, $"\"{ETag.Trim('"')}-gz\""),
        _ => (Content, ETag),
    };

    private static bool IsText(string contentType) =>
        contentType.StartsWith("text/", StringComparison.Ordinal) || contentType.StartsWith("image/svg", StringComparison.Ordinal);

    private static byte[] Compress(byte[] content, Func<Stream, Stream> compressor)
    {
        using var output = new MemoryStream(content.Length / 3);
        using (var stream = compressor(output)) stream.Write(content);
        return output.ToArray();
    }
}
