using CmlBot.Core.Retrieval;

namespace CmlBot.Core.Tests.Retrieval;

/// <summary>The lane-wise dot product agrees with the plain one, for every length, including the tail past the last full lane.</summary>
public sealed class VectorMathTests
{
    [Theory]
    [InlineData(0)]
    [InlineData(1)]
    [InlineData(7)]
    [InlineData(8)]
    [InlineData(17)]
    [InlineData(384)]
    [InlineData(385)]
    public void The_dot_product_agrees_with_one_multiply_add_at_a_time(int length)
    {
        var random = new Random(length);
        for (var trial = 0; trial < 50; trial++)
        {
            var a = Enumerable.Range(0, length).Select(_ => (float)(random.NextDouble() * 2 - 1)).ToArray();
            var b = Enumerable.Range(0, length).Select(_ => (float)(random.NextDouble() * 2 - 1)).ToArray();
            double plain = 0;
            for (var i = 0; i < length; i++) plain += (double)a[i] * b[i];
            Assert.Equal(plain, VectorMath.Dot(a, b), 1e-4);
        }
    }

    [Fact]
    public void Vectors_of_different_lengths_are_compared_over_the_shorter()
    {
        Assert.Equal(1 * 4 + 2 * 5, VectorMath.Dot([1f, 2f], [4f, 5f, 6f]));
        Assert.Equal(1 * 4 + 2 * 5, VectorMath.Dot([4f, 5f, 6f], [1f, 2f]));
    }
}
