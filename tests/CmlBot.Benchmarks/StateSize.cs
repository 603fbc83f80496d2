using System.Globalization;
using CmlBot.Bot;
using CmlBot.Bot.Answers;
using CmlBot.Bot.State;
using CmlBot.Core;
using CmlBot.Core.Corpus;
using CmlBot.Core.Retrieval;
using CmlBot.Storage;
using Microsoft.Bot.Builder.Adapters;

namespace CmlBot.Benchmarks;

/// <summary>
/// What each finished conversation keeps in the host's default store (conversation and user state) for the idle
/// expiry: the managed heap after N conversations of the load test's script (a question, "which study?", "tell me
/// more", twice), per conversation. Under load the host keeps thousands, so this is what its resident memory grows
/// by. <c>dotnet run -c Release --project tests/CmlBot.Benchmarks -- --state-size [conversations]</c>
/// </summary>
internal static class StateSize
{
    private static readonly string[] Questions =
    [
        "Why do donor lymphocyte infusions work?",
        "What is relative failure on imatinib?",
        "Is Tasigna an alternative after imatinib resistance?",
        "Can interferon help after relapse from a stem cell transplant?",
        "Which study looked at dasatinib in blast crisis?",
    ];

    public static int Run(string[] args)
    {
        var count = args.Length > 1 && int.TryParse(args[1], CultureInfo.InvariantCulture, out var n) && n > 0 ? n : 5000;
        using var answerer = QuestionAnswerer.CreateAsync(new CorpusOptions { Path = Path.Combine(Repo.Root(), "corpus") },
            new RetrievalOptions { Mode = RetrievalOptions.Lexical }).GetAwaiter().GetResult();
        var storage = new ExpiringMemoryStorage(new MemoryStorageOptions(), TimeProvider.System);
        var bot = new CmlBotFactory(new BotOptions(), new ReadyCoreProvider(answerer)).Create(storage);
        var adapter = new TestAdapter();

        void Conversation(int number)
        {
            // Ids shaped as the load test's: a GUID conversation and a user of its own.
            adapter.Conversation = TestAdapter.CreateConversation($"lt-{Guid.NewGuid():N}", $"lt-user-{number}", "cmlbot");
            for (var turn = 0; turn < 6; turn++)
            {
                var text = (turn % 3) switch { 0 => Questions[(number + turn / 3) % Questions.Length], 1 => "which study?", _ => "tell me more" };
                adapter.SendTextToBotAsync(text, bot.OnTurnAsync, CancellationToken.None).GetAwaiter().GetResult();
                while (adapter.GetNextReply() is not null) { }
            }
        }

        for (var i = 0; i < 200; i++) Conversation(i); // code, caches and the store's table warm
        var before = GC.GetTotalMemory(forceFullCollection: true);
        var items = storage.Count;
        for (var i = 0; i < count; i++) Conversation(1000 + i);
        var after = GC.GetTotalMemory(forceFullCollection: true);
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"{count} conversations of 6 turns: {(after - before) / (double)count:F0} bytes of managed heap each, {(storage.Count - items) / (double)count:F1} store items each"));
        GC.KeepAlive(bot);
        return 0;
    }
}
