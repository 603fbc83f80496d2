using CmlBot.Core.Corpus;

namespace CmlBot.Core.Understanding;

/// <summary>A subject the summary does not cover, with the reply a patient gets and questions that ask about it.</summary>
public sealed record NotCoveredSubject(string Id, string Title, string Reply, IReadOnlyList<string> Examples);

/// <summary>
/// <c>corpus/not-covered.txt</c>: subjects patients ask about that the summary does not cover (side effects, cost,
/// diet…), each <c>[id] Title</c>, one or more <c>reply:</c> lines and example questions. Validated whole when
/// loaded, with <c>file:line: problem</c> errors.
/// </summary>
public sealed class SubjectCatalog
{
    private SubjectCatalog(IReadOnlyList<NotCoveredSubject> subjects) => Subjects = subjects;

    public static SubjectCatalog Empty { get; } = new([]);

    public IReadOnlyList<NotCoveredSubject> Subjects { get; }

    public NotCoveredSubject? Find(string id) => Subjects.FirstOrDefault(s => s.Id == id);

    public static SubjectCatalog Parse(string file, string text)
    {
        var subjects = new List<NotCoveredSubject>();
        var seen = new Dictionary<string, int>(StringComparer.Ordinal);
        var ids = new Dictionary<string, int>(StringComparer.OrdinalIgnoreCase);
        (string Id, string Title, int Line, List<string> Reply, List<string> Examples)? current = null;

        void Close()
        {
            if (current is not { } c) return;
            if (c.Reply.Count == 0) throw new CorpusFormatException(file, c.Line, $"subject [{c.Id}] has no \"reply:\" line");
            if (c.Examples.Count == 0) throw new CorpusFormatException(file, c.Line, $"subject [{c.Id}] has no example question (\"- …\")");
            subjects.Add(new NotCoveredSubject(c.Id, c.Title, string.Join(' ', c.Reply), c.Examples));
        }

        foreach (var line in ListFileReader.Lines(text))
        {
            switch (line.Kind)
            {
                case ListFileReader.Kind.Blank:
                    break;
                case ListFileReader.Kind.Heading:
                    Close();
                    if (line.Id.Length == 0 || !line.Id.All(c => char.IsAsciiLetterLower(c) || char.IsAsciiDigit(c) || c == '-'))
                        throw new CorpusFormatException(file, line.Number, $"subject id [{line.Id}]: use lower-case letters, digits and hyphens");
                    if (ids.TryGetValue(line.Id, out var first))
                        throw new CorpusFormatException(file, line.Number, $"duplicate subject id [{line.Id}] (first on line {first})");
                    ids[line.Id] = line.Number;
                    if (line.Text.Length == 0) throw new CorpusFormatException(file, line.Number, $"subject [{line.Id}] has no title");
                    current = (line.Id, line.Text, line.Number, [], []);
                    break;
                case ListFileReader.Kind.Field when line.Id == "reply":
                    if (current is null) throw new CorpusFormatException(file, line.Number, "a \"reply:\" line before any [subject] heading");
                    if (line.Text.Length == 0) throw new CorpusFormatException(file, line.Number, "\"reply:\" with no text");
                    current.Value.Reply.Add(line.Text);
                    break;
                case ListFileReader.Kind.Item:
                    if (line.Text.Length == 0) throw new CorpusFormatException(file, line.Number, "\"- \" with no question after it");
                    if (current is null) throw new CorpusFormatException(file, line.Number, "a question before any [subject] heading");
                    ListFileReader.CheckUnique(seen, file, line);
                    current.Value.Examples.Add(line.Text);
                    break;
                default:
                    throw new CorpusFormatException(file, line.Number,
                        $"not a comment, a [subject] heading, a \"reply:\" line or a \"- question\" line: \"{(line.Text.Length <= 60 ? line.Text : line.Text[..60] + "…")}\"");
            }
        }
        Close();
        return new SubjectCatalog(subjects);
    }
}
