using System.Globalization;

namespace CmlBot.LoadTest;

/// <summary>Which endpoints the load test drives.</summary>
public enum LoadTestTransport { Messages, DirectLine }

public static class LoadTestTransportNames
{
    /// <summary>The transport as the report names it: "messages" or "directline".</summary>
    public static string Name(this LoadTestTransport transport) => transport == LoadTestTransport.Messages ? "messages" : "directline";
}

/// <summary>
/// <c>loadtest</c>'s settings. Bounded on purpose: a fixed number of concurrent conversations, a fixed number of
/// turns each, a fixed measuring time; workers start fresh conversations until the time is up, then stop.
/// </summary>
public sealed record LoadTestOptions
{
    public int Conversations { get; init; } = 64;
    public int Turns { get; init; } = 6;
    public double DurationSeconds { get; init; } = 20;
    /// <summary>
    /// Unmeasured load before each measured run, so JIT and tiering are not counted. Long on purpose: dynamic PGO
    /// (on by default) compiles hot code twice, instrumented and then optimised, and on a 2-core machine under load
    /// CmlBot's host settles only after 20–30 s. Measured in alternating 5 s rounds: after 10 s of
    /// warm-up the first CmlBot round ran at 0.33–0.40 of echo and the later ones at 0.62–0.65; after 20 s, 0.51
    /// then 0.59–0.63; with PGO off (DOTNET_TieredPGO=0) every round was 0.56 from the start, at 30 % fewer turns/s.
    /// </summary>
    public double WarmupSeconds { get; init; } = 30;
    public string Mode { get; init; } = "lexical";
    public IReadOnlyList<LoadTestTransport> Transports { get; init; } = [LoadTestTransport.Messages, LoadTestTransport.DirectLine];
    public bool EchoCeiling { get; init; }
    /// <summary>
    /// With the echo ceiling: the measured time is split into this many rounds, CmlBot and echo taking turns in
    /// each, and the ratio is that of their totals. One window each would let a shared machine's
    /// slow minute fall on one bot only: the ratio moved 0.39–0.59 between runs of the same build that way.
    /// </summary>
    public int Rounds { get; init; } = 4;
    public bool Json { get; init; }
    /// <summary>Spawn <c>ask</c> once to time its cold start (the host's cold start is always measured).</summary>
    public bool AskColdStart { get; init; } = true;
    /// <summary>The host's CmlBot.dll; default: the one this process runs from.</summary>
    public string? HostDll { get; init; }
    /// <summary>A turn that takes longer than this counts as an error (and the worker moves on).</summary>
    public double TurnTimeoutSeconds { get; init; } = 30;
    /// <summary>--Section:Key=value arguments given to loadtest, passed on to the child host.</summary>
    public IReadOnlyList<string> HostOverrides { get; init; } = [];
    /// <summary>The hosts' Storage:Kind: <c>memory</c> (in process) or <c>redis</c>.</summary>
    public string Storage { get; init; } = "memory";
    /// <summary>With redis: an existing server's host:port; null starts a private redis-server for the run.</summary>
    public string? Redis { get; init; }

    public const string Usage = """
        usage: CmlBot.LoadTest [--conversations 64] [--turns 6] [--duration 20] [--warmup 30] [--mode lexical|hybrid]
                                    [--transport messages|directline|both] [--echo-ceiling [--rounds 4]] [--no-ask] [--json]
                                    [--storage memory|redis] [--redis HOST:PORT  (else --storage redis starts its own redis-server)]
                                    [--host-dll PATH] [--turn-timeout 30] [--Section:Key=value ...  (passed to the host)]
        """;

    /// <summary>Parses the verb's arguments; returns null and an error message on a bad one.</summary>
    public static LoadTestOptions? Parse(IReadOnlyList<string> args, IReadOnlyList<string> hostOverrides, out string? error)
    {
        var options = new LoadTestOptions { HostOverrides = hostOverrides };
        error = null;
        for (var i = 0; i < args.Count; i++)
        {
            var arg = args[i];
            string Value() => i + 1 < args.Count ? args[++i] : throw new FormatException($"{arg} needs a value");
            try
            {
                options = arg switch
                {
                    "--conversations" => options with { Conversations = Positive(int.Parse(Value(), CultureInfo.InvariantCulture), arg) },
                    "--turns" => options with { Turns = Positive(int.Parse(Value(), CultureInfo.InvariantCulture), arg) },
                    "--duration" => options with { DurationSeconds = Positive(double.Parse(Value(), CultureInfo.InvariantCulture), arg) },
                    "--warmup" => options with { WarmupSeconds = Math.Max(0, double.Parse(Value(), CultureInfo.InvariantCulture)) },
                    "--turn-timeout" => options with { TurnTimeoutSeconds = Positive(double.Parse(Value(), CultureInfo.InvariantCulture), arg) },
                    "--mode" => options with { Mode = ParseMode(Value()) },
                    "--transport" => options with { Transports = ParseTransport(Value()) },
                    "--echo-ceiling" => options with { EchoCeiling = true },
                    "--rounds" => options with { Rounds = Positive(int.Parse(Value(), CultureInfo.InvariantCulture), arg) },
                    "--no-ask" => options with { AskColdStart = false },
                    "--json" => options with { Json = true },
                    "--host-dll" => options with { HostDll = Value() },
                    "--storage" => options with { Storage = ParseStorage(Value()) },
                    "--redis" => options with { Redis = Value() },
                    _ => throw new FormatException($"unknown argument {arg}"),
                };
            }
            catch (FormatException e)
            {
                error = e.Message;
                return null;
            }
        }
        if (options.Redis is not null && options.Storage != "redis")
        {
            error = "--redis needs --storage redis";
            return null;
        }
        return options;
    }

    private static T Positive<T>(T value, string name) where T : IComparable<T> =>
        value.CompareTo(default) > 0 ? value : throw new FormatException($"{name} must be positive");

    private static string ParseMode(string value) =>
        value is "lexical" or "hybrid" ? value : throw new FormatException("--mode is lexical or hybrid");

    private static string ParseStorage(string value) =>
        value is "memory" or "redis" ? value : throw new FormatException("--storage is memory or redis");

    private static IReadOnlyList<LoadTestTransport> ParseTransport(string value) => value switch
    {
        "messages" => [LoadTestTransport.Messages],
        "directline" => [LoadTestTransport.DirectLine],
        "both" => [LoadTestTransport.Messages, LoadTestTransport.DirectLine],
        _ => throw new FormatException("--transport is messages, directline or both"),
    };
}
