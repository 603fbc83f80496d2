using System.Collections.Concurrent;
using System.Text;
using CmlBot.Core.Corpus;
using CmlBot.Core.Retrieval;

namespace CmlBot.Core.Answers;

/// <summary>
/// Builds answers from passages, quoting the summary verbatim. It never writes medical text of its own:
/// everything between quotation marks is the summary's, and the only other words are labels
/// ("References", "Source") and the honest no-answer.
/// </summary>
public sealed class AnswerComposer(AnswerOptions options)
{
    // An answer's references and text depend only on the passage it quotes, never on the question: worked out the first
    // time a passage is quoted and kept (at most one entry per passage of the corpus).
    private readonly ConcurrentDictionary<(string DocumentId, string PassageId), Rendered> _rendered = new();

    private sealed record Rendered(IReadOnlyList<CitedReference> References, SourceInfo Source, string Text);

    public static AnswerPassage ToPassage(Passage p, double confidence)
    {
        if (p.Kind == PassageKind.Reference)
        {
            var r = p.Reference!;
            return new AnswerPassage(p.Id, p.Kind, p.Document.Id, p.Document.Title, "References", r.Text, [r.Number],
                $"Reference {r.Number}: {r.ShortName}", confidence);
        }
        var quoted = QuotedSentences(p);
        var refs = quoted.SelectMany(s => s.Citations).Distinct().Order().ToList();
        var text = string.Join(" ", quoted.Select(s => s.Text));
        return new AnswerPassage(p.Id, p.Kind, p.Document.Id, p.Document.Title, p.Sentence!.SectionTitle, text, refs,
            Label(p.Sentence.PlainText), confidence);
    }

    /// <summary>The sentence with just enough of its paragraph before it to read on its own.</summary>
    public static IReadOnlyList<Sentence> QuotedSentences(Passage p) => QuoteSpan.For(p.Paragraph!, p.Sentence!);

    public Answer Compose(string question, double confidence, AnswerPassage quoted, IReadOnlyList<AnswerPassage> others,
        IReadOnlyList<AnswerPassage> followUps, IReadOnlyList<AnswerPassage> alternatives, PdqDocument document, IReadOnlyList<SpellingFix> fixes)
    {
        var rendered = _rendered.GetOrAdd((document.Id, quoted.Id), _ => Render(quoted, document));
        var passages = new[] { quoted }.Concat(others.Where(o => !Overlaps(o, quoted))).Take(options.MaxPassages).ToList();
        return new Answer(question, true, Math.Round(confidence, 3), rendered.Text, passages, rendered.References, rendered.Source,
            followUps.Where(f => f.Id != quoted.Id).ToList(), alternatives, null, fixes);
    }

    private static Rendered Render(AnswerPassage quoted, PdqDocument document)
    {
        var references = quoted.References
            .Select(n => document.FindReference(n) ?? throw new InvalidOperationException($"reference {n} missing from {document.Id}"))
            .Select(ToCited)
            .ToList();
        var source = new SourceInfo(document.Title, document.Version, quoted.Section, document.LastModified);

        var text = new StringBuilder();
        if (quoted.Kind == PassageKind.Reference)
        {
            var r = references[0];
            text.AppendLine($"Reference {r.Number} of the summary:");
            text.AppendLine($"[{r.Number}] {r.Text}");
            text.AppendLine();
            text.AppendLine($"Source: {new SourceInfo(document.Title, document.Version, "References", document.LastModified).Describe()}");
        }
        else
        {
            text.AppendLine("From the summary:");
            text.AppendLine($"“{quoted.Text}”");
            text.AppendLine();
            if (references.Count > 0)
            {
                text.AppendLine("References");
                foreach (var r in references) text.AppendLine($"[{r.Number}] {r.Text}");
            }
            else
            {
                text.AppendLine($"The summary gives no numbered reference for this passage; it comes from the section “{quoted.Section}”.");
            }
            text.AppendLine();
            text.AppendLine($"Source: {source.Describe()}");
        }
        return new Rendered(references.AsReadOnly(), quoted.Kind == PassageKind.Reference ? source with { Section = "References" } : source,
            text.ToString().TrimEnd());
    }

    public Answer NoAnswer(string question, double confidence, IReadOnlyList<PdqDocument> documents, string? missingSection,
        IReadOnlyList<SpellingFix> fixes, string? detail = null)
    {
        var text = new StringBuilder();
        var doc = documents[0];
        var covered = string.Join(", ", documents.SelectMany(d => d.Sections).Select(s => $"“{s.Title}”").Distinct());
        text.Append($"I couldn't find an answer to that in the summary I quote from ({doc.Title}{(doc.Version.Length > 0 ? ", " + doc.Version : "")}, last modified {doc.LastModified}). ");
        text.Append($"CmlBot holds only its section {covered}, so I won't guess.");
        if (detail is not null) text.Append(' ').Append(detail);
        if (missingSection is not null)
            text.Append($" The full summary has a section “{missingSection}”, but its text is not in CmlBot's copy.");
        text.AppendLine();
        text.Append($"For help, contact {options.HelpLine}, and talk with your care team.");
        return new Answer(question, false, Math.Round(confidence, 3), text.ToString(), [], [], null, [], [], missingSection, fixes);
    }

    /// <summary>
    /// A subject the summary does not cover: the subject's own reply (written by a clinician in not-covered.txt), no quote,
    /// and questions the summary does answer.
    /// </summary>
    public static Answer NotCovered(string question, Understanding.NotCoveredSubject subject, IReadOnlyList<string> suggestions, IReadOnlyList<SpellingFix> fixes,
        string? missingSection = null)
    {
        var text = missingSection is null ? subject.Reply
            : $"{subject.Reply} The full summary has a section “{missingSection}”, but its text is not in CmlBot's copy.";
        return new(question, false, 0, text, [], [], null, [], [], missingSection, fixes) { Subject = subject.Id, Suggestions = suggestions };
    }

    public static CitedReference ToCited(Reference r) => new(r.DocumentId, r.Number, r.Text, r.ShortName, r.Title, r.Year);

    private static bool Overlaps(AnswerPassage a, AnswerPassage b) =>
        a.Id == b.Id || a.Text.Contains(b.Text, StringComparison.Ordinal) || b.Text.Contains(a.Text, StringComparison.Ordinal);

    private static string Label(string sentence)
    {
        const int max = 70;
        if (sentence.Length <= max) return sentence;
        var cut = sentence.LastIndexOf(' ', max);
        return sentence[..(cut > 20 ? cut : max)].TrimEnd(',', ';', ':') + "…";
    }
}
