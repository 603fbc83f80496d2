using System.Numerics;
using System.Runtime.CompilerServices;

namespace CmlBot.Core.Retrieval;

/// <summary>The one dot product every comparison of the model's vectors uses (they are unit length, so it is their cosine).</summary>
public static class VectorMath
{
    /// <summary>
    /// Over the shorter of the two, several lanes at a time in four independent sums (so each multiply-add need
    /// not wait for the one before): a turn compares the question with a few thousand example vectors, and one
    /// multiply-add at a time was a fifth of a hybrid turn's CPU. Compiled fully optimised from its first call: code
    /// over <see cref="Vector{T}"/> is left out of ahead-of-time (ReadyToRun) images, and its first, unoptimised
    /// compilation made the start-up's fits of the classifiers several times slower.
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public static float Dot(ReadOnlySpan<float> a, ReadOnlySpan<float> b)
    {
        var n = Math.Min(a.Length, b.Length);
        var i = 0;
        var sum = 0f;
        var width = Vector<float>.Count;
        if (Vector.IsHardwareAccelerated && n >= width)
        {
            Vector<float> s0 = default, s1 = default, s2 = default, s3 = default;
            for (; i <= n - 4 * width; i += 4 * width)
            {
                s0 += new Vector<float>(a.Slice(i, width)) * new Vector<float>(b.Slice(i, width));
                s1 += new Vector<float>(a.Slice(i + width, width)) * new Vector<float>(b.Slice(i + width, width));
                s2 += new Vector<float>(a.Slice(i + 2 * width, width)) * new Vector<float>(b.Slice(i + 2 * width, width));
                s3 += new Vector<float>(a.Slice(i + 3 * width, width)) * new Vector<float>(b.Slice(i + 3 * width, width));
            }
            for (; i <= n - width; i += width) s0 += new Vector<float>(a.Slice(i, width)) * new Vector<float>(b.Slice(i, width));
            sum = Vector.Sum((s0 + s1) + (s2 + s3));
        }
        for (; i < n; i++) sum += a[i] * b[i];
        return sum;
    }
}
