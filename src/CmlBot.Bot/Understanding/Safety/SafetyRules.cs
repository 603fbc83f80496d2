using System.Text.RegularExpressions;
using Microsoft.Extensions.Configuration;

namespace CmlBot.Bot.Understanding.Safety;

/// <summary>One trigger of a group: a <c>phrase:</c> or <c>pattern:</c> line of the content file, as a regex pattern.</summary>
/// <param name="Source">The line as written, for error messages and the evaluation's explanations.</param>
/// <param name="Slots">
/// A phrase's word slots, each as the words one of which a text must hold for the trigger to match (a trailing *
/// stands for any ending), so that a message lacking any slot's words skips its regex; null for a <c>pattern:</c>.
/// </param>
/// <param name="Required">
/// A pattern's required text (<see cref="SafetyPatternBound.RequiredText"/>), so that a message holding none of it
/// skips its regex; null for a phrase, or a pattern that requires none and always runs.
/// </param>
/// <remarks>
/// The screen matches a group's triggers together (<see cref="SafetyMatcher"/>); a trigger's own regex is built only
/// when asked for (the evaluation's explanations, the bound tests).
/// </remarks>
public sealed record SafetyTrigger(
    string Source, int Line, string Pattern, IReadOnlyList<IReadOnlyList<string>>? Slots = null, IReadOnlyList<string>? Required = null)
{
    private Regex? _regex;

    /// <summary>
    /// Every trigger's backstop: each runs over text already cut to <see cref="SafetyRules.MaxTextLength"/>; a trigger
    /// that still runs out of time counts as matched (see <see cref="SafetyScreen"/>).
    /// </summary>
    public static readonly TimeSpan MatchTimeout = TimeSpan.FromMilliseconds(MatchTimeoutMilliseconds);

    /// <summary>
    /// <see cref="MatchTimeout"/> as a constant, for the judgements' generated patterns (<see cref="PastEvent"/>,
    /// <see cref="GeneralQuestion"/>, <see cref="HappeningNow"/>): a judgement that ran out of time sooner than its
    /// trigger would keep a sign it should dismiss on nothing more than a busy machine.
    /// </summary>
    public const int MatchTimeoutMilliseconds = 1000;

    /// <summary>A <c>phrase:</c>, whose regex this file's parser wrote (else an expert's <c>pattern:</c>).</summary>
    public bool IsPhrase => Slots is not null;

    public Regex Regex => _regex ??= Compile(Pattern);

    /// <summary>
    /// Every trigger runs on the backtracking engine, whose work per start is bounded by the trigger, never by the
    /// text: a phrase's regex is words between single spaces and gaps of at most four whole words, so a text splits
    /// into words one way only; an expert's <c>pattern:</c> is accepted only in the shapes <see cref="SafetyPatternBound"/>
    /// checks. The linear-time engine would find the same matches but keeps the caches of its construction and the
    /// automata it builds from the texts it reads: about 100 MB for this file's 91 patterns, and half a second of start-up.
    /// </summary>
    public static Regex Compile(string pattern) => new(pattern, RegexOptions.CultureInvariant, MatchTimeout);
}

/// <summary>
/// One group of <c>corpus/safety.txt</c>: a class, the reply a patient reads first, the phrases that trigger it
/// and example messages (for similarity). Class <c>none</c> groups hold look-alikes only.
/// </summary>
/// <param name="Unless">Idioms that cancel a trigger they overlap ("a stroke of luck", "i almost fainted when i read").</param>
/// <param name="Similarity">How close (cosine, 0–1) a message must read to one of the examples to count.</param>
/// <param name="Reach">How far below <paramref name="Similarity"/> a message may read and still count, when the classifier
/// fitted on every group's examples and ordinary questions places it in this group (0: never).</param>
public sealed record SafetyGroup(
    string Id,
    string Title,
    SafetyClasses Class,
    string Reply,
    IReadOnlyList<SafetyTrigger> Triggers,
    IReadOnlyList<SafetyTrigger> Unless,
    IReadOnlyList<string> Examples,
    double Similarity,
    int Line,
    SafetyMatcher TriggerMatcher,
    SafetyMatcher UnlessMatcher,
    double Reach = 0)
{
    public bool IsLookAlike => Class == SafetyClasses.None;
}

/// <summary>The parsed content file: groups in file order (the first matching group of a class gives its reply).</summary>
public sealed class SafetyRules
{
    /// <summary>The reply placeholders and the <see cref="BotOptions"/> setting each stands for.</summary>
    public static readonly IReadOnlyList<string> Placeholders = ["{EmergencyNumber}", "{CrisisLine}", "{PoisonControl}"];

