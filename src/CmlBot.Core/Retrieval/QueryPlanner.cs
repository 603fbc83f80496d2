using System.Collections.Concurrent;
using System.Text;
using System.Text.RegularExpressions;
using CmlBot.Core.Retrieval.Speed;
using CmlBot.Core.Understanding;
using Lucene.Net.Analysis.Synonym;

namespace CmlBot.Core.Retrieval;

/// <summary>
/// Turns a question into its <see cref="QueryPlan"/>: spelling fixed where neither the corpus nor the synonym file
/// knows a word, words grouped into concepts by the longest synonym rule that starts with them, each concept weighted
/// by how rare it is among the passages.
/// </summary>
internal sealed partial class QueryPlanner
{
    private static readonly HashSet<string> ReferenceIntentWords = new(StringComparer.OrdinalIgnoreCase)
    {
        "study", "studies", "paper", "papers", "article", "articles", "author", "authors", "wrote", "written",
        "published", "publication", "journal", "reference", "references", "source", "sources", "researchers",
        "citation", "citations", "cite", "cited", "evidence", "publish", "ref", "refs", "src", "footnote", "footnotes", "endnote",
    };

    // Words are looked up as spans: every question is planned, and a string or two per word was much of what it allocated.
    private static readonly HashSet<string>.AlternateLookup<ReadOnlySpan<char>> ReferenceIntentLookup =
        ReferenceIntentWords.GetAlternateLookup<ReadOnlySpan<char>>();

    // "reference 4" (or "refrence 4", "referance 4"), "ref #12", "citation [9]", "footnote 8", "reference four", "the 9th
    // reference", "the ninth source", "[9]" alone, as the summary prints its citations, "cite 17" ending a clause,
    // "number 9 in the list", and "#9" or "what's #9" as the whole question.
    [GeneratedRegex(@"\b(?:ref(?:f?e?r+[ea]?n?ce)?|citation|source|footnote|endnote)s?\s*(?:number|no\.?|#)?\s*(?:\[?(?<n>\d{1,4})\]?|(?<w>" + NumberWords + @")\b)" +
        @"|\bcite\s*#?\s*\[?(?<n>\d{1,2})\]?\s*(?:[?.!]|$)" +
        @"|\[(?<n>\d{1,2})\]|\bnumber (?<n>\d{1,2}) (?:in|on) the (?:reference |references |citation )?list\b" +
        @"|^\W*(?:what(?:'?s|s| is)\s+)?#\s?(?<n>\d{1,2})\W*$" +
        @"|\b(?:(?<n>\d{1,2})(?:st|nd|rd|th)|(?<w>" + OrdinalWords + @"))\s+(?:ref(?:erence)?|citation|source|footnote)\b",
        RegexOptions.IgnoreCase | RegexOptions.NonBacktracking | RegexOptions.ExplicitCapture)]
    private static partial Regex ReferenceNumberRx();

    // What follows a number that starts a stretch of references: "2 to 11", "2-11", "12 and 13".
    [GeneratedRegex(@"^\]?\s*(?:-|–|to|through|thru|and|&)\s*\[?\d", RegexOptions.IgnoreCase | RegexOptions.NonBacktracking)]
    private static partial Regex StretchFollowsRx();

    private const string NumberWords = "one|two|three|four|five|six|seven|eight|nine|ten|eleven|twelve|thirteen|fourteen|fifteen|sixteen|seventeen|eighteen|nineteen|twenty";
    private const string OrdinalWords = "first|second|third|fourth|fifth|sixth|seventh|eighth|ninth|tenth|eleventh|twelfth|thirteenth|fourteenth|fifteenth|sixteenth|seventeenth|eighteenth|nineteenth|twentieth";
    private static readonly string[] Numbers = NumberWords.Split('|');
    private static readonly string[] Ordinals = OrdinalWords.Split('|');

    // "Who studied nilotinib…?", "who wrote…": a question about the people behind a study.
    [GeneratedRegex(@"^\W*who\b", RegexOptions.IgnoreCase | RegexOptions.NonBacktracking)]
    private static partial Regex WhoDidRx();

    // "Who benefits most from DLI?", "who is the ideal patient": a question about patients, not about a study's authors.
    [GeneratedRegex(@"^\W*who\s+(is|are|can|could|should|would|will|benefits?|gets?|needs?|qualif\w*|responds?|does|do|might|may|has|have)\b",
        RegexOptions.IgnoreCase | RegexOptions.NonBacktracking)]
    private static partial Regex WhoIsRx();

    /// <summary>A word as the planner reads one (letters, inner apostrophes and hyphens); <see cref="CitationWords"/> reads the same.</summary>
    [GeneratedRegex(@"[\p{L}][\p{L}'’-]*")]
    internal static partial Regex WordRx();

