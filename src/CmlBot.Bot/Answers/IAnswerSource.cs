using CmlBot.Core.Answers;

namespace CmlBot.Bot.Answers;

/// <summary>What the quoted summary is, for the welcome and help texts.</summary>
public sealed record SourceDescription(string Title, string Version, string LastModified);

/// <summary>
/// The bot's view of the core. Asynchronous because the host builds the index after it starts listening:
/// a turn that arrives first waits for it instead of failing.
/// </summary>
public interface IAnswerSource
{
    Task<Answer> AskAsync(string question, CancellationToken cancellationToken);
    Task<Answer?> AnswerWithAsync(string question, string passageId, CancellationToken cancellationToken);
    Task<Answer> AnswerReferenceAsync(string question, int number, CancellationToken cancellationToken);
    Task<IReadOnlyList<CitedReference>> ReferencesAsync(IReadOnlyList<int> numbers, string? documentId, CancellationToken cancellationToken);
    Task<SourceDescription> DescribeSourceAsync(CancellationToken cancellationToken);

    /// <summary>How much of a question the core reads (<c>Retrieval:MaxQuestionLength</c>): the dialog cuts longer ones itself, and says so.</summary>
    Task<int> MaxQuestionLengthAsync(CancellationToken cancellationToken);
}

/// <summary>Hands out the one <see cref="Core.QuestionAnswerer"/> once it is built.</summary>
public interface ICoreProvider
{
    bool IsReady { get; }
    Task<Core.QuestionAnswerer> GetAsync(CancellationToken cancellationToken);
}

/// <summary>A provider for a core that is already built (the chat verb, tests).</summary>
public sealed class ReadyCoreProvider(Core.QuestionAnswerer answerer) : ICoreProvider
{
    public bool IsReady => true;
    public Task<Core.QuestionAnswerer> GetAsync(CancellationToken cancellationToken) => Task.FromResult(answerer);
}
