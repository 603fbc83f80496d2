using System.Runtime.Intrinsics.X86;

namespace CmlBot.Embeddings.Quantization;

/// <summary>
/// Whether this processor multiplies uint8 activations by int8 weights without losing anything. On x86 without VNNI,
/// ONNX Runtime's uint8 × int8 kernel adds pairs of products in 16 bits, which overflow with 8-bit weights
/// (255 × 127 × 2 &gt; 32,767) and saturate: there <see cref="QuantizerOptions.UnsignedWeights"/> stores the weights as
/// uint8, whose kernel widens before adding. With VNNI (AVX-512 VNNI or AVX-VNNI), and off x86, int8 weights are exact.
/// </summary>
internal static class ExactSignedProducts
{
    public static bool OnThisProcessor { get; } = Detect();

    private static bool Detect()
    {
        if (!X86Base.IsSupported || AvxVnni.IsSupported) return true;
        try
        {
            // AVX-512 VNNI has no .NET flag of its own; Linux lists it among the processor's flags.
            return File.Exists("/proc/cpuinfo") && File.ReadLines("/proc/cpuinfo")
                .Any(l => l.StartsWith("flags", StringComparison.Ordinal) && (l.Contains(" avx512_vnni", StringComparison.Ordinal) || l.Contains(" avx_vnni", StringComparison.Ordinal)));
        }
        catch (IOException)
        {
            return false;
        }
        catch (UnauthorizedAccessException)
        {
            return false;
        }
    }
}
