namespace CmlBot.Testing;

/// <summary>
/// Content lines (bank questions, subject and safety examples) that are, or nearly are, evaluation questions. One
/// file, compiled into every test project (tests/Directory.Build.props), internal to each.
/// </summary>
internal static class NearDuplicates
{
    /// <summary>Cosine at or above which a content line counts as a copy of an evaluation question.</summary>
    public const double Cosine = 0.95;

    /// <summary>
    /// One line per offending content line. It names the content line, never the evaluation question: printing a test
    /// question to whoever edits the content would show them the frozen split.
    /// </summary>
    /// <param name="normalize">Makes texts that differ only in case, punctuation or spacing equal.</param>
    /// <param name="embed">The sentence model, texts in and unit vectors out.</param>
    /// <param name="describe">Names the evaluation text's set (by its index), for the message.</param>
    public static List<string> Find(IReadOnlyList<string> content, IReadOnlyList<string> evaluation, Func<string, string> normalize,
        Func<IReadOnlyList<string>, float[][]> embed, Func<int, string> describe)
    {
        var normalized = evaluation.Select(normalize).ToHashSet(StringComparer.Ordinal);
        var offenders = content.Where(c => normalized.Contains(normalize(c))).Select(c => $"an evaluation text itself: \"{c}\"").ToList();
        var contentVectors = embed(content);
        var evaluationVectors = embed(evaluation);
        for (var j = 0; j < content.Count; j++)
            for (var i = 0; i < evaluation.Count; i++)
            {
                var cosine = evaluationVectors[i].Zip(contentVectors[j]).Sum(p => p.First * p.Second);
                if (cosine < Cosine) continue;
                offenders.Add($"cosine {cosine:F3} to a text of {describe(i)}: \"{content[j]}\"");
                break;
            }
        return offenders;
    }
}