    private readonly PassageIndex _index;
    private readonly TextAnalysis _analysis;
    private readonly SynonymLookup _synonyms;
    private readonly SpellingCorrector _speller;
    private readonly RetrievalOptions _options;
    private readonly HashSet<string>.AlternateLookup<ReadOnlySpan<char>> _focus;
    private readonly CitationWords _citations;
    // The highest reference number, which "the last reference" names.
    private readonly int _lastReference;
    // Each reference's number by its first author's surname, for "the one right after Talpaz" (names first on one only).
    private readonly Dictionary<string, int> _firstAuthors;
    private readonly ReferenceAnchor _anchor;
    // Each reference's passage id by its number in the list.
    private readonly Dictionary<int, string> _referenceIds;
    // Keyed by synonym rules only, so bounded by the synonym file whatever patients type.
    private readonly ConcurrentDictionary<string, List<IReadOnlyList<string>>> _ruleCache = new(StringComparer.Ordinal);
    // Each word of a question was run through Lucene's analysis chain (a token stream per word) and, when
    // unknown, through the speller: the larger part of a question's analysis. Both depend on the word alone,
    // so they are remembered, within a bound.
    private readonly BoundedMemo<string?> _spelling;
    private readonly BoundedMemo<IReadOnlyList<string>> _analysed;
    // Every run of words that may start a rule is looked up in the synonym FST once per length, on every plan:
    // the answer depends on those words alone, so it is remembered too (null: no rule has exactly them).
    private readonly BoundedMemo<IReadOnlyList<string[]>?> _ruleOutputs;

    public QueryPlanner(PassageIndex index, TextAnalysis analysis, SynonymLookup synonyms, SpellingCorrector speller, RetrievalOptions options)
    {
        _index = index;
        _analysis = analysis;
        _synonyms = synonyms;
        _speller = speller;
        _options = options;
        _citations = new CitationWords(index.Passages);
        _lastReference = index.Passages.Where(p => p.Reference is not null).Select(p => p.Reference!.Number).DefaultIfEmpty(0).Max();
        _firstAuthors = index.Passages.Where(p => p.Reference is not null)
            .Select(p => (Name: Understanding.PublicationDetails.Surnames(p.Reference!.Authors).FirstOrDefault() ?? "", p.Reference!.Number))
            .Where(a => a.Name.Length > 0).GroupBy(a => a.Name, StringComparer.Ordinal).Where(g => g.Count() == 1)
            .ToDictionary(g => g.Key, g => g.Single().Number, StringComparer.Ordinal);
        _anchor = new ReferenceAnchor(index.Passages);
        _referenceIds = index.Passages.Where(p => p.Reference is not null).GroupBy(p => p.Reference!.Number).ToDictionary(g => g.Key, g => g.First().Id);
        _focus = options.FocusTerms.Select(t => string.Join(' ', TextAnalysis.Tokens(analysis.Index, t).Select(x => x.Term)))
            .ToHashSet(StringComparer.Ordinal).GetAlternateLookup<ReadOnlySpan<char>>();
        _spelling = new BoundedMemo<string?>(options.WordMemoCapacity, Correction);
        _analysed = new BoundedMemo<IReadOnlyList<string>>(options.WordMemoCapacity, IndexTerms);
        _ruleOutputs = new BoundedMemo<IReadOnlyList<string[]>?>(options.WordMemoCapacity,
            words => synonyms.Outputs(words.Split(SynonymMap.WORD_SEPARATOR)));
    }

    public QueryPlan Plan(string question)
    {
        if (question.Length > _options.MaxQuestionLength)
        {
            // Cut at a word boundary so that no half word becomes an unknown "concept".
            var cut = question.LastIndexOf(' ', _options.MaxQuestionLength);
            question = question[..(cut > 0 ? cut : _options.MaxQuestionLength)];
        }

        // Spelling: rewrite only words that neither the corpus nor the synonym file knows.
        var fixes = new List<SpellingFix>();
        var corrected = Correct(question, fixes, out var intentWord);

        var holders = new List<ConceptHolders>();
        var concepts = GroupConcepts(corrected, fixes, holders);
        var number = ReferenceNumberRx().Match(question);
        // "of refs 2 to 11, which one …" names a stretch of the list, not reference 2.
        if (number.Success && StretchFollowsRx().IsMatch(question.AsSpan(number.Index + number.Length))) number = Match.Empty;
        // "the first reference for the donor-infusion sentence" is a place among that claim's references, not reference 1.
        var amongCited = ListPosition.AmongCited(question);
        if (number.Success && amongCited is not null) number = Match.Empty;
        var place = ListPosition.Find(question, _lastReference, _firstAuthors, _anchor);
        var intent = intentWord || (WhoDidRx().IsMatch(question) && !WhoIsRx().IsMatch(question)) || _citations.NamesYear(question);
        var allTerms = new HashSet<string>(StringComparer.Ordinal);
        foreach (var concept in concepts)
            foreach (var phrase in concept.Phrases)
                allTerms.UnionWith(phrase);
        var referenceIntent = intent || number.Success || place is not null;
        return new QueryPlan(question, concepts, fixes, referenceIntent, place ?? (number.Success ? NumberOf(number) : null), allTerms)
        {
            Holders = holders,
            PlaceAmongCited = amongCited,
            // Read as corrected: "baccarrani 2006" is Baccarani's 2006 paper.
            Described = referenceIntent && _anchor.Named(corrected) is int described ? _referenceIds.GetValueOrDefault(described) : null,
        };
    }

