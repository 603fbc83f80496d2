using CmlBot.Core.Understanding;

namespace CmlBot.Core.Tests.Understanding;

/// <summary>
/// The classifier is the ridge regression it says it is (checked against the normal equations it solves), it learns
/// what tells classes apart rather than which example is nearest, and the matcher orders passages and names subjects by
/// it when configured, while the thresholds keep reading the nearest example's cosine.
/// </summary>
public sealed class ExampleClassifierTests
{
    [Theory]
    [InlineData(0.1, 1)]
    [InlineData(1.0, 2)]
    public void The_weights_solve_the_ridge_normal_equations(double ridge, int seed)
    {
        var random = new Random(seed);
        const int d = 6, classes = 3;
        var vectors = Enumerable.Range(0, 40).Select(_ => Enumerable.Range(0, d).Select(_ => (float)random.NextDouble() - 0.5f).ToArray()).ToArray();
        var classOf = vectors.Select(_ => random.Next(classes)).ToArray();
        var classifier = ExampleClassifier.Fit(vectors, classOf, classes, ridge);

        // The weights w and bias b of a class c minimise Σ (w·x + b − [class = c])² + ridge |w|²: the gradient is zero.
        var unit = new float[d];
        var bias = classifier.Scores(unit);
        for (var c = 0; c < classes; c++)
        {
            var weights = Enumerable.Range(0, d).Select(a =>
            {
                Array.Clear(unit);
                unit[a] = 1;
                return classifier.Scores(unit)[c] - bias[c];
            }).ToArray();
            var residuals = vectors.Select((x, i) => Enumerable.Range(0, d).Sum(a => weights[a] * x[a]) + bias[c] - (classOf[i] == c ? 1 : 0)).ToArray();
            Assert.Equal(0, residuals.Sum(), 3);
            for (var a = 0; a < d; a++)
                Assert.Equal(0, vectors.Select((x, i) => residuals[i] * x[a]).Sum() + ridge * weights[a], 3);
        }
    }

    [Fact]
    public void A_question_between_two_classes_goes_to_the_one_whose_examples_share_its_telling_direction()
    {
        // Class 0's examples vary along the second axis, class 1's do not; both lie along the first. The one example
        // nearest the question is class 1's, but what tells the classes apart is the third axis, where the question
        // sits with class 0.
        float[][] vectors =
        [
            [1, 0.9f, 0.3f], [1, -0.9f, 0.3f], [1, 0.5f, 0.3f], [1, -0.5f, 0.3f],
            [1, 0, -0.3f], [1, 0.1f, -0.3f], [1, -0.1f, -0.3f], [1, 0.05f, -0.3f],
        ];
        int[] classOf = [0, 0, 0, 0, 1, 1, 1, 1];
        float[] question = [1, 0, 0.1f];
        var nearest = classOf[Enumerable.Range(0, vectors.Length).MaxBy(i => -Distance(vectors[i], question))];
        Assert.Equal(1, nearest);

        var scores = ExampleClassifier.Fit(vectors, classOf, 2, 0.01).Scores(question);
        Assert.True(scores[0] > scores[1], $"{scores[0]:F2} ≤ {scores[1]:F2}");
    }

    [Fact]
    public void With_a_classifier_passages_are_ordered_by_cosine_plus_weighted_fit_and_the_thresholds_keep_the_nearest_cosine()
    {
        var random = new Random(7);
        var subjects = Enumerable.Range(0, 3).Select(i => new NotCoveredSubject($"s{i}", $"S{i}", "reply", [])).ToList();
        var bank = Enumerable.Range(0, 60).Select(i => new BankQuestion($"p{i % 4}", $"q{i}", i + 1)).ToList();
        var examples = Enumerable.Range(0, 30).Select(i => (subjects[i % 3], $"e{i}")).ToList();
        float[] Vector() => Normalised(Enumerable.Range(0, 8).Select(_ => (float)random.NextDouble() - 0.5f).ToArray());
        var bankVectors = bank.Select(_ => Vector()).ToArray();
        var exampleVectors = examples.Select(_ => Vector()).ToArray();
        var plain = new ExampleMatcher(bank, bankVectors, examples, exampleVectors);
        var fitted = new ExampleMatcher(bank, bankVectors, examples, exampleVectors, classifierRidge: 0.1, fitWeight: 1.0);
        // Classes in order of first appearance: the passages p0..p3, then the subjects s0..s2.
        var classifier = ExampleClassifier.Fit([.. bankVectors, .. exampleVectors],
            [.. bank.Select((_, i) => i % 4), .. examples.Select((_, i) => 4 + i % 3)], 7, 0.1);

        for (var q = 0; q < 30; q++)
        {
            var question = Vector();
            var without = plain.Match(question);
            var with = fitted.Match(question);
            Assert.All(without.Passages, p => Assert.Equal(0, p.Fit));
            // The same passages with the same nearest questions and cosines; only the order and the fit differ.
            Assert.Equal(without.Passages.Select(p => (p.PassageId, p.Cosine, p.Question)).OrderBy(p => p.PassageId),
                with.Passages.Select(p => (p.PassageId, p.Cosine, p.Question)).OrderBy(p => p.PassageId));
            Assert.Equal(without.BestBank, with.BestBank);
            Assert.Equal(without.Passages.Max(p => p.Cosine), with.BestBank);
            var strengths = with.Passages.Select(p => p.Cosine + p.Fit).ToList();
            Assert.Equal(strengths.OrderDescending(), strengths);
            var fit = classifier.Scores(question);
            Assert.All(with.Passages, p => Assert.Equal(fit[int.Parse(p.PassageId[1..])], p.Fit, 6));
            // The nearest subject stays the nearest; the subject named is the strongest by its nearest cosine plus fit.
            Assert.Equal(without.Subject, with.Subject! with { Fit = 0 });
            Assert.Equal(without.Subject, without.Named);
            var strongest = Enumerable.Range(0, 3).MaxBy(s =>
                examples.Select((e, i) => (e, i)).Where(x => x.i % 3 == s).Max(x => Dot(question, exampleVectors[x.i])) + fit[4 + s]);
            Assert.Equal($"s{strongest}", with.Named!.Subject.Id);
        }
    }

    private static float[] Normalised(float[] v)
    {
        var norm = (float)Math.Sqrt(v.Sum(x => x * x));
        return v.Select(x => x / norm).ToArray();
    }

    private static double Dot(float[] a, float[] b) => a.Zip(b, (x, y) => (double)x * y).Sum();

    private static double Distance(float[] a, float[] b) => Math.Sqrt(a.Zip(b, (x, y) => (x - y) * (x - y)).Sum());
}
