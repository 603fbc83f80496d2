using System.Runtime.CompilerServices;
using CmlBot.Core.Retrieval;

namespace CmlBot.Core.Understanding;

/// <summary>
/// Which passage or not-covered subject a question is about, learnt from all the examples at once: one linear score
/// per passage and per subject over the question's vector, fitted by ridge regression (least squares towards 1 for its
/// own bank questions or subject examples and 0 for every other, with a penalty on the weights' size). The nearest
/// single example judges by one question; the fitted weights learn which directions of the model's space tell a passage
/// from its neighbours, and bank questions held out of the fit find their passage more often with it (the 5-fold
/// figures of <c>eval</c>). The fit is closed-form and takes tens of milliseconds, so it is made whenever a matcher is.
/// </summary>
public sealed class ExampleClassifier
{
    private readonly float[][] _weights;
    private readonly float[] _bias;

    private ExampleClassifier(float[][] weights, float[] bias)
    {
        _weights = weights;
        _bias = bias;
    }

    /// <summary>A classifier fitted before and kept (weights and bias of each class, as <see cref="Weights"/> and <see cref="Bias"/> gave them).</summary>
    public static ExampleClassifier FromWeights(IReadOnlyList<float[]> weights, IReadOnlyList<float> bias)
    {
        if (weights.Count != bias.Count) throw new ArgumentException("one bias per class", nameof(bias));
        return new ExampleClassifier([.. weights.Select(w => w.ToArray())], [.. bias]);
    }

    /// <summary>Each class's weights over the vector's dimensions (copies, for keeping the fit).</summary>
    public IReadOnlyList<float[]> Weights => [.. _weights.Select(w => w.ToArray())];

    /// <summary>Each class's bias.</summary>
    public IReadOnlyList<float> Bias => [.. _bias];

    /// <param name="vectors">The examples' vectors.</param>
    /// <param name="classOf">Each example's passage or subject, as an index below <paramref name="classes"/>.</param>
    /// <param name="ridge">The penalty on the weights' size (larger: closer to the bank's mean, smaller: closer to every question).</param>
    /// <remarks>Runs once at start-up, in loops the runtime would first compile unoptimised: compiled optimised at once.</remarks>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public static ExampleClassifier Fit(float[][] vectors, int[] classOf, int classes, double ridge)
    {
        if (vectors.Length == 0) return new ExampleClassifier(Enumerable.Range(0, classes).Select(_ => Array.Empty<float>()).ToArray(), new float[classes]);
        var d = vectors[0].Length;
        var n = d + 1; // the last column is the bias, which is not penalised
        // The questions' matrix by columns (the last all ones, for the bias), so that each entry of its Gram matrix is
        // one dot product several lanes at a time: two thousand questions make it a few milliseconds.
        var columns = new float[n][];
        for (var a = 0; a < n; a++) columns[a] = new float[vectors.Length];
        for (var i = 0; i < vectors.Length; i++)
        {
            for (var a = 0; a < d; a++) columns[a][i] = vectors[i][a];
            columns[d][i] = 1;
        }
        var gram = new double[n * n];
        for (var a = 0; a < n; a++)
            for (var b = 0; b <= a; b++)
                gram[a * n + b] = VectorMath.Dot(columns[a], columns[b]);
        var targets = new double[n * classes];
        for (var i = 0; i < vectors.Length; i++)
            for (var a = 0; a < n; a++)
                targets[a * classes + classOf[i]] += columns[a][i];
        for (var a = 0; a < d; a++) gram[a * n + a] += ridge;
        gram[d * n + d] += 1e-6;
        var lower = Cholesky(gram, n);
        var weights = new float[classes][];
        var bias = new float[classes];
        var z = new double[n];
        var w = new double[n];
        for (var c = 0; c < classes; c++)
        {
            for (var a = 0; a < n; a++)
            {
                var s = targets[a * classes + c];
                for (var k = 0; k < a; k++) s -= lower[a * n + k] * z[k];
                z[a] = s / lower[a * n + a];
            }
            for (var a = n - 1; a >= 0; a--)
            {
                var s = z[a];
                for (var k = a + 1; k < n; k++) s -= lower[k * n + a] * w[k];
                w[a] = s / lower[a * n + a];
            }
            weights[c] = new float[d];
            for (var a = 0; a < d; a++) weights[c][a] = (float)w[a];
            bias[c] = (float)w[d];
        }
        return new ExampleClassifier(weights, bias);
    }

    /// <summary>Each class's score for the question (about 1 for a question like its own examples, about 0 for others).</summary>
    public double[] Scores(float[] question)
    {
        var scores = new double[_weights.Length];
        for (var c = 0; c < _weights.Length; c++) scores[c] = VectorMath.Dot(question, _weights[c]) + _bias[c];
        return scores;
    }

    /// <summary>The lower triangle L of a symmetric positive definite matrix (lower triangle given) with L Lᵀ = it.</summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private static double[] Cholesky(double[] matrix, int n)
    {
        var lower = new double[n * n];
        for (var a = 0; a < n; a++)
            for (var b = 0; b <= a; b++)
            {
                var s = matrix[a * n + b];
                for (var k = 0; k < b; k++) s -= lower[a * n + k] * lower[b * n + k];
                lower[a * n + b] = a == b ? Math.Sqrt(s) : s / lower[b * n + b];
            }
        return lower;
    }
}
