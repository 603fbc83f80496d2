using System.Buffers.Binary;
using System.IO.Compression;
using System.Text;

namespace CmlBot.TeamsApp;

/// <summary>What the IHDR chunk of a PNG says, and the pixels when they are 8-bit and not interlaced.</summary>
public sealed record PngImage(int Width, int Height, int BitDepth, int ColorType, bool HasTransparencyChunk, byte[]? Rgba)
{
    /// <summary>Colour types 4 (grey + alpha) and 6 (RGBA) carry alpha; the others only with a tRNS chunk.</summary>
    public bool HasAlpha => ColorType is 4 or 6 || HasTransparencyChunk;
}

/// <summary>
/// A small PNG encoder and reader: enough to draw the Teams app's icons deterministically and to check
/// an icon's size and transparency without an imaging library.
/// </summary>
public static class Png
{
    private static readonly byte[] Signature = [0x89, (byte)'P', (byte)'N', (byte)'G', 0x0D, 0x0A, 0x1A, 0x0A];
    private static readonly uint[] CrcTable = MakeCrcTable();

    /// <summary>An 8-bit RGBA image (rows top to bottom, 4 bytes a pixel) as PNG bytes.</summary>
    public static byte[] Encode(int width, int height, byte[] rgba)
    {
        if (rgba.Length != width * height * 4) throw new ArgumentException("RGBA data does not match the size", nameof(rgba));
        using var output = new MemoryStream();
        output.Write(Signature);
        var header = new byte[13];
        BinaryPrimitives.WriteInt32BigEndian(header, width);
        BinaryPrimitives.WriteInt32BigEndian(header.AsSpan(4), height);
        header[8] = 8; // bit depth
        header[9] = 6; // RGBA
        WriteChunk(output, "IHDR", header);
        using (var raw = new MemoryStream())
        {
            using (var zlib = new ZLibStream(raw, CompressionLevel.SmallestSize, leaveOpen: true))
            {
                for (var y = 0; y < height; y++)
                {
                    zlib.WriteByte(0); // filter: none
                    zlib.Write(rgba, y * width * 4, width * 4);
                }
            }
            WriteChunk(output, "IDAT", raw.ToArray());
        }
        WriteChunk(output, "IEND", []);
        return output.ToArray();
    }

    /// <summary>Reads a PNG's header (and its pixels when 8-bit, non-interlaced); throws <see cref="InvalidDataException"/> when it is not a PNG.</summary>
    public static PngImage Read(byte[] data)
    {
        if (data.Length < 33 || !data.AsSpan(0, 8).SequenceEqual(Signature)) throw new InvalidDataException("not a PNG file (no PNG signature)");
        var pos = 8;
        int width = 0, height = 0, depth = 0, colorType = 0, interlace = 0;
        var transparency = false;
        using var idat = new MemoryStream();
        var sawHeader = false;
        while (pos + 8 <= data.Length)
        {
            var length = BinaryPrimitives.ReadInt32BigEndian(data.AsSpan(pos));
            var type = Encoding.ASCII.GetString(data, pos + 4, 4);
            if (length < 0 || pos + 12 + length > data.Length) throw new InvalidDataException($"PNG chunk {type} runs past the end of the file");
            var body = data.AsSpan(pos + 8, length);
            switch (type)
            {
                case "IHDR":
                    if (length != 13) throw new InvalidDataException("PNG IHDR chunk is not 13 bytes");
                    width = BinaryPrimitives.ReadInt32BigEndian(body);
                    height = BinaryPrimitives.ReadInt32BigEndian(body[4..]);
                    depth = body[8];
                    colorType = body[9];
                    interlace = body[12];
                    sawHeader = true;
                    break;
                case "tRNS":
                    transparency = true;
                    break;
                case "IDAT":
                    idat.Write(body);
                    break;
            }
            pos += 12 + length;
            if (type == "IEND") break;
        }
        if (!sawHeader) throw new InvalidDataException("PNG has no IHDR chunk");
        return new PngImage(width, height, depth, colorType, transparency, depth == 8 && interlace == 0 ? Decode(idat.ToArray(), width, height, colorType) : null);
    }

