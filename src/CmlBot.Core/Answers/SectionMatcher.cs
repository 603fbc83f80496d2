using CmlBot.Core.Corpus;
using CmlBot.Core.Retrieval;

namespace CmlBot.Core.Answers;

/// <summary>
/// Recognises questions about a section of the summary: one the corpus holds ("relapsing") or one the
/// table of contents lists but this copy lacks ("chronic phase", "accelerated phase", "stage"). A section
/// is named by its own words once the summary's topic ("Chronic Myelogenous Leukemia") and generic words
/// ("Information", "Overview") are taken away: "Chronic-Phase Chronic Myelogenous Leukemia" → {chronic, phase}.
/// </summary>
public sealed class SectionMatcher
{
    private static readonly HashSet<string> Generic = new(StringComparer.OrdinalIgnoreCase)
    {
        "information", "general", "overview", "option", "options", "treatment", "summary", "purpose", "pdq",
        "changes", "change", "get", "more", "nci", "from", "this", "to", "of",
    };

    private readonly List<(PdqDocument Doc, string Section, HashSet<string> Key, bool Present)> _sections = [];
    // Per missing section, the passages that speak of it, each with its own terms.
    private readonly Dictionary<string, List<(string PassageId, IReadOnlySet<string> Terms)>> _speakers = new(StringComparer.Ordinal);

    /// <param name="passages">
    /// The corpus's sentences, each with its own words planned as a question would be (synonyms included): one that
    /// names a missing section ("progression to accelerated phase or blast crisis") speaks of it.
    /// </param>
    public SectionMatcher(IEnumerable<PdqDocument> documents, TextAnalysis analysis, IEnumerable<(string PassageId, QueryPlan Words)>? passages = null)
    {
        foreach (var doc in documents)
        {
            var topic = Topic(doc.Title);
            foreach (var entry in doc.TableOfContents)
            {
                var own = entry.EndsWith(topic, StringComparison.OrdinalIgnoreCase) && entry.Length > topic.Length
                    ? entry[..^topic.Length] : entry;
                var key = analysis.Terms(string.Join(" ", own.Split([' ', '-', '(', ')'], StringSplitOptions.RemoveEmptyEntries).Where(w => !Generic.Contains(w))));
                key.RemoveWhere(t => t.Any(char.IsDigit));
                if (key.Count == 0) continue;
                var present = doc.Sections.Any(s => s.Title.Equals(entry, StringComparison.OrdinalIgnoreCase));
                _sections.Add((doc, entry, key, present));
            }
        }
        foreach (var (id, words) in passages ?? [])
            foreach (var section in _sections.Where(x => !x.Present && Asks(x.Key, words.AllTerms)))
            {
                if (!_speakers.TryGetValue(section.Section, out var list)) _speakers[section.Section] = list = [];
                list.Add((id, words.AllTerms));
            }
    }

    /// <summary>
    /// The passages that answer a question about a missing section from what they say of it themselves: a passage that
    /// speaks of the section ("Overt failure is defined as … progression to accelerated phase") and shares a concept of
    /// the question other than the section's name ("does moving to the accelerated phase mean my treatment failed?").
    /// "How is the accelerated phase treated?" shares none: it asks what only the missing section says.
    /// </summary>
    public IReadOnlySet<string> PassagesAnswering(QueryPlan plan)
    {
        HashSet<string>? answering = null;
        // Every missing section the question names counts ("blast phase" on "CML" names the chronic phase too, through CML's synonyms).
        foreach (var (_, section, key, present) in _sections)
        {
            if (present || !_speakers.TryGetValue(section, out var speakers) || !Asks(key, plan.AllTerms)) continue;
            var asked = plan.Concepts.Where(c => !c.Phrases.Any(phrase => phrase.Count > 0 && phrase.All(key.Contains))).ToList();
            foreach (var (id, terms) in speakers)
                if (asked.Any(c => c.MatchedBy(terms))) (answering ??= new(StringComparer.Ordinal)).Add(id);
        }
        return answering ?? None;
    }

    private static readonly HashSet<string> None = [];

    /// <summary>A missing section the question is about, unless it is also about a section the corpus holds.</summary>
    public string? MissingSectionAskedAbout(QueryPlan plan)
    {
        // Loops, not LINQ: every question is checked, and almost none is about a section.
        List<(string Section, HashSet<string> Key)>? missing = null;
        foreach (var s in _sections)
        {
            if (!Asks(s.Key, plan.AllTerms)) continue;
            if (s.Present) return null;
            (missing ??= []).Add((s.Section, s.Key));
        }
        if (missing is null) return null;
        // "accelerated phase CML" also says "chronic" through CML's synonyms; the section named in the
        // question's own words wins.
        // A lay phrase the synonyms read as a section's name ("the speeding-up phase") names it in the question's own words.
        var own = plan.Concepts.SelectMany(c => c.IsRewrittenPhrase ? c.Phrases.SelectMany(p => p) : c.Original)
            .ToHashSet(StringComparer.Ordinal);
        return missing
            .OrderByDescending(s => s.Key.Count(own.Contains))
            .ThenByDescending(s => s.Key.Count)
            .Select(s => s.Section)
            .First();
    }

    private static bool Asks(HashSet<string> key, IReadOnlySet<string> terms)
    {
        foreach (var term in key)
            if (!terms.Contains(term)) return false;
        return true;
    }

    private static string Topic(string title)
    {
        var t = title;
        var pdq = t.IndexOf(" (PDQ", StringComparison.Ordinal);
        if (pdq > 0) t = t[..pdq];
        if (t.EndsWith(" Treatment", StringComparison.OrdinalIgnoreCase)) t = t[..^" Treatment".Length];
        return t.Trim();
    }
}
