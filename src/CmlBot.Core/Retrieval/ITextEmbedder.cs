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

    float[][] Embed(IReadOnlyList<string> texts, CancellationToken cancellationToken = default);
}
