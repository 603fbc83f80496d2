using CmlBot.TestServers;

namespace CmlBot.LoadTest;

/// <summary>
/// The hosts a load test measures, each a child process so that its resident memory is its own: the real host
/// (<c>CmlBot.dll</c>, copied next to this tool) and the echo ceiling (this tool's <c>serve-echo</c>, the same host
/// builder with <see cref="LoadTestEchoBot"/> in place of CmlBot's bot).
/// </summary>
public static class LoadTestHosts
{
    /// <summary>The argument that makes this tool serve the echo bot (see Program.cs).</summary>
    public const string ServeEcho = "serve-echo";

    /// <summary>
    /// All load comes from 127.0.0.1: the per-client, per-conversation and per-route rate limits and the conversation caps are lifted. To the
    /// largest value, not a merely large one: the echo host answers some 7,000 turns/s, about 2.2 requests each, so a
    /// run of a minute or more passed a million requests in one 60 s window and was refused (429) from then on.
    /// </summary>
    public static readonly IReadOnlyList<string> LoadOverrides =
    [
        "--DirectLine:RateLimit:PermitsPerWindow=2147483647",
        "--DirectLine:RateLimit:PermitsPerConversation=2147483647",
        "--DirectLine:RateLimit:TokenPermitsPerWindow=2147483647",
        "--DirectLine:RateLimit:PagePermitsPerWindow=2147483647",
        "--DirectLine:MaxConversations=2147483647",
        "--DirectLine:MaxConversationsPerClient=2147483647",
        "--Hosting:MessagesRateLimit:PermitsPerWindow=2147483647",
    ];

    /// <summary>The real host's CmlBot.dll, next to this tool.</summary>
    public static string DefaultHostDll => Path.Combine(AppContext.BaseDirectory, "CmlBot.dll");

    /// <summary>This tool's own dll, which serves the echo bot when started with <see cref="ServeEcho"/>.</summary>
    public static string ToolDll => typeof(LoadTestHosts).Assembly.Location;

    public static HostProcess Start(string hostDll, string contentRoot, string mode, bool echo, IEnumerable<string> overrides,
        IReadOnlyDictionary<string, string> environment)
    {
        IEnumerable<string> arguments = [$"--Retrieval:Mode={mode}", .. LoadOverrides, .. overrides];
        return echo
            ? HostProcess.Start(ToolDll, contentRoot, [ServeEcho, .. arguments], environment)
            : HostProcess.Start(hostDll, contentRoot, arguments, environment);
    }
}
