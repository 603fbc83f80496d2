namespace CmlBot.Core.Corpus;

/// <summary>One PDQ summary as parsed from a saved page in <c>corpus/</c>.</summary>
public sealed record PdqDocument(
    string Id,
    string FileName,
    string Title,
    string Version,
    string LastModified,
    IReadOnlyList<string> TableOfContents,
    IReadOnlyList<Section> Sections,
    IReadOnlyList<Reference> References)
{
    public Reference? FindReference(int number) => References.FirstOrDefault(r => r.Number == number);

    /// <summary>Sections the table of contents names but whose text this copy of the page does not hold.</summary>
    public IEnumerable<string> MissingSections =>
        TableOfContents.Where(t => Sections.All(s => !string.Equals(s.Title, t, StringComparison.OrdinalIgnoreCase)));

    public IEnumerable<Sentence> Sentences => Sections.SelectMany(s => s.Paragraphs).SelectMany(p => p.Sentences);
}

public sealed record Section(string Title, IReadOnlyList<Paragraph> Paragraphs);

/// <param name="Subheading">The heading inside the section this paragraph sits under (e.g. "Current Clinical Trials"), if any.</param>
/// <param name="HasCitations">False for paragraphs the summary cites nothing for (the clinical-trials text).</param>
public sealed record Paragraph(int Index, string? Subheading, string Text, int Line, IReadOnlyList<Sentence> Sentences)
{
    public bool HasCitations => Sentences.Any(s => s.Citations.Count > 0);
}

/// <param name="Id">Stable id: document id, paragraph index and sentence index, e.g. <c>000_ab60…:p3.s2</c>.</param>
/// <param name="Text">The sentence exactly as the summary has it, inline citation markers included.</param>
/// <param name="Citations">Reference numbers that support this sentence (its own, or inherited; see <see cref="CitationsInherited"/>).</param>
public sealed record Sentence(
    string Id,
    string DocumentId,
    string SectionTitle,
    int ParagraphIndex,
    int Index,
    string Text,
    IReadOnlyList<int> Citations,
    bool CitationsInherited,
    int Line)
{
    /// <summary>The text without citation markers, for indexing.</summary>
    public string PlainText => CitationParser.StripMarkers(Text);
}

public sealed record Reference(
    string DocumentId,
    int Number,
    string Text,
    string? Authors,
    string? Title,
    string? Journal,
    int? Year,
    int Line)
{
    /// <summary>"Cortes J et al., Blood 2007": how a person names a study.</summary>
    public string ShortName
    {
        get
        {
            var first = Authors?.Split(',')[0].Trim();
            var who = first is null ? $"Reference {Number}" : (Authors!.Contains(',') ? first + " et al." : first);
            var where = string.Join(" ", new[] { Journal, Year?.ToString(System.Globalization.CultureInfo.InvariantCulture) }.Where(x => !string.IsNullOrEmpty(x)));
            return where.Length == 0 ? who : $"{who}, {where}";
        }
    }
}

/// <summary>Everything in <c>corpus/</c>: its documents and the synonym rules clinicians maintain.</summary>
public sealed record CorpusSet(IReadOnlyList<PdqDocument> Documents, string Synonyms, string Fingerprint)
{
    /// <summary>The text of the question bank file; "" when there is none.</summary>
    public string Questions { get; init; } = "";
    /// <summary>The text of the not-covered subjects file; "" when there is none.</summary>
    public string NotCovered { get; init; } = "";

    public PdqDocument? FindDocument(string id) => Documents.FirstOrDefault(d => d.Id == id);
}