    /// <summary>The reference number a <see cref="ReferenceNumberRx"/> match names, in digits or in words.</summary>
    private static int? NumberOf(Match match)
    {
        if (match.Groups["n"].Success)
            return int.TryParse(match.Groups["n"].ValueSpan, System.Globalization.CultureInfo.InvariantCulture, out var n) ? n : null;
        var word = match.Groups["w"].Value.ToLowerInvariant();
        var index = Array.IndexOf(Numbers, word);
        return (index >= 0 ? index : Array.IndexOf(Ordinals, word)) + 1;
    }

    /// <summary>
    /// The question with each word the speller corrects replaced by its correction (listed in <paramref name="fixes"/>);
    /// <paramref name="intentWord"/> says whether one of its words asks about studies or sources, or names a reference's
    /// author (the same pass over its words).
    /// </summary>
    private string Correct(string question, List<SpellingFix> fixes, out bool intentWord)
    {
        StringBuilder? corrected = null;
        var copied = 0;
        intentWord = false;
        Span<char> buffer = stackalloc char[64];
        foreach (var m in WordRx().EnumerateMatches(question))
        {
            var word = question.AsSpan(m.Index, m.Length);
            intentWord = intentWord || ReferenceIntentLookup.Contains(word);
            var lower = word.Length <= buffer.Length ? buffer[..word.Length] : new char[word.Length];
            word.ToLowerInvariant(lower);
            var fix = _spelling.Get(lower);
            intentWord = intentWord || _citations.Contains(fix ?? (ReadOnlySpan<char>)lower) && !PublicationDetails.EndsWithPersonsTitle(question.AsSpan(0, m.Index));
            if (fix is null) continue;
            corrected ??= new StringBuilder(question.Length + 16);
            corrected.Append(question, copied, m.Index - copied).Append(fix);
            copied = m.Index + m.Length;
            fixes.Add(new SpellingFix(word.ToString(), fix));
        }
        return corrected is null ? question : corrected.Append(question, copied, question.Length - copied).ToString();
    }

    /// <summary>The question's concepts, each once; <paramref name="holders"/> gets each one's passages, in the same order.</summary>
    private List<Concept> GroupConcepts(string text, List<SpellingFix> fixes, List<ConceptHolders> holders)
    {
        // Longest rule first: "bone marrow transplant" is one concept, not three.
        var words = TextAnalysis.Tokens(_analysis.Surface, text);
        var concepts = new List<Concept>();
        Span<char> key = stackalloc char[256];
        for (var i = 0; i < words.Count;)
        {
            var length = 1;
            IReadOnlyList<string[]>? outputs = null;
            var keyLength = 0;
            for (var n = _synonyms.MayStart(words[i].Term) ? Math.Min(_synonyms.MaxWords, words.Count - i) : 0; n >= 1; n--)
            {
                keyLength = TermJoin.Join(words, i, n, SynonymMap.WORD_SEPARATOR, ref key);
                outputs = _ruleOutputs.Get(key[..keyLength]);
                if (outputs is null) continue;
                length = n;
                break;
            }
            var span = text.AsSpan(words[i].Start, words[i + length - 1].End - words[i].Start);
            var original = _analysed.Get(span);
            var synonyms = outputs is null ? [] : SynonymsBesides(original, AnalysedOutputs(key[..keyLength], outputs));
            if (original.Count > 0 || synonyms.Count > 0)
            {
                var concept = new Concept(original, synonyms, 0, IsCorrection(span, fixes), ReferenceIntentLookup.Contains(span));
                // The same concept asked twice ("imatinib … imatinib") counts once: the first of those with the same phrases.
                if (!concepts.Exists(kept => SamePhrases(kept, concept)))
                {
                    var held = _index.Holders.ForPhrases(concept.Phrases);
                    concepts.Add(concept with { Weight = ConceptWeight(concept, held) });
                    holders.Add(held);
                }
            }
            i += length;
        }
        return concepts;
    }

