using CmlBot.Core.Understanding;

namespace CmlBot.Core.Tests.Understanding;

/// <summary>
/// The sparse fit is the ridge regression it says it is: its weights make the penalised least squares' gradient zero,
/// they are those of the dense closed-form fit on the same rows, and the same rows give the same weights again.
/// </summary>
public sealed class SparseRidgeTests
{
    private static (SparseRidge.Row[] Rows, int[] ClassOf) Rows(int seed, int count, int width, int classes)
    {
        var random = new Random(seed);
        var rows = Enumerable.Range(0, count).Select(_ =>
        {
            var features = Enumerable.Range(0, width).Where(_ => random.NextDouble() < 0.3).ToArray();
            return new SparseRidge.Row(features, [.. features.Select(_ => (float)random.NextDouble())]);
        }).ToArray();
        return (rows, [.. rows.Select(_ => random.Next(classes))]);
    }

    [Theory]
    [InlineData(0.1, 1)]
    [InlineData(1.0, 2)]
    public void The_weights_make_the_gradient_of_the_penalised_squares_zero(double ridge, int seed)
    {
        const int width = 12, classes = 3;
        var (rows, classOf) = Rows(seed, 60, width, classes);
        var fit = SparseRidge.Solve(rows, classOf, classes, width, ridge);
        for (var c = 0; c < classes; c++)
        {
            // d/dw Σ (w·x + b − y)² + ridge |w|² = 2 Σ e x + 2 ridge w; d/db = 2 Σ e.
            var gradient = fit.Weights[c].Select(w => ridge * w).ToArray();
            var biasGradient = 0.0;
            for (var i = 0; i < rows.Length; i++)
            {
                var error = fit.Bias[c] - (classOf[i] == c ? 1 : 0);
                for (var k = 0; k < rows[i].Features.Length; k++) error += fit.Weights[c][rows[i].Features[k]] * rows[i].Values[k];
                for (var k = 0; k < rows[i].Features.Length; k++) gradient[rows[i].Features[k]] += error * rows[i].Values[k];
                biasGradient += error;
            }
            Assert.All(gradient, g => Assert.True(Math.Abs(g) < 1e-6, $"gradient {g}"));
            Assert.True(Math.Abs(biasGradient) < 1e-5, $"bias gradient {biasGradient}");
        }
    }

    [Fact]
    public void The_weights_are_those_of_the_dense_fit_on_the_same_rows()
    {
        const int width = 8, classes = 4;
        var (rows, classOf) = Rows(7, 50, width, classes);
        var dense = rows.Select(r =>
        {
            var v = new float[width];
            for (var k = 0; k < r.Features.Length; k++) v[r.Features[k]] = r.Values[k];
            return v;
        }).ToArray();
        var expected = ExampleClassifier.Fit(dense, classOf, classes, 0.5);
        var fit = SparseRidge.Solve(rows, classOf, classes, width, 0.5);
        for (var c = 0; c < classes; c++)
        {
            for (var a = 0; a < width; a++) Assert.Equal(expected.Weights[c][a], fit.Weights[c][a], 4);
            Assert.Equal(expected.Bias[c], fit.Bias[c], 4);
        }
    }

    [Fact]
    public void The_same_rows_give_the_same_weights()
    {
        var (rows, classOf) = Rows(3, 80, 20, 5);
        var first = SparseRidge.Solve(rows, classOf, 5, 20, 1);
        var second = SparseRidge.Solve(rows, classOf, 5, 20, 1);
        for (var c = 0; c < 5; c++) Assert.Equal(first.Weights[c], second.Weights[c]);
        Assert.Equal(first.Bias, second.Bias);
    }

    [Fact]
    public void Rows_and_classes_must_pair_up()
    {
        var (rows, _) = Rows(1, 4, 3, 2);
        Assert.Throws<ArgumentException>(() => SparseRidge.Solve(rows, [0, 1], 2, 3, 1));
    }
}
