namespace CmlBot.Core.Retrieval;

/// <summary>Retrieval tuning, bound from the "Retrieval" section of appsettings.json; the defaults are the same values.</summary>
public sealed class RetrievalOptions
{
    public double ContextWeight { get; set; } = 0.35;
    public double SynonymWeight { get; set; } = 0.8;
    public double CorrectedWeight { get; set; } = 0.9;
    public double ReferenceWeight { get; set; } = 0.6;
    public double ReferenceIntentWeight { get; set; } = 1.6;
    public double SpecificityFloor { get; set; } = 1.0;
    /// <summary>The weight of a question word no passage holds ("cost", "diet"): high, so such questions are refused.</summary>
    public double UnknownWordWeight { get; set; } = 2.5;
    /// <summary>Longer questions are answered on their first this-many characters, cut at a word (the bot says so).</summary>
    public int MaxQuestionLength { get; set; } = 1000;
    /// <summary>How many distinct words (and phrases) the retriever remembers the analysis and spelling of; when full it starts afresh.</summary>
    public int WordMemoCapacity { get; set; } = 4096;
    /// <summary>How much BM25 counts in the ranking beside coverage (0..1).</summary>
    public double Bm25Share { get; set; } = 0.05;
    /// <summary>Credit for a question concept found in the sentences quoted with a passage ("this treatment" comes with the sentence that
    /// names it), rather than in it: nearly full, as the patient reads them in the same quote, yet below the sentence that names it.</summary>
    public double LeadCredit { get; set; } = 0.95;
    /// <summary>Credit for a concept found only elsewhere in the passage's paragraph or its section title.</summary>
    public double ContextCredit { get; set; } = 0.5;
    /// <summary>Treatments whose naming makes them the focus of a question (their synonyms come along).</summary>
    public IList<string> FocusTerms { get; set; } = ["imatinib", "dasatinib", "nilotinib", "interferon", "donor lymphocyte infusion"];
    public double FocusWeight { get; set; } = 3.0;

    public const string Lexical = "lexical";
    public const string Hybrid = "hybrid";

    /// <summary>"lexical" (BM25 and coverage) or "hybrid" (fused with a sentence-embedding model).</summary>
    public string Mode { get; set; } = Hybrid;
    public bool IsHybrid => string.Equals(Mode, Hybrid, StringComparison.OrdinalIgnoreCase);

    /// <summary>The same settings in another mode (the evaluation compares modes, and fits weights, on copies).</summary>
    public RetrievalOptions WithMode(string mode)
    {
        var copy = (RetrievalOptions)MemberwiseClone();
        copy.Mode = mode;
        copy.FocusTerms = [.. FocusTerms];
        return copy;
    }
    /// <summary>Hybrid: the share of calibrated similarity in ranking and confidence (0..1).</summary>
    public double SemanticWeight { get; set; } = 0.6;
    /// <summary>Hybrid: cosine similarity at or below which a passage counts as unrelated.</summary>
    public double SimilarityFloor { get; set; } = 0.2;
    /// <summary>Hybrid: cosine similarity at or above which a passage counts as a full match.</summary>
    public double SimilarityCeiling { get; set; } = 0.65;
    /// <summary>Hybrid: the sentence model, "all-MiniLM-L6-v2" or "snowflake-arctic-embed-xs" (see CmlBot.Embeddings).</summary>
    public string Model { get; set; } = "all-MiniLM-L6-v2";
    /// <summary>
    /// Hybrid: "int8" (patients' questions run through the model quantized when it first loads, about three times
    /// faster per question, while the corpus's own texts keep the fp32 model's vectors, worked out once and kept in
    /// <see cref="CacheFolder"/>) or "fp32" (the model as published for both). README "Performance" compares them.
    /// </summary>
    public string ModelPrecision { get; set; } = "int8";
    /// <summary>Hybrid: how many of the closest passages by meaning join Lucene's candidates.</summary>
    public int SemanticCandidates { get; set; } = 8;
    /// <summary>
    /// Hybrid: a folder for what is worked out from the model and the corpus and kept between starts (the model's file
    /// as ONNX Runtime loads it, the vectors of the corpus's own texts; never a patient's words), relative to the
    /// content root; empty: everything worked out at every start.
    /// </summary>
    public string CacheFolder { get; set; } = "artifacts/cache";
    /// <summary>Hybrid: how many recent question vectors are remembered (a question asked again costs no inference; 0: none).</summary>
    public int QuestionVectorCapacity { get; set; } = 4096;
}
