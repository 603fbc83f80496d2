using System.Globalization;
using System.Text.RegularExpressions;

namespace CmlBot.Core.Corpus;

/// <summary>
/// Reads a PDQ summary saved from cancer.gov as text: title, version and last-modified date, the table
/// of contents, the section(s) whose text the page holds, and the numbered reference list. Everything
/// else on the page (navigation, "Page Options", "NCI Highlights", "Back to Top", the footer) is chrome
/// and is dropped: it must never be indexed or quoted.
/// </summary>
public static partial class PdqPageParser
{
    // Lines that start the page's chrome blocks; the text of a section never equals one of them.
    private static readonly HashSet<string> ChromeMarkers = new(StringComparer.OrdinalIgnoreCase)
    {
        "Page Options", "Quick Links", "NCI Highlights", "Back to Top", "Print This Page",
        "A Service of the National Cancer Institute",
    };

    [GeneratedRegex(@"Last Modified:\s*(\d{1,2}/\d{1,2}/\d{4})")]
    private static partial Regex LastModifiedRx();

    [GeneratedRegex(@"^\s*(\d{1,4})\.\s+(\S.*)$")]
    private static partial Regex ReferenceLineRx();

    // A link label the saved page leaves after a reference: "[PUBMED Abstract]".
    [GeneratedRegex(@"\s*\[[A-Za-z][A-Za-z ]*\]\s*$")]
    private static partial Regex LinkLabelRx();

    // "Authors: Title. Journal Volume (Issue): pages, Year."
    [GeneratedRegex(@"^(?<authors>[^:]+?):\s+(?<title>.+?[.?!])\s+(?<journal>[A-Z][^.:]*?)\s+(?<volume>\d+)\s*(?:\((?<issue>[^)]*)\))?\s*:\s*(?<pages>[\dA-Za-z–-]+),\s*(?<year>\d{4})\.?$")]
    private static partial Regex ReferenceShapeRx();

    [GeneratedRegex(@"\b(19|20)\d{2}\b")]
    private static partial Regex YearRx();

    public static PdqDocument Parse(string fileName, string text)
    {
        var id = Path.GetFileNameWithoutExtension(fileName);
        var lines = text.Replace("\r\n", "\n", StringComparison.Ordinal).Replace('\r', '\n').Split('\n');
        string Line(int i) => lines[i].Trim();
        CorpusFormatException Error(int index, string problem) => new(fileName, index + 1, problem);

        // Title: the line naming the summary, "… (PDQ®)".
        var titleAt = Array.FindIndex(lines, l => l.Contains("(PDQ", StringComparison.Ordinal));
        if (titleAt < 0)
            throw Error(0, "no summary title: expected a line such as \"Chronic Myelogenous Leukemia Treatment (PDQ®)\"");
        var title = Line(titleAt);

        var metaAt = -1;
        for (var i = titleAt + 1; i < lines.Length && i <= titleAt + 3; i++)
            if (LastModifiedRx().IsMatch(lines[i])) { metaAt = i; break; }
        if (metaAt < 0)
            throw Error(titleAt + 1, "no \"Last Modified: MM/DD/YYYY\" line after the title");
        var lastModified = LastModifiedRx().Match(lines[metaAt]).Groups[1].Value;
        if (!DateTime.TryParseExact(lastModified, "MM/dd/yyyy", CultureInfo.InvariantCulture, DateTimeStyles.None, out _))
            throw Error(metaAt, $"\"{lastModified}\" is not a date (MM/DD/YYYY)");
        var version = lines[metaAt].Contains("Health Professional Version", StringComparison.OrdinalIgnoreCase)
            ? "Health Professional Version"
            : lines[metaAt].Contains("Patient Version", StringComparison.OrdinalIgnoreCase) ? "Patient Version" : "";

        // Table of contents: the lines after the title block, up to the first chrome block.
        var toc = new List<string>();
        var at = metaAt + 1;
        for (; at < lines.Length && !ChromeMarkers.Contains(Line(at)); at++)
            if (Line(at).Length > 0) toc.Add(Line(at));
        if (toc.Count == 0)
            throw Error(metaAt + 1, "no table of contents after the title");

        // The body starts at the first line, after the chrome, that names a section of the table of contents.
        var tocSet = new HashSet<string>(toc, StringComparer.OrdinalIgnoreCase);
        while (at < lines.Length && !tocSet.Contains(Line(at))) at++;
        if (at == lines.Length)
            throw Error(metaAt + 1, "no section text: no line after the table of contents repeats one of its entries as a heading");

        var referencesAt = -1;
        for (var i = at; i < lines.Length; i++)
            if (Line(i).Equals("References", StringComparison.OrdinalIgnoreCase)) { referencesAt = i; break; }
        if (referencesAt < 0)
            throw Error(lines.Length - 1, "no reference list: expected a \"References\" heading followed by numbered references");

        var references = ParseReferences(id, lines, referencesAt + 1, fileName);
        if (references.Count == 0)
            throw Error(referencesAt, "the \"References\" heading is followed by no numbered reference");

        var sections = ParseSections(id, lines, at, referencesAt, tocSet, fileName);
        var known = references.Select(r => r.Number).ToHashSet();
        foreach (var sentence in sections.SelectMany(s => s.Paragraphs).SelectMany(p => p.Sentences))
            foreach (var n in sentence.Citations)
                if (!known.Contains(n))
                    throw new CorpusFormatException(fileName, sentence.Line, $"citation [{n}] has no matching reference (the list has {DescribeNumbers(known)})");

        return new PdqDocument(id, fileName, title, version, lastModified, toc, sections, references);
    }

