using CmlBot.Core.Corpus;
using CmlBot.Core.Retrieval;

namespace CmlBot.Core.Understanding;

/// <summary>One question of the bank: a patient's wording of what a passage answers.</summary>
/// <param name="PassageId">The full id of the passage that answers it.</param>
/// <param name="Line">Its line in the bank file, for messages.</param>
public sealed record BankQuestion(string PassageId, string Text, int Line);

/// <summary>
/// <c>corpus/questions.txt</c>: under a heading <c>[id] opening words</c> naming a passage, the questions patients ask
/// that it answers. Validated whole when loaded: any problem stops the load with <c>file:line: problem</c>, so the
/// bot never serves a half-read bank.
/// </summary>
public sealed class QuestionBank
{
    private QuestionBank(IReadOnlyList<BankQuestion> questions) => Questions = questions;

    public static QuestionBank Empty { get; } = new([]);

    public IReadOnlyList<BankQuestion> Questions { get; }

    /// <summary>The questions of a bank file as written, unchecked (for the safety screen, as ordinary questions).</summary>
    public static IReadOnlyList<string> Texts(string text) =>
        ListFileReader.Lines(text).Where(l => l.Kind == ListFileReader.Kind.Item && l.Text.Length > 0).Select(l => l.Text).ToList();

    /// <param name="file">The file's path, for messages.</param>
    /// <param name="passages">Every passage a heading may name.</param>
    public static QuestionBank Parse(string file, string text, IReadOnlyList<Passage> passages)
    {
        var byId = passages.ToDictionary(p => p.Id, StringComparer.Ordinal);
        var documents = passages.Select(p => p.Document.Id).Distinct().ToList();
        var questions = new List<BankQuestion>();
        var seen = new Dictionary<string, int>(StringComparer.Ordinal);
        Passage? current = null;
        foreach (var line in ListFileReader.Lines(text))
        {
            switch (line.Kind)
            {
                case ListFileReader.Kind.Blank:
                    break;
                case ListFileReader.Kind.Heading:
                    current = Resolve(file, line, byId, documents);
                    break;
                case ListFileReader.Kind.Item:
                    if (line.Text.Length == 0) throw new CorpusFormatException(file, line.Number, "\"- \" with no question after it");
                    if (current is null) throw new CorpusFormatException(file, line.Number, "a question before any [passage] heading");
                    ListFileReader.CheckUnique(seen, file, line);
                    questions.Add(new BankQuestion(current.Id, line.Text, line.Number));
                    break;
                default:
                    throw new CorpusFormatException(file, line.Number,
                        $"not a comment, a [passage] heading or a \"- question\" line: \"{Shorten(line.Text)}\"");
            }
        }
        return new QuestionBank(questions);
    }

    private static Passage Resolve(string file, ListFileReader.Line line, Dictionary<string, Passage> byId, List<string> documents)
    {
        var id = line.Id;
        Passage? passage;
        if (id.Contains(':', StringComparison.Ordinal)) passage = byId.GetValueOrDefault(id);
        else if (documents.Count == 1) passage = byId.GetValueOrDefault($"{documents[0]}:{id}");
        else throw new CorpusFormatException(file, line.Number, $"[{id}]: the corpus holds several summaries, so name the document too ([document:{id}])");
        if (passage is null) throw new CorpusFormatException(file, line.Number, $"unknown passage id [{id}]");
        if (line.Text.Length > 0)
        {
            var opening = QuestionText.Normalize(line.Text);
            var actual = QuestionText.Normalize(passage.Kind == PassageKind.Sentence ? passage.Sentence!.PlainText : passage.Text);
            if (!actual.StartsWith(opening, StringComparison.Ordinal))
                throw new CorpusFormatException(file, line.Number,
                    $"[{id}] begins \"{Shorten(passage.Kind == PassageKind.Sentence ? passage.Sentence!.PlainText : passage.Text)}\", not \"{line.Text}\" (a wrong id?)");
        }
        return passage;
    }

    private static string Shorten(string s) => s.Length <= 60 ? s : s[..60] + "…";
}
