using System.Security.Cryptography;
using System.Text;
using CmlBot.Core.Understanding;

namespace CmlBot.Bot.Understanding.Safety;

/// <summary>
/// The screen's learnt step: one linear score per class over a message's sentence vector, fitted by ridge regression
/// on labelled messages (the development split, the training messages, and the answer evaluation's questions as ordinary ones). The phrases
/// and the examples' similarity read wording someone foresaw; the learnt scores read which directions of the model's
/// space tell the classes apart, so they also place wording nobody wrote down ("went down on the floor, came round").
/// It adds a class only when that class is one it may add (<see cref="Adds"/>), its score is the best of the four
/// alert classes, at least <see cref="Floor"/>, and ahead of the ordinary score by <see cref="Lead"/>. Kept in
/// <c>corpus/safety.weights</c> (<see cref="SafetyLearnedFile"/>) for the one model it was fitted with.
/// </summary>
public sealed class SafetyLearned(string model, string trained, double ridge, double lead, double floor, SafetyClasses adds, ExampleClassifier classifier)
{
    /// <summary>The classes in the order the scores are kept; the last is ordinary messages.</summary>
    public static readonly IReadOnlyList<SafetyClasses> Classes =
        [SafetyClasses.Emergency, SafetyClasses.Crisis, SafetyClasses.Urgent, SafetyClasses.MedicineChange, SafetyClasses.None];

    /// <summary>The sentence model's name (<see cref="Core.Retrieval.ITextEmbedder.Name"/>): another model's vectors mean nothing to these weights.</summary>
    public string Model { get; } = model;

    /// <summary>
    /// Whether the weights read this model's vectors: the model they were fitted with, at any precision ("all-MiniLM-L6-v2"
    /// also reads "all-MiniLM-L6-v2 (int8 questions)": quantised vectors are the same directions, a little blurred).
    /// </summary>
    public bool Reads(string embedderName) =>
        embedderName == Model || embedderName.StartsWith(Model + " (", StringComparison.Ordinal) || Model.StartsWith(embedderName + " (", StringComparison.Ordinal);

    /// <summary>The digest of the messages it was fitted on (<see cref="Digest"/>), so a changed split shows the fit is stale.</summary>
    public string Trained { get; } = trained;

    public double Ridge { get; } = ridge;

    /// <summary>How far the class's score must lead the ordinary score.</summary>
    public double Lead { get; } = lead;

    /// <summary>The least score that counts (a message like the class's own scores about 1).</summary>
    public double Floor { get; } = floor;

    /// <summary>The classes it may add; the others it only tells apart.</summary>
    public SafetyClasses Adds { get; } = adds;

    public ExampleClassifier Classifier { get; } = classifier;

    /// <summary>The class the message's vector reads as, when it is one this step may add and clearly ahead; else none.</summary>
    public SafetyClasses Read(float[] vector) => Read(Classifier.Scores(vector));

    /// <summary>The class the scores of a vector (<see cref="ExampleClassifier.Scores"/>) read as, when it is one this step may add and clearly ahead; else none.</summary>
    public SafetyClasses Read(double[] scores)
    {
        var top = 0;
        for (var c = 1; c < Classes.Count - 1; c++)
            if (scores[c] > scores[top]) top = c;
        var ordinary = scores[Classes.Count - 1];
        return scores[top] >= Floor && scores[top] - ordinary >= Lead && (Adds & Classes[top]) != 0 ? Classes[top] : SafetyClasses.None;
    }

    /// <summary>Fits the scores on labelled vectors (each message's class among <see cref="Classes"/>).</summary>
    public static SafetyLearned Fit(IReadOnlyList<float[]> vectors, IReadOnlyList<SafetyClasses> classes, string model, string trained,
        double ridge, double lead, double floor, SafetyClasses adds)
    {
        var classOf = classes.Select(IndexOf).ToArray();
        return new SafetyLearned(model, trained, ridge, lead, floor, adds, ExampleClassifier.Fit([.. vectors], classOf, Classes.Count, ridge));
    }

    /// <summary>
    /// A digest of labelled messages, in order: SHA-256 over each class name and text. The file keeps the digest of
    /// what it was fitted on, so a test can tell when the split has changed and the fit has not.
    /// </summary>
    public static string Digest(IEnumerable<(string Text, SafetyClasses Class)> messages)
    {
        using var sha = IncrementalHash.CreateHash(HashAlgorithmName.SHA256);
        foreach (var (text, c) in messages) sha.AppendData(Encoding.UTF8.GetBytes($"{SafetyClassNames.Name(c)}\t{text}\n"));
        return Convert.ToHexStringLower(sha.GetHashAndReset());
    }

    /// <summary>Where a class's scores are kept (its place in <see cref="Classes"/>).</summary>
    public static int IndexOf(SafetyClasses c)
    {
        for (var i = 0; i < Classes.Count; i++)
            if (Classes[i] == c) return i;
        throw new ArgumentException($"{c} is not one class", nameof(c));
    }
}
