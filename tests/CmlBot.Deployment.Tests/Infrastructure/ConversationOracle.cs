using System.Collections.Concurrent;
using CmlBot.Bot;
using CmlBot.Bot.Answers;
using CmlBot.Bot.Replies;
using CmlBot.Cli;
using CmlBot.Composition;
using CmlBot.Core;
using CmlBot.Deployment.Tests.Failover;
using CmlBot.Transcripts;
using Microsoft.Bot.Builder.Adapters;
using Microsoft.Bot.Schema;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.Logging.Abstractions;

namespace CmlBot.Deployment.Tests.Infrastructure;

/// <summary>What a turn's answer must be: its text (white space normalised), cited numbers and quoted passage.</summary>
public sealed record ExpectedReply(string Text, IReadOnlyList<int> Citations, string? PassageId)
{
    public bool Matches(BotReply reply) =>
        ReplyFacts.Normalize(reply.Text) == Text && reply.Citations.SequenceEqual(Citations) && reply.PassageId == PassageId;
}

/// <summary>
/// The reference for every reply: the same bot (same classes, same appsettings.json, lexical core) run in this process
/// with a fresh in-memory store, on exactly the messages a conversation has sent. A reply through nginx that differs
/// from it came from some other state: another conversation's, or none. Deterministic (the bot has no clock and no
/// random choice in its replies), so answers are cached by the message sequence.
/// </summary>
public sealed class ConversationOracle : IAsyncLifetime
{
    private readonly ConcurrentDictionary<string, Lazy<Task<ExpectedReply>>> _cache = new(StringComparer.Ordinal);
    private QuestionAnswerer _core = null!;
    private CmlBotFactory _factory = null!;

    public async Task InitializeAsync()
    {
        var configuration = CommandLine.Configuration(RepoRoot.Path, ["--Retrieval:Mode=lexical", "--Corpus:IndexPath="]);
        _core = await CoreFactory.CreateAsync(configuration, RepoRoot.Path, NullLogger.Instance, CancellationToken.None);
        _factory = new CmlBotFactory(
            configuration.GetSection(BotOptions.Section).Get<BotOptions>() ?? new BotOptions(),
            new ReadyCoreProvider(_core),
            teams: configuration.GetSection(TeamsOptions.Section).Get<TeamsOptions>() ?? new TeamsOptions());
    }

    /// <summary>The last message the bot sends in reply to the last of <paramref name="messages"/>, in a fresh conversation.</summary>
    public Task<ExpectedReply> ExpectAsync(IReadOnlyList<string> messages) =>
        _cache.GetOrAdd(string.Join('\u0001', messages), _ => new Lazy<Task<ExpectedReply>>(() => RunAsync(messages))).Value;

    private async Task<ExpectedReply> RunAsync(IReadOnlyList<string> messages)
    {
        var bot = _factory.Create();
        var adapter = new TestAdapter(TestAdapter.CreateConversation("oracle", "oracle-user", "cmlbot")) { OnTurnError = _factory.OnTurnError };
        IMessageActivity? last = null;
        foreach (var text in messages)
        {
            while (adapter.GetNextReply() is not null) { }
            await adapter.ProcessActivityAsync(adapter.MakeActivity(text), bot.OnTurnAsync, CancellationToken.None);
            last = null;
            while (adapter.GetNextReply() is { } reply)
                if (reply.Type == ActivityTypes.Message) last = reply.AsMessageActivity();
        }
        if (last is null) throw new InvalidOperationException($"the bot sent no message in reply to \"{messages[^1]}\"");
        return new ExpectedReply(ReplyFacts.Normalize(last.Text), Citations.Read(last), Citations.PassageId(last));
    }

    public Task DisposeAsync()
    {
        _core.Dispose();
        return Task.CompletedTask;
    }
}
