using System.Runtime.CompilerServices;

namespace CmlBot.Core.Understanding;

/// <summary>
/// Ridge regression over sparse features, one linear score per class: least squares towards 1 for a row of the class
/// and 0 for every other, with a penalty on the weights' size (the bias is not penalised). Tens of thousands of
/// features make the normal equations too large to factor as <see cref="ExampleClassifier"/> does, so they are
/// solved by conjugate gradients, which only ever multiply by the rows. The same rows in the same order give the
/// same weights: the arithmetic is sequential, in doubles.
/// </summary>
public static class SparseRidge
{
    /// <summary>One row: the indices of its features (ascending, below the width) and their values.</summary>
    public readonly record struct Row(int[] Features, float[] Values);

    /// <summary>The fitted scores: <c>Weights[c][f]</c> for class c and feature f, and each class's bias.</summary>
    public sealed record Fit(double[][] Weights, double[] Bias);

    private const int MaxIterations = 1000;
    /// <summary>Where to stop: the residual's squared length this far below its start (its length 1e-8 of it).</summary>
    private const double Tolerance = 1e-16;

    /// <param name="rows">The rows' features.</param>
    /// <param name="classOf">Each row's class, below <paramref name="classes"/>.</param>
    /// <param name="width">How many features there are.</param>
    /// <param name="ridge">The penalty on the weights' size.</param>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public static Fit Solve(IReadOnlyList<Row> rows, IReadOnlyList<int> classOf, int classes, int width, double ridge)
    {
        if (rows.Count != classOf.Count) throw new ArgumentException("one class per row", nameof(classOf));
        // The bias is one more feature, at the end, that every row has with value 1.
        var n = width + 1;
        var weights = new double[classes][];
        var bias = new double[classes];
        var w = new double[n];
        var r = new double[n];
        var p = new double[n];
        var product = new double[n];
        for (var c = 0; c < classes; c++)
        {
            Array.Clear(w);
            Array.Clear(r);
            // With w = 0 the residual is Xᵀy: the sum of the class's own rows.
            for (var i = 0; i < rows.Count; i++)
                if (classOf[i] == c) AddRow(rows[i], 1, r);
            Array.Copy(r, p, n);
            var rr = Dot(r, r);
            var stop = rr * Tolerance;
            for (var iteration = 0; iteration < MaxIterations && rr > stop; iteration++)
            {
                Multiply(rows, p, ridge, product);
                var step = rr / Dot(p, product);
                for (var a = 0; a < n; a++)
                {
                    w[a] += step * p[a];
                    r[a] -= step * product[a];
                }
                var next = Dot(r, r);
                var keep = next / rr;
                rr = next;
                for (var a = 0; a < n; a++) p[a] = r[a] + keep * p[a];
            }
            weights[c] = w[..width];
            bias[c] = w[width];
        }
        return new Fit(weights, bias);
    }

    /// <summary>(XᵀX + ridge·I) v, with no penalty on the bias (a tiny one keeps the system positive definite).</summary>
    private static void Multiply(IReadOnlyList<Row> rows, double[] v, double ridge, double[] result)
    {
        var biasAt = v.Length - 1;
        for (var a = 0; a < biasAt; a++) result[a] = ridge * v[a];
        result[biasAt] = 1e-9 * v[biasAt];
        foreach (var row in rows)
        {
            var s = v[biasAt];
            var features = row.Features;
            var values = row.Values;
            for (var k = 0; k < features.Length; k++) s += values[k] * v[features[k]];
            AddRow(row, s, result);
        }
    }

    private static void AddRow(Row row, double scale, double[] into)
    {
        for (var k = 0; k < row.Features.Length; k++) into[row.Features[k]] += scale * row.Values[k];
        into[^1] += scale;
    }

    private static double Dot(double[] a, double[] b)
    {
        var s = 0.0;
        for (var i = 0; i < a.Length; i++) s += a[i] * b[i];
        return s;
    }
}