    private static byte[]? Decode(byte[] compressed, int width, int height, int colorType)
    {
        var channels = colorType switch { 0 => 1, 2 => 3, 4 => 2, 6 => 4, _ => 0 };
        if (channels == 0 || width <= 0 || height <= 0 || (long)width * height > 4_000_000) return null;
        var stride = width * channels;
        var raw = new byte[(stride + 1) * height];
        try
        {
            using var zlib = new ZLibStream(new MemoryStream(compressed), CompressionMode.Decompress);
            zlib.ReadExactly(raw);
        }
        catch (Exception e) when (e is InvalidDataException or EndOfStreamException)
        {
            throw new InvalidDataException("PNG image data is damaged", e);
        }
        var pixels = new byte[stride * height];
        for (var y = 0; y < height; y++)
        {
            var filter = raw[y * (stride + 1)];
            for (var x = 0; x < stride; x++)
            {
                int a = x >= channels ? pixels[y * stride + x - channels] : 0;
                int b = y > 0 ? pixels[(y - 1) * stride + x] : 0;
                int c = x >= channels && y > 0 ? pixels[(y - 1) * stride + x - channels] : 0;
                int v = raw[y * (stride + 1) + 1 + x];
                pixels[y * stride + x] = (byte)(filter switch
                {
                    0 => v,
                    1 => v + a,
                    2 => v + b,
                    3 => v + (a + b) / 2,
                    4 => v + Paeth(a, b, c),
                    _ => throw new InvalidDataException($"PNG row {y} has unknown filter {filter}"),
                });
            }
        }
        var rgba = new byte[width * height * 4];
        for (var i = 0; i < width * height; i++)
        {
            var p = i * channels;
            (rgba[i * 4], rgba[i * 4 + 1], rgba[i * 4 + 2], rgba[i * 4 + 3]) = channels switch
            {
                1 => (pixels[p], pixels[p], pixels[p], (byte)255),
                2 => (pixels[p], pixels[p], pixels[p], pixels[p + 1]),
                3 => (pixels[p], pixels[p + 1], pixels[p + 2], (byte)255),
                _ => (pixels[p], pixels[p + 1], pixels[p + 2], pixels[p + 3]),
            };
        }
        return rgba;
    }

    private static int Paeth(int a, int b, int c)
    {
        var p = a + b - c;
        int pa = Math.Abs(p - a), pb = Math.Abs(p - b), pc = Math.Abs(p - c);
        return pa <= pb && pa <= pc ? a : pb <= pc ? b : c;
    }

    private static void WriteChunk(Stream output, string type, byte[] body)
    {
        Span<byte> buffer = stackalloc byte[4];
        BinaryPrimitives.WriteInt32BigEndian(buffer, body.Length);
        output.Write(buffer);
        var typeBytes = Encoding.ASCII.GetBytes(type);
        output.Write(typeBytes);
        output.Write(body);
        var crc = Crc(Crc(0xFFFFFFFFu, typeBytes), body) ^ 0xFFFFFFFFu;
        BinaryPrimitives.WriteUInt32BigEndian(buffer, crc);
        output.Write(buffer);
    }

    private static uint Crc(uint crc, ReadOnlySpan<byte> bytes)
    {
        foreach (var b in bytes) crc = CrcTable[(crc ^ b) & 0xFF] ^ (crc >> 8);
        return crc;
    }

    private static uint[] MakeCrcTable()
    {
        var table = new uint[256];
        for (uint n = 0; n < 256; n++)
        {
            var c = n;
            for (var k = 0; k < 8; k++) c = (c & 1) != 0 ? 0xEDB88320u ^ (c >> 1) : c >> 1;
            table[n] = c;
        }
        return table;
    }
}
