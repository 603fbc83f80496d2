using CmlBot.Core.Understanding;

namespace CmlBot.Core.Tests.Understanding;

/// <summary>
/// The matcher scores each passage and subject by the mean of its closest examples and ranks them best first, ties
/// to the one named first: checked against the plain definition on random examples and questions.
/// </summary>
public sealed class ExampleMatcherTests
{
    [Theory]
    [InlineData(1, 1)]
    [InlineData(2, 2)]
    [InlineData(3, 3)]
    [InlineData(5, 4)]
    public void Matching_gives_what_the_plain_definition_gives(int neighbours, int seed)
    {
        var random = new Random(seed);
        var subjects = Enumerable.Range(0, 6).Select(i => new NotCoveredSubject($"s{i}", $"S{i}", "reply", [])).ToList();
        var bank = Enumerable.Range(0, 200).Select(i => new BankQuestion($"p{random.Next(9)}", $"q{i}", i + 1)).ToList();
        var examples = Enumerable.Range(0, 150).Select(i => (subjects[random.Next(6)], $"e{i}")).ToList();
        // Coarse values, so that equal cosines (ties) happen.
        float[] Vector() => Enumerable.Range(0, 8).Select(_ => random.Next(-2, 3) / 4f).ToArray();
        var bankVectors = bank.Select(_ => Vector()).ToArray();
        var exampleVectors = examples.Select(_ => Vector()).ToArray();
        var matcher = new ExampleMatcher(bank, bankVectors, examples, exampleVectors);

        for (var q = 0; q < 50; q++)
        {
            var question = Vector();
            var match = matcher.Match(question, neighbours);

            var expected = Plain(bank.Select((b, i) => (b.PassageId, Dot(question, bankVectors[i]))), neighbours);
            Assert.Equal(expected.Select(e => (e.Owner, e.Score)), match.Passages.Select(p => (p.PassageId, p.Cosine)));
            foreach (var p in match.Passages) // the example named is one of the owner's closest
                Assert.Equal(bank.Where((b, i) => b.PassageId == p.PassageId).Max(b => Dot(question, bankVectors[b.Line - 1])),
                    Dot(question, bankVectors[bank.First(b => b.Text == p.Question).Line - 1]));

            var subject = Plain(examples.Select((e, i) => (e.Item1.Id, Dot(question, exampleVectors[i]))), neighbours)[0];
            Assert.Equal((subject.Owner, subject.Score), (match.Subject!.Subject.Id, match.Subject.Cosine));
        }
    }

    /// <summary>Group by owner in order of first appearance, mean of the top k, best first, ties by that order.</summary>
    private static List<(string Owner, double Score)> Plain(IEnumerable<(string Owner, double Cosine)> scored, int k) =>
        scored.GroupBy(s => s.Owner)
            .Select((g, order) => (g.Key, Score: g.Select(s => s.Cosine).OrderDescending().Take(k).Aggregate(0.0, (a, c) => a + c) / Math.Min(k, g.Count()), order))
            .OrderByDescending(x => x.Score).ThenBy(x => x.order)
            .Select(x => (x.Key, x.Score)).ToList();

    private static double Dot(float[] a, float[] b)
    {
        float dot = 0;
        for (var d = 0; d < a.Length; d++) dot += a[d] * b[d];
        return dot;
    }
}
