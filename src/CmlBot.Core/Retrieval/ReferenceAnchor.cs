using System.Globalization;
using CmlBot.Core.Corpus;
using CmlBot.Core.Understanding;

namespace CmlBot.Core.Retrieval;

/// <summary>
/// The one reference a short description names by the words of its citation: "the LeukemiaNet guidelines", "the NEJM
/// one", "the 2006 Blood paper", "Talpaz's". <see cref="ListPosition"/> counts from it ("the reference right after the
/// NEJM one").
/// </summary>
/// <remarks>
/// The journal the description names (by PDQ's abbreviation or a name readers use for it), and every word of it that
/// some citation holds (an author's surname, a title word, the year) narrow the references to those holding it; the description names a reference when one
/// is left. Words no citation holds ("guidelines", "paper") narrow nothing, but at least one word must; nor does a
/// word that would leave none.
/// </remarks>
public sealed class ReferenceAnchor
{
    // Words that say "a reference" without saying which.
    private static readonly HashSet<string> Plain = new(StringComparer.Ordinal)
    {
        "a", "an", "the", "that", "this", "one", "ones", "paper", "papers", "study", "studies", "article", "articles", "ref",
        "refs", "reference", "references", "citation", "citations", "entry", "item", "source", "report", "publication",
        "trial", "in", "on", "of", "by", "about", "from", "for", "and", "et", "al", "s", "list", "journal", "number",
        "with", "after", "before", "to", "as", "at", "is", "was", "its", "it", "their", "who", "which", "what", "whats",
        "patients", "guideline", "guidelines",
    };

    private readonly Dictionary<string, HashSet<int>> _holders = new(StringComparer.Ordinal);
    // Journals count as whole names ("bone marrow transplant"), longest first, so that "transplant" alone names none.
    private readonly List<(string Name, HashSet<int> Holders)> _journals = [];

    public ReferenceAnchor(IEnumerable<Passage> passages)
    {
        foreach (var reference in passages.Select(p => p.Reference).OfType<Reference>())
        {
            var words = new List<string>();
            words.AddRange(PublicationDetails.Surnames(reference.Authors));
            words.AddRange(Words(QuestionText.Normalize(reference.Title ?? "")));
            var journal = QuestionText.Normalize(reference.Journal ?? "");
            // A name readers use for the journal stands for its abbreviation ("nejm", "new england journal").
            foreach (var name in PublicationDetails.KnownNames.GetValueOrDefault(journal, []).Append(journal).Where(n => n.Length > 0))
            {
                var at = _journals.FindIndex(j => j.Name == name);
                if (at < 0) _journals.Add((name, [reference.Number]));
                else _journals[at].Holders.Add(reference.Number);
            }
            if (reference.Year is int year) words.Add(year.ToString(CultureInfo.InvariantCulture));
            foreach (var word in words.Where(w => !Plain.Contains(w)))
            {
                if (!_holders.TryGetValue(word, out var holders)) _holders[word] = holders = [];
                holders.Add(reference.Number);
            }
        }
        _journals.Sort((a, b) => b.Name.Length.CompareTo(a.Name.Length));
    }

    /// <summary>The number of the one reference <paramref name="description"/> names, or null when it names none or several.</summary>
    public int? Named(string description)
    {
        HashSet<int>? left = null;
        var text = " " + QuestionText.Normalize(description) + " ";
        foreach (var (name, holders) in _journals)
        {
            if (!text.Contains(" " + name + " ", StringComparison.Ordinal)) continue;
            left = [.. holders];
            text = text.Replace(" " + name + " ", "  ", StringComparison.Ordinal);
            break;
        }
        var words = Words(text);
        for (var i = 0; i < words.Length; i++)
        {
            var word = words[i];
            // A surname of two words ("le Coutre") before either word alone.
            if (i + 1 < words.Length && Holders(word + " " + words[i + 1]) is { } pair)
            {
                Narrow(pair);
                i++;
                continue;
            }
            if (Plain.Contains(word)) continue;
            if (Holders(word) is { } holders) Narrow(holders);
        }
        return left is { Count: 1 } ? left.Single() : null;

        void Narrow(HashSet<int> holders)
        {
            if (left is null) left = [.. holders];
            // A word the rest rules out is read as loose wording rather than as naming nothing.
            else if (left.Overlaps(holders)) left.IntersectWith(holders);
        }
    }

    /// <summary>The references a citation word (or two-word surname) stands in; "Talpaz's" is Talpaz.</summary>
    private HashSet<int>? Holders(string word) =>
        _holders.GetValueOrDefault(word) ?? (word.EndsWith('s') ? _holders.GetValueOrDefault(word[..^1]) : null);

    private static string[] Words(string normalised) => normalised.Split(' ', StringSplitOptions.RemoveEmptyEntries);
}
