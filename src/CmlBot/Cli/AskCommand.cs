using System.Text.Encodings.Web;
using System.Text.Json;
using System.Text.Json.Serialization;
using CmlBot.Core;
using CmlBot.Core.Answers;

namespace CmlBot.Cli;

/// <summary>
/// <c>ask "question"</c> prints the answer as a person reads it; <c>ask --json "question"</c> prints one
/// JSON object; <c>ask --json</c> alone reads one question a line from standard input and writes one
/// object a line, in order, in one process.
/// </summary>
public static class AskCommand
{
    private static readonly JsonSerializerOptions Json = new()
    {
        PropertyNamingPolicy = JsonNamingPolicy.CamelCase,
        Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping, // readable “quotes” and ®; still valid JSON
        DefaultIgnoreCondition = JsonIgnoreCondition.Never,
    };

    /// <summary>
    /// The first option ask does not know ("--jsn"), or null: without this it would be asked as part of the question,
    /// and the answer would look like one to a question never meant.
    /// </summary>
    public static string? UnknownOption(IReadOnlyList<string> args) =>
        args.FirstOrDefault(a => a.StartsWith("--", StringComparison.Ordinal) && !Options.Contains(a));

    private static readonly string[] Options = ["--json", "--explain"];

    public const string Usage = "ask [--json] [--explain] \"question\"   (or: ask --json < questions.txt)";

    /// <param name="safety">The bot's safety screen: its reply is printed first, and <c>--json</c> names its class in <c>"safety"</c>.</param>
    public static async Task<int> RunAsync(QuestionAnswerer answerer, IReadOnlyList<string> args, TextReader input, TextWriter output, CancellationToken cancellationToken,
        Bot.Understanding.Safety.SafetyScreen? safety = null, Bot.BotOptions? options = null)
    {
        var json = args.Contains("--json");
        var explain = args.Contains("--explain");
        var words = args.Where(a => !Options.Contains(a)).ToList();
        if (words.Count > 0)
        {
            if (explain) await output.WriteLineAsync(Explain(answerer, string.Join(" ", words)));
            var question = string.Join(" ", words);
            var screened = safety is null ? null : await safety.CheckAsync(question, cancellationToken);
            if (!json && screened is not null) foreach (var g in screened.Replies)
                await output.WriteLineAsync(Bot.Understanding.Safety.SafetyRules.Fill(g, options ?? new Bot.BotOptions()) + Environment.NewLine);
            var answer = answerer.Ask(question);
            await output.WriteLineAsync(json ? ToJson(answer, screened?.Name) : answer.Text);
            return 0;
        }
        if (!json)
        {
            await Console.Error.WriteLineAsync("usage: " + Usage);
            return 2;
        }
        while (await input.ReadLineAsync(cancellationToken) is { } line)
            await output.WriteLineAsync(ToJson(answerer.Ask(line), safety is null ? null : (await safety.CheckAsync(line, cancellationToken)).Name));
        return 0;
    }

    /// <summary>Why the bot answered as it did: the analysed question, the ranked candidates, the nearest bank questions and subject, and the decision.</summary>
    public static string Explain(QuestionAnswerer answerer, string question)
    {
        var (evidence, decision) = answerer.Understand(question.Trim());
        var result = evidence.Retrieval;
        var lines = new List<string>();
        foreach (var fix in result.Plan.Corrections) lines.Add($"spelling: {fix.From} → {fix.To}");
        foreach (var c in result.Plan.Concepts)
            lines.Add($"concept {string.Join(" ", c.Original)} (+{string.Join(", ", c.Synonyms.Select(p => string.Join(" ", p)))}) weight {c.Weight:F2}{(c.Corrected ? " corrected" : "")}");
        lines.Add($"mode: {answerer.Mode}");
        lines.Add($"reference intent: {result.Plan.ReferenceIntent}; reference number: {result.Plan.ReferenceNumber?.ToString(System.Globalization.CultureInfo.InvariantCulture) ?? "-"}");
        foreach (var h in result.Hits.Take(8))
            lines.Add($"  {h.Score,7:F3}  conf {h.Confidence:F2}  cov {h.Coverage:F2}  sim {h.Similarity:F2}  {h.Passage.Id}  {Shorten(h.Passage.Text)}");
        if (evidence.MissingSection is not null) lines.Add($"missing section: {evidence.MissingSection}");
        if (evidence.Examples is { } examples)
        {
            lines.Add("passages by nearest bank question's cosine plus fit:");
            foreach (var m in examples.Passages.Take(5)) lines.Add($"  {m.Cosine:F3}  fit {m.Fit:F2}  {m.PassageId}  \"{Shorten(m.Question)}\"");
            if (examples.Subject is { } subject) lines.Add($"nearest not-covered subject: {subject.Cosine:F3}  fit {subject.Fit:F2}  {subject.Subject.Id}  \"{Shorten(subject.Example)}\"");
            if (examples.Named is { } named && named.Subject != examples.Subject?.Subject)
                lines.Add($"subject named if refused: {named.Cosine:F3}  fit {named.Fit:F2}  {named.Subject.Id}  \"{Shorten(named.Example)}\"");
        }
        else lines.Add("bank and subjects: not matched (no model: lexical decision)");
        lines.Add($"decision: {decision.Kind}{(decision.PassageId is null ? "" : " " + decision.PassageId)}{(decision.Subject is null ? "" : " " + decision.Subject.Id)}"
            + (decision.Choices.Count > 0 ? " [" + string.Join(", ", decision.Choices) + "]" : "") + $" ({decision.Reason})");
        return string.Join(Environment.NewLine, lines) + Environment.NewLine;
    }

    private static string Shorten(string s) => s.Length <= 80 ? s : s[..80] + "…";

    /// <param name="safety">The safety class the message needs ("emergency", "crisis", "urgent", "medicine-change"), or null.</param>
    public static string ToJson(Answer answer, string? safety = null) => answer.Subject is null
        ? JsonSerializer.Serialize(Body(answer, safety), Json)
        : JsonSerializer.Serialize(new SubjectJson(answer.Question, answer.Answered, answer.Confidence, answer.Text, [], [], safety, answer.Subject, answer.Suggestions), Json);

    private static AskJson Body(Answer answer, string? safety) => new(
        answer.Question,
        answer.Answered,
        answer.Confidence,
        answer.Text,
        answer.Passages.Select(p => new PassageJson(p.DocumentTitle, p.Section, p.Text, p.References)).ToList(),
        answer.References.Select(r => new ReferenceJson(r.Number, r.Text)).ToList(),
        safety);

    private sealed record AskJson(string Question, bool Answered, double Confidence, string Answer, IReadOnlyList<PassageJson> Passages, IReadOnlyList<ReferenceJson> References, string? Safety);
    // A not-covered subject: never a quote, so passages and references are always empty.
    private sealed record SubjectJson(string Question, bool Answered, double Confidence, string Answer, IReadOnlyList<PassageJson> Passages,
        IReadOnlyList<ReferenceJson> References, string? Safety, string Subject, IReadOnlyList<string> Suggestions);
    private sealed record PassageJson(string Document, string Section, string Text, IReadOnlyList<int> References);
    private sealed record ReferenceJson(int Number, string Text);
}
