namespace CmlBot.Core.Understanding;

/// <summary>
/// How a question's evidence becomes a decision, bound from the "Understanding" section of appsettings.json. The
/// thresholds are cosine similarities of the configured model, fitted on the development split
/// (<c>eval --fit</c>): another model needs them fitted again.
/// </summary>
public sealed class UnderstandingOptions
{
    /// <summary>A question at least this close to a bank question is answered with that question's passage.</summary>
    public double BankThreshold { get; set; } = 0.6;
    /// <summary>Below <see cref="BankThreshold"/> but at least this close: "did you mean" with the closest passages' choices.</summary>
    public double DidYouMeanThreshold { get; set; } = 0.5;
    /// <summary>A subject example at least this close, and closer than any bank question by <see cref="SubjectMargin"/>, makes the question a not-covered subject.</summary>
    public double SubjectThreshold { get; set; } = 0.5;
    public double SubjectMargin { get; set; }
    /// <summary>Lexical coverage at or above which the words' answer stands even when a subject is closer (above 1: never).</summary>
    public double FullCoverage { get; set; } = 0.9;
    /// <summary>How much lexical confidence (0..1) adds to a passage's bank similarity when choosing which passage answers.</summary>
    public double LexicalWeight { get; set; } = 0.15;
    /// <summary>
    /// How much more lexical confidence adds when choosing which of a sentence's references answers a question asking
    /// where its claim comes from: the references share the sentence's bank questions, and their titles' words tell them apart.
    /// </summary>
    public double SourceLexicalWeight { get; set; } = 0.5;
    /// <summary>
    /// Lexical coverage at or above which the words' best passage answers even when a bank question at
    /// <see cref="BankThreshold"/> points to another passage; below it the bank chooses (above 1: the bank always does).
    /// </summary>
    public double CoverageOverBank { get; set; } = 0.6;
    /// <summary>
    /// As close as this to an example is all but asking it: a question naming a section CmlBot lacks is answered only
    /// with a bank question this close, and words covering the question outweigh a subject only without an example this close.
    /// </summary>
    public double NearExact { get; set; } = 0.9;
    /// <summary>How many of a passage's (or subject's) closest examples are averaged into its score (0: its examples' centroid).</summary>
    public int Neighbours { get; set; } = 1;
    /// <summary>
    /// The ridge penalty of the <see cref="ExampleClassifier"/> fitted on the bank and the subjects' examples, which orders
    /// the passages, names the subject and can overrule one (0: no classifier; the nearest example decides alone).
    /// </summary>
    public double ClassifierRidge { get; set; } = 0.1;
    /// <summary>How much a passage's fit adds to its nearest bank question's cosine when choosing which passage answers.</summary>
    public double FitWeight { get; set; } = 1.0;
    /// <summary>
    /// A subject closer than the bank is the answer only if it also fits at least this well against the best fitting
    /// passage (negative: the classifier overrules the subject only when a passage fits clearly better).
    /// </summary>
    public double SubjectFitMargin { get; set; } = -0.1;
    /// <summary>How many "did you mean" choices, and how many in-scope questions a not-covered reply suggests.</summary>
    public int Choices { get; set; } = 3;
}
