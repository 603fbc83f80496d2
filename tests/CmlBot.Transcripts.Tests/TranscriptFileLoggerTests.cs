using Microsoft.Bot.Schema;

namespace CmlBot.Transcripts.Tests;

public sealed class TranscriptFileLoggerTests : IDisposable
{
    private readonly string _root = Path.Combine(Path.GetTempPath(), "cmlbot-transcripts-" + Guid.NewGuid().ToString("N"));

    private static Activity Message(string channel, string conversation, string text, bool fromBot = false) => new(ActivityTypes.Message)
    {
        Id = Guid.NewGuid().ToString("N"),
        ChannelId = channel,
        Conversation = new ConversationAccount(id: conversation),
        From = fromBot ? new ChannelAccount("bot", "Bot", RoleTypes.Bot) : new ChannelAccount("user", "User", RoleTypes.User),
        Recipient = fromBot ? new ChannelAccount("user", "User", RoleTypes.User) : new ChannelAccount("bot", "Bot", RoleTypes.Bot),
        Text = text,
    };

    public static TheoryData<string, string> HostileIds => new()
    {
        { "../../x", "c" },
        { "emulator", "../../../outside" },
        { "/tmp", "abs" },
        { "emulator", "/etc/passwd" },
        { "..", ".." },
        { "", "" },
        { "a\0b", "c\0d" },
        { "C:\\Windows", "..\\..\\x" },
    };

    [Theory]
    [MemberData(nameof(HostileIds))]
    public async Task No_file_is_written_outside_the_record_folder(string channel, string conversation)
    {
        var folder = Path.Combine(_root, "a", "b", "record");
        using var logger = new TranscriptFileLogger(folder);
        await logger.LogActivityAsync(Message(channel, conversation, "What is imatinib?"));
        await logger.LogActivityAsync(Message(channel, conversation, "An answer.", fromBot: true));

        var file = Assert.Single(Directory.GetFiles(_root, "*", SearchOption.AllDirectories));
        Assert.Equal(folder, Path.GetDirectoryName(file));
        var turn = Assert.Single(TranscriptReader.Read(file).Turns);
        Assert.Equal("What is imatinib?", turn.User.Text);
    }

    [Fact]
    public async Task Conversations_get_files_of_their_own_and_concurrent_turns_keep_each_valid()
    {
        using var logger = new TranscriptFileLogger(_root);
        await Task.WhenAll(Enumerable.Range(0, 40).Select(i => logger.LogActivityAsync(Message("test", $"c{i % 4}", $"question {i}"))));
        var files = Directory.GetFiles(_root);
        Assert.Equal(4, files.Length);
        Assert.Equal(40, files.Sum(f => TranscriptReader.Read(f).Turns.Count));
        Assert.NotEqual(logger.PathFor("ab", "c"), logger.PathFor("a", "bc"));
    }

    public void Dispose()
    {
        if (Directory.Exists(_root)) Directory.Delete(_root, recursive: true);
    }
}