    /// <summary>A rule's phrases other than the question's own words (those are the concept's original).</summary>
    private static List<IReadOnlyList<string>> SynonymsBesides(IReadOnlyList<string> original, List<IReadOnlyList<string>> phrases)
    {
        var synonyms = new List<IReadOnlyList<string>>(phrases.Count);
        foreach (var phrase in phrases)
            if (!phrase.SequenceEqual(original)) synonyms.Add(phrase);
        return synonyms;
    }

    /// <summary>Whether two concepts hold the same phrases, as many times each, in any order.</summary>
    /// <remarks>Indexes rather than <see cref="Concept.Phrases"/>: this runs for every pair of a question's concepts.</remarks>
    private static bool SamePhrases(Concept a, Concept b)
    {
        if (a.Synonyms.Count != b.Synonyms.Count) return false;
        if (Occurrences(a, a.Original) != Occurrences(b, a.Original)) return false;
        for (var i = 0; i < a.Synonyms.Count; i++)
            if (Occurrences(a, a.Synonyms[i]) != Occurrences(b, a.Synonyms[i])) return false;
        return true;
    }

    private static int Occurrences(Concept concept, IReadOnlyList<string> phrase)
    {
        var count = Same(concept.Original, phrase) ? 1 : 0;
        for (var i = 0; i < concept.Synonyms.Count; i++)
            if (Same(concept.Synonyms[i], phrase)) count++;
        return count;
    }

    private static bool Same(IReadOnlyList<string> a, IReadOnlyList<string> b)
    {
        if (a.Count != b.Count) return false;
        for (var i = 0; i < a.Count; i++)
            if (!string.Equals(a[i], b[i], StringComparison.Ordinal)) return false;
        return true;
    }

    /// <summary>Whether the words are what the speller corrected a word to (the concept then counts a little less).</summary>
    private static bool IsCorrection(ReadOnlySpan<char> words, List<SpellingFix> fixes)
    {
        foreach (var fix in fixes)
            if (words.Equals(fix.To, StringComparison.OrdinalIgnoreCase)) return true;
        return false;
    }

    private string[] IndexTerms(string text) => TextAnalysis.Tokens(_analysis.Index, text).Select(t => t.Term).ToArray();

    /// <summary>A lower-case word's correction, or null to keep it (a stop word, or a form of a word the corpus holds).</summary>
    private string? Correction(string word)
    {
        if (_analysis.StopWords.Contains(word)) return null;
        var stem = TextAnalysis.Tokens(_analysis.Index, word).FirstOrDefault().Term;
        if (stem is not null && _index.DocFreq(stem) > 0) return null; // "treatments": a form of a known word
        return _speller.Correct(word);
    }

    // A rule's outputs, analysed, depend only on the rule: worked out once, not on every question.
    /// <param name="rule">The rule's words, joined as SynonymMap joins them.</param>
    private List<IReadOnlyList<string>> AnalysedOutputs(ReadOnlySpan<char> rule, IReadOnlyList<string[]> outputs) =>
        _ruleCache.GetAlternateLookup<ReadOnlySpan<char>>().TryGetValue(rule, out var analysed)
            ? analysed
            : _ruleCache.GetOrAdd(rule.ToString(), _ => outputs
                // Not through the word memo: _ruleCache already keeps these, and the memo is for what patients type.
                .Select(phrase => (IReadOnlyList<string>)IndexTerms(string.Join(' ', phrase)))
                .Where(p => p.Count > 0)
                .DistinctBy(p => string.Join(' ', p))
                .ToList());

    /// <summary>
    /// The rarity of a concept as a whole (a passage matches it through any of its phrases): the idf of the
    /// number of passages whose own text holds one (<paramref name="holders"/>). A concept no passage holds weighs most.
    /// For one word that count is the index's document frequency, since the text field is the passage's own text.
    /// </summary>
    private double ConceptWeight(Concept concept, ConceptHolders holders)
    {
        var df = PassageHolders.Count(holders.Own);
        var weight = df == 0 ? _options.UnknownWordWeight : Idf(df);
        // A treatment the patient names is what the question is about: "can I take imatinib if my CML
        // returns after my transplant?" wants the imatinib sentence, not the transplant one.
        return IsFocus(concept.Original) || concept.Synonyms.Any(IsFocus) ? weight * _options.FocusWeight : weight;
    }

    /// <summary>Whether the phrase, its terms joined by spaces, is one of the focus terms.</summary>
    private bool IsFocus(IReadOnlyList<string> phrase)
    {
        if (phrase.Count == 0) return _focus.Contains("");
        Span<char> joined = stackalloc char[128];
        return _focus.Contains(joined[..TermJoin.Join(phrase, ' ', ref joined)]);
    }

    private double Idf(int docFreq)
    {
        var n = _index.DocumentCount;
        return Math.Log(1 + (n - docFreq + 0.5) / (docFreq + 0.5));
    }
}
