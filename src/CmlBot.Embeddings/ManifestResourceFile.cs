using System.Reflection.Metadata;
using System.Reflection.PortableExecutable;

namespace CmlBot.Embeddings;

/// <summary>Reads an embedded resource straight from an assembly's file, with ordinary file reads.</summary>
public static class ManifestResourceFile
{
    /// <summary>The resource's bytes, or null when the file holds no such embedded resource.</summary>
    public static byte[]? TryRead(string assemblyPath, string resourceName)
    {
        using var file = File.OpenRead(assemblyPath);
        long start;
        using (var pe = new PEReader(file, PEStreamOptions.LeaveOpen))
        {
            var metadata = pe.GetMetadataReader();
            var resources = pe.PEHeaders.CorHeader?.ResourcesDirectory;
            if (resources is null || resources.Value.Size == 0) return null;
            var found = metadata.ManifestResources
                .Select(metadata.GetManifestResource)
                .Where(r => r.Implementation.IsNil && metadata.StringComparer.Equals(r.Name, resourceName))
                .Select(r => (long?)r.Offset)
                .FirstOrDefault();
            if (found is null || !pe.PEHeaders.TryGetDirectoryOffset(resources.Value, out var directory)) return null;
            start = directory + found.Value;
        }
        // Each resource is its length (4 bytes, little-endian) followed by its bytes.
        file.Position = start;
        Span<byte> prefix = stackalloc byte[4];
        file.ReadExactly(prefix);
        var length = BitConverter.ToInt32(prefix);
        if (length < 0 || start + 4 + length > file.Length) return null;
        var bytes = new byte[length];
        file.ReadExactly(bytes);
        return bytes;
    }
}