    /// <summary>What each regex may see: user text is cut to this many characters before any trigger runs.</summary>
    public const int MaxTextLength = 1000;

    public SafetyRules(string file, IReadOnlyList<SafetyGroup> groups, IReadOnlySet<string>? vocabulary = null, IReadOnlySet<string>? idiomWords = null,
        IReadOnlySet<string>? englishWords = null, IReadOnlyDictionary<string, string>? spoken = null, SafetyLearned? learned = null, SafetyWords? words = null)
    {
        Learned = learned;
        Words = words;
        Spelling = new SafetySpelling(vocabulary ?? new HashSet<string>(), idiomWords, englishWords, spoken);
        File = file;
        Groups = groups;
        Alerts = groups.Where(g => !g.IsLookAlike).ToList();
        LookAlikes = groups.Where(g => g.IsLookAlike).SelectMany(g => g.Examples).ToList();
    }

    public string File { get; }

    /// <summary>Reads a misspelt trigger word as the word ("brethe" as "breathe", "gleevac" as "gleevec").</summary>
    public SafetySpelling Spelling { get; }
    public IReadOnlyList<SafetyGroup> Groups { get; }

    /// <summary>The groups that flag a message (every class but none).</summary>
    public IReadOnlyList<SafetyGroup> Alerts { get; }

    /// <summary>Ordinary messages that read like alerts: a message closer to one of these than to any alert example is not flagged by similarity.</summary>
    public IReadOnlyList<string> LookAlikes { get; }

    /// <summary>The learnt step fitted for this file (<see cref="SafetyLearnedFile"/>), or null: phrases and examples alone.</summary>
    public SafetyLearned? Learned { get; }

    /// <summary>The word step fitted for this file (<see cref="SafetyWordsFile"/>), or null.</summary>
    public SafetyWords? Words { get; }

    /// <summary>A message as every trigger and the word step read it: cut, prepared (<see cref="SafetyText"/>) and spelt right.</summary>
    public string Prepare(string text) => Spelling.Correct(SafetyText.Prepare(text, MaxTextLength));

    public IEnumerable<SafetyTrigger> Triggers => Alerts.SelectMany(g => g.Triggers);

    /// <summary>A group's reply with its placeholders filled from the settings.</summary>
    public static string Fill(SafetyGroup group, BotOptions options) => group.Reply
        .Replace("{EmergencyNumber}", options.EmergencyNumber, StringComparison.Ordinal)
        .Replace("{CrisisLine}", options.CrisisLine, StringComparison.Ordinal)
        .Replace("{PoisonControl}", options.PoisonControl, StringComparison.Ordinal);

    /// <summary>
    /// Where the file is: <c>Corpus:SafetyFile</c> in <c>Corpus:Path</c>, against the content root (the web host's
    /// <c>contentRoot</c> setting, else <paramref name="contentRoot"/>, else the nearest folder up from the current one
    /// that holds it, as the command line finds its content root).
    /// </summary>
    public static string Locate(Microsoft.Extensions.Configuration.IConfiguration? configuration, string? contentRoot = null)
    {
        var corpus = configuration?.GetSection("Corpus").Get<Core.Corpus.CorpusOptions>() ?? new Core.Corpus.CorpusOptions();
        var relative = System.IO.Path.Combine(corpus.Path, corpus.SafetyFile);
        var root = configuration?["contentRoot"] ?? contentRoot;
        if (root is not null || System.IO.Path.IsPathRooted(relative)) return System.IO.Path.GetFullPath(relative, root ?? "/");
        foreach (var start in new[] { Directory.GetCurrentDirectory(), AppContext.BaseDirectory })
            for (var dir = new DirectoryInfo(start); dir is not null; dir = dir.Parent)
                if (System.IO.File.Exists(System.IO.Path.Combine(dir.FullName, relative))) return System.IO.Path.Combine(dir.FullName, relative);
        return System.IO.Path.GetFullPath(relative);
    }

    /// <summary>
    /// Reads and checks the file, and the learnt steps beside it when there are (<see cref="SafetyLearnedFile.Beside"/>,
    /// <see cref="SafetyWordsFile.Beside"/>); a problem throws <see cref="Core.Corpus.CorpusFormatException"/> naming the file and line.
    /// </summary>
    public static SafetyRules Load(string path) =>
        SafetyRulesParser.Parse(path, Core.Corpus.CorpusLoader.DecodeText(path, ReadBytes(path)), SafetyLearnedFile.LoadBeside(path), SafetyWordsFile.LoadBeside(path));

    private static byte[] ReadBytes(string path) =>
        System.IO.File.Exists(path) ? System.IO.File.ReadAllBytes(path) : throw new Core.Corpus.CorpusFormatException(path, 0, "the safety file is missing");
}