    private static List<Section> ParseSections(string docId, string[] lines, int start, int end, HashSet<string> toc, string fileName)
    {
        // Blocks: each non-empty line is a heading or a paragraph (the saved page puts a paragraph on one line).
        var blocks = new List<(int Line, string Text, bool Heading)>();
        for (var i = start; i < end; i++)
        {
            var t = lines[i].Trim();
            if (t.Length == 0 || ChromeMarkers.Contains(t)) continue;
            blocks.Add((i, t, IsHeading(t) || toc.Contains(t)));
        }

        var sections = new List<Section>();
        string? sectionTitle = null;
        string? subheading = null;
        var paragraphs = new List<Paragraph>();
        var paragraphIndex = 0;
        // Headings listed right under the section title before any paragraph, and repeated later,
        // are the page's jump links ("Current Clinical Trials"), not the start of a subsection.
        var laterHeadings = blocks.Where(b => b.Heading).GroupBy(b => b.Text).Where(g => g.Count() > 1).Select(g => g.Key).ToHashSet();
        var seenParagraph = false;

        void Flush()
        {
            if (sectionTitle is not null) sections.Add(new Section(sectionTitle, paragraphs));
            paragraphs = [];
        }

        foreach (var (line, text, heading) in blocks)
        {
            if (heading && toc.Contains(text))
            {
                Flush();
                sectionTitle = text;
                subheading = null;
                seenParagraph = false;
                continue;
            }
            if (sectionTitle is null)
                throw new CorpusFormatException(fileName, line + 1, "text before the first section heading");
            if (heading)
            {
                if (!seenParagraph && laterHeadings.Contains(text)) continue;
                subheading = text;
                continue;
            }
            seenParagraph = true;
            paragraphIndex++;
            paragraphs.Add(BuildParagraph(docId, sectionTitle, subheading, paragraphIndex, text, line + 1, fileName));
        }
        Flush();
        if (sections.All(s => s.Paragraphs.Count == 0))
            throw new CorpusFormatException(fileName, start + 1, "the section holds no paragraph");
        return sections;
    }

    private static bool IsHeading(string text) =>
        text.Length <= 100
        && !CitationParser.Marker().IsMatch(text)
        && text[^1] is not ('.' or '?' or '!' or ':' or ';' or ',' or ')' or ']' or '"' or '”');

    private static Paragraph BuildParagraph(string docId, string section, string? subheading, int index, string text, int line, string fileName)
    {
        var raw = SentenceSplitter.Split(text);
        var own = new List<IReadOnlyList<int>>();
        foreach (var s in raw)
        {
            try { own.Add(CitationParser.Parse(s)); }
            catch (FormatException e) { throw new CorpusFormatException(fileName, line, e.Message); }
        }

        var sentences = new List<Sentence>();
        for (var i = 0; i < raw.Count; i++)
        {
            var citations = own[i];
            var inherited = false;
            if (citations.Count == 0)
            {
                // No citation of its own: take the nearest cited sentence's before it in the paragraph,
                // else the nearest after it; a paragraph with none has none.
                var donor = Enumerable.Range(0, i).Reverse().FirstOrDefault(j => own[j].Count > 0, -1);
                if (donor < 0) donor = Enumerable.Range(i + 1, raw.Count - i - 1).FirstOrDefault(j => own[j].Count > 0, -1);
                if (donor >= 0) { citations = own[donor]; inherited = true; }
            }
            sentences.Add(new Sentence($"{docId}:p{index}.s{i + 1}", docId, subheading is null ? section : $"{section} — {subheading}",
                index, i + 1, raw[i], citations, inherited, line));
        }
        return new Paragraph(index, subheading, text, line, sentences);
    }

    private static List<Reference> ParseReferences(string docId, string[] lines, int start, string fileName)
    {
        var references = new List<Reference>();
        var lineOf = new Dictionary<int, int>();
        for (var i = start; i < lines.Length; i++)
        {
            var t = lines[i].Trim();
            if (ChromeMarkers.Contains(t) || t.StartsWith('<')) break;
            if (t.Length == 0) continue;
            var m = ReferenceLineRx().Match(t);
            if (!m.Success)
            {
                if (references.Count == 0)
                    throw new CorpusFormatException(fileName, i + 1, "expected a numbered reference (\"1. Authors: Title. Journal …\")");
                break; // the list has ended
            }
            var number = int.Parse(m.Groups[1].Value, CultureInfo.InvariantCulture);
            if (lineOf.TryGetValue(number, out var first))
                throw new CorpusFormatException(fileName, i + 1, $"reference {number} is listed twice (first at line {first})");
            lineOf[number] = i + 1;
            references.Add(BuildReference(docId, number, LinkLabelRx().Replace(m.Groups[2].Value, "").Trim(), i + 1));
        }
        return references;
    }

    internal static Reference BuildReference(string docId, int number, string text, int line)
    {
        var m = ReferenceShapeRx().Match(text);
        if (m.Success)
            return new Reference(docId, number, text, m.Groups["authors"].Value.Trim(), m.Groups["title"].Value.Trim().TrimEnd('.'),
                m.Groups["journal"].Value.Trim(), int.Parse(m.Groups["year"].Value, CultureInfo.InvariantCulture), line);
        // An unusual shape still counts as a reference; only the parts a person searches by are lost.
        var year = YearRx().Matches(text).LastOrDefault();
        var colon = text.IndexOf(':', StringComparison.Ordinal);
        return new Reference(docId, number, text, colon > 0 ? text[..colon].Trim() : null, null, null,
            year is null ? null : int.Parse(year.Value, CultureInfo.InvariantCulture), line);
    }

    private static string DescribeNumbers(IEnumerable<int> numbers)
    {
        var sorted = numbers.Order().ToList();
        return sorted.Count == 0 ? "none" : $"{sorted[0]}–{sorted[^1]}";
    }
}
