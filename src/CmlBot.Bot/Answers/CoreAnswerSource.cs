using CmlBot.Core.Answers;

namespace CmlBot.Bot.Answers;

/// <summary>
/// Forwards to the core; the core is thread-safe, so one instance serves every conversation. Answering a question
/// runs the sentence model, so it goes through the <see cref="ComputeGate"/>.
/// </summary>
public sealed class CoreAnswerSource(ICoreProvider core, ComputeGate? gate = null) : IAnswerSource
{
    public async Task<Answer> AskAsync(string question, CancellationToken cancellationToken)
    {
        var answerer = await core.GetAsync(cancellationToken);
        return gate is null ? answerer.Ask(question) : await gate.RunAsync(() => answerer.Ask(question), cancellationToken);
    }

    public async Task<Answer?> AnswerWithAsync(string question, string passageId, CancellationToken cancellationToken)
    {
        var answerer = await core.GetAsync(cancellationToken);
        return gate is null ? answerer.AnswerWith(question, passageId) : await gate.RunAsync(() => answerer.AnswerWith(question, passageId), cancellationToken);
    }

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
