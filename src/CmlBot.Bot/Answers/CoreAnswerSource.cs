using CmlBot.Core.Answers;

namespace CmlBot.Bot.Answers;

/// <summary>Forwards to the core; the core is thread-safe, so one instance serves every conversation.</summary>
public sealed class CoreAnswerSource(ICoreProvider core) : IAnswerSource
{
    public async Task<Answer> AskAsync(string question, CancellationToken cancellationToken) =>
        (await core.GetAsync(cancellationToken)).Ask(question);

    public async Task<Answer?> AnswerWithAsync(string question, string passageId, CancellationToken cancellationToken) =>
        (await core.GetAsync(cancellationToken)).AnswerWith(question, passageId);

    public async Task<Answer> AnswerReferenceAsync(string question, int number, CancellationToken cancellationToken) =>
        (await core.GetAsync(cancellationToken)).AnswerReference(question, number);

    public async Task<IReadOnlyList<CitedReference>> ReferencesAsync(IReadOnlyList<int> numbers, string? documentId, CancellationToken cancellationToken) =>
        (await core.GetAsync(cancellationToken)).References(numbers, documentId);

    public async Task<SourceDescription> DescribeSourceAsync(CancellationToken cancellationToken)
    {
        var document = (await core.GetAsync(cancellationToken)).Corpus.Documents[0];
        return new SourceDescription(document.Title, document.Version, document.LastModified);
    }

    public async Task<int> MaxQuestionLengthAsync(CancellationToken cancellationToken) =>
        (await core.GetAsync(cancellationToken)).Retriever.MaxQuestionLength;
}
