namespace CmlBot.Core.Retrieval;

/// <summary>
/// A sentence-embedding model: texts in, unit-length vectors out. The core depends on this interface
/// only, so the model and its native runtime live in their own project and a machine without them
/// still answers (lexically).
/// </summary>
public interface ITextEmbedder
{
    /// <summary>Names the model; vectors kept with a persisted index are reused only for the same name.</summary>
    string Name { get; }

    /// <summary>Vectors for passages (what is searched).</summary>
    float[][] Embed(IReadOnlyList<string> texts, CancellationToken cancellationToken = default);

    /// <summary>
    /// Vectors for the corpus's own texts (passages, bank questions, subject examples, safety examples), the same as
    /// <see cref="Embed"/>. Never called with a patient's words, so an implementation may keep these on disk.
    /// </summary>
    float[][] EmbedCorpus(IReadOnlyList<string> texts, CancellationToken cancellationToken = default) => Embed(texts, cancellationToken);

    /// <summary>
    /// Vectors for questions searching passages: a model trained with a query instruction adds it here. Question to
    /// question (the bank, the subjects) compares plain vectors from <see cref="Embed"/>: the same instruction on both
    /// sides would make every two questions look alike.
    /// </summary>
    float[][] EmbedQueries(IReadOnlyList<string> texts, CancellationToken cancellationToken = default) => Embed(texts, cancellationToken);

    /// <summary>Whether <see cref="EmbedQueries"/> differs from <see cref="Embed"/> (else one vector serves both).</summary>
    bool HasQueryInstruction => false;
}
