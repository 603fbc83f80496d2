using System.Text.RegularExpressions;
using CmlBot.Core.Corpus;

namespace CmlBot.Core.Retrieval;

/// <summary>
/// The words only a reference holds: its authors' names and its year ("kantarjian 2007 dasatinib", "pigneux
/// interferon"). A question that names one asks about a study, as "which study" does, though it says neither
/// "study" nor "paper". Journals are left out, as patients use their names as plain words ("blood", "leukemia"); so
/// is any name a sentence of the summary also uses.
/// </summary>
public sealed partial class CitationWords
{
    private readonly HashSet<string>.AlternateLookup<ReadOnlySpan<char>> _lookup;

    [GeneratedRegex(@"\b(?:19|20)\d\d\b")]
    private static partial Regex YearRx();

    public CitationWords(IEnumerable<Passage> passages)
    {
        var list = passages.ToList();
        var words = new HashSet<string>(StringComparer.Ordinal);
        var sentenceWords = new HashSet<string>(StringComparer.Ordinal);
        foreach (var p in list.Where(p => p.Kind == PassageKind.Sentence))
            foreach (Match m in QueryPlanner.WordRx().Matches(p.Text)) sentenceWords.Add(m.Value.ToLowerInvariant());
        foreach (var reference in list.Select(p => p.Reference).OfType<Reference>())
        {
            // "Kantarjian HM, O'Brien S, le Coutre P": every word of a name but its initials.
            foreach (Match m in QueryPlanner.WordRx().Matches(reference.Authors ?? ""))
                if (m.Value.Length >= 3 && !m.Value.All(char.IsUpper)) Add(m.Value);
            if (reference.Year is int year) words.Add(year.ToString(System.Globalization.CultureInfo.InvariantCulture));
        }
        _lookup = words.GetAlternateLookup<ReadOnlySpan<char>>();

        void Add(string word)
        {
            var lower = word.ToLowerInvariant();
            if (!sentenceWords.Contains(lower)) words.Add(lower);
        }
    }

    /// <summary>Whether a word (lower case) is part of an author's name in some reference.</summary>
    public bool Contains(ReadOnlySpan<char> lowerWord) => _lookup.Contains(lowerWord);

    /// <summary>Whether the question names the year of some reference.</summary>
    public bool NamesYear(string question)
    {
        foreach (var m in YearRx().EnumerateMatches(question))
            if (_lookup.Contains(question.AsSpan(m.Index, m.Length))) return true;
        return false;
    }
}
