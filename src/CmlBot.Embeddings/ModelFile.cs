using System.Security.Cryptography;
using System.Text;

namespace CmlBot.Embeddings;

/// <summary>
/// The model as ONNX Runtime loads it (the package's fp32 file, or its int8 rewrite), kept as a file in the cache
/// folder: ONNX Runtime then reads it itself instead of from a copy in the process's memory, and an int8 model is
/// quantized once rather than at every start.
/// </summary>
/// <remarks>
/// The file's name carries a hash of the model's identity (name, precision, package and code builds), so a file is
/// never reused for another model build, and one being replaced is never read half-written (it is written under a
/// temporary name and renamed). Older builds' files of the same model are removed when a new one is written.
/// </remarks>
public static class ModelFile
{
    /// <summary>The model's name as a file name: letters, digits, dots and hyphens.</summary>
    public static string SafeName(string modelName) =>
        new string(modelName.Select(c => char.IsAsciiLetterOrDigit(c) || c is '.' or '-' ? c : '-').ToArray()).Trim('-');

    /// <summary>Where the model of <paramref name="identity"/> is kept in <paramref name="folder"/>.</summary>
    public static string PathFor(string folder, string modelName, string identity) =>
        Path.Combine(folder, $"{SafeName(modelName)}.{Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(identity)))[..16]}.onnx");

    /// <summary>
    /// The model's file in <paramref name="folder"/>, written from <paramref name="produce"/> when missing; when the
    /// folder cannot be written, the produced bytes instead (the model then loads from memory, as without a folder).
    /// </summary>
    public static (string? File, byte[]? Bytes) Provide(string folder, string modelName, string identity, Func<byte[]> produce)
    {
        var path = PathFor(folder, modelName, identity);
        if (File.Exists(path)) return (path, null);
        var bytes = produce();
        var temporary = $"{path}.{Environment.ProcessId}.{Guid.NewGuid():N}.tmp";
        try
        {
            Directory.CreateDirectory(folder);
            File.WriteAllBytes(temporary, bytes);
            File.Move(temporary, path, overwrite: true);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            TryDelete(temporary);
            return (null, bytes);
        }
        foreach (var older in Directory.GetFiles(folder, SafeName(modelName) + ".*.onnx"))
            if (older != path) TryDelete(older); // a process still running it keeps its open file
        return (path, null);
    }

    /// <summary>Removes a file that failed to load, so the next start writes it again.</summary>
    public static void TryDelete(string path)
    {
        try { File.Delete(path); }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException) { /* left for the next start to replace */ }
    }
}
