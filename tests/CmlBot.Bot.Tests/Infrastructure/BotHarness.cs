using CmlBot.Bot.Answers;
using CmlBot.Bot.Feedback;
using CmlBot.Core;
using Microsoft.Bot.Builder;
using Microsoft.Bot.Builder.Adapters;
using Microsoft.Bot.Schema;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace CmlBot.Bot.Tests.Infrastructure;

/// <summary>The bot as the host wires it (same AddCmlBot), over one storage, for TestAdapter conversations.</summary>
public sealed class BotHarness : IDisposable
{
    private readonly ServiceProvider _services;

    public BotHarness(IConfiguration configuration, QuestionAnswerer core, Action<IServiceCollection>? configure = null)
    {
        var services = new ServiceCollection()
            .AddLogging(b => b.AddProvider(Logs).SetMinimumLevel(LogLevel.Trace))
            .AddSingleton<ICoreProvider>(new ReadyCoreProvider(core))
            .AddCmlBot(configuration);
        configure?.Invoke(services);
        _services = services.BuildServiceProvider();
    }

    public CapturingLoggerProvider Logs { get; } = new();
    public IBot Bot => _services.GetRequiredService<IBot>();
    public IFeedbackStore Feedback => _services.GetRequiredService<IFeedbackStore>();
    public BotErrorHandler ErrorHandler => _services.GetRequiredService<BotErrorHandler>();

    public TestConversation Conversation(string conversationId = "conversation-1", string userId = "user-1") => new(this, conversationId, userId);

    /// <summary>A conversation on another channel's terms (Teams: channel id, conversation type, bot and user ids).</summary>
    public TestConversation Conversation(ConversationReference reference) => new(this, reference);

    public void Dispose() => _services.Dispose();
}

/// <summary>One TestAdapter conversation; each send runs through a TestFlow and returns that turn's replies.</summary>
public sealed class TestConversation
{
    private readonly BotHarness _harness;

    public TestConversation(BotHarness harness, string conversationId, string userId)
        : this(harness, TestAdapter.CreateConversation(conversationId, userId, "cmlbot"))
    {
    }

    public TestConversation(BotHarness harness, ConversationReference reference)
    {
        _harness = harness;
        Adapter = new TestAdapter(reference) { OnTurnError = harness.ErrorHandler.HandleAsync };
    }

    public TestAdapter Adapter { get; }

    public TestFlow Flow() => new(Adapter, _harness.Bot);

    public Task<IReadOnlyList<IMessageActivity>> SayAsync(string text) => SendAsync(Adapter.MakeActivity(text));

    public Task<IReadOnlyList<IMessageActivity>> JoinAsync() => SendAsync(new Activity(ActivityTypes.ConversationUpdate)
    {
        MembersAdded = [Adapter.Conversation.User, Adapter.Conversation.Bot],
    });

    public async Task<IReadOnlyList<IMessageActivity>> SendAsync(IActivity activity)
    {
        await Flow().Send(activity).StartTestAsync();
        var replies = new List<IMessageActivity>();
        while (Adapter.GetNextReply() is { } reply)
            if (reply.Type == ActivityTypes.Message) replies.Add(reply.AsMessageActivity());
        return replies;
    }
}
