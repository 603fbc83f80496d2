using System.Text.RegularExpressions;

namespace CmlBot.Core.Understanding;

/// <summary>
/// Whether a question asks where a claim comes from ("who proposed the 12-month target?", "which paper showed dasatinib
/// works in blast crisis?", "source for the relative failure definition"): then the answer is the reference the claim's
/// sentence cites, not the sentence. Asking whether studies exist ("has that been studied?", "any trials for me?") is
/// not asking for a source: the summary's sentences about missing studies and open trials answer those.
/// </summary>
public static partial class SourceRequest
{
    [GeneratedRegex(@"\b(which|what) (?:randomi[sz]ed |controlled |clinical |phase (?:1|2|3|i|ii|iii|one|two|three) |multi ?cent(?:re|er) |open label |prospective |head to head |published |original ){0,2}(study|studies|paper|papers|article|articles|reference|references|ref|refs|citation|citations|publication|publications|journal|source|sources|research group|researchers|authors?|title|titles)\b"
        + @"|\b(primary|original|published|medical|scientific|the) literature (on|about|behind|comparing|for|that|supporting|backing|showing)\b|\bwhat( s| is)? the (primary |original )?literature\b"
        + @"|\b(which|what) (?:randomi[sz]ed |controlled |clinical |phase (?:1|2|3|i|ii|iii|one|two|three) |multi ?cent(?:re|er) |open label |prospective |head to head |published |original ){0,2}trials? (showed|shows|compared|compares|found|finds|tested|tried|trialled|trialed|studied|examined|evaluated|investigated|proved|reported|randomi[sz]ed|randomly (assigned|allocated|split)|assigned|enrolled|included|treated|gave|followed|focused on|looked at|backs|supports|established|first)\b"
        + @"|\bwho (actually |really |first |originally )?(says|said|decided|proposed|reported|showed|shown|found|wrote|published|came up with|defined|set|suggested|recommended|determined|proved|established|studied|tested|looked at|compared|claims|first)\b"
        + @"|\b(which|what) research (says|said|shows|showed|found|finds|followed|follows|looked at|tested|compared|reported|backs|supports|proves|proved)\b"
        + @"|\bwhere (does|do|did|has|have) (?:[^ ]+ ){0,8}?(claim|idea|figure|number|numbers|statement|recommendation|definition|milestone|milestones|benchmark|benchmarks|checkpoint|checkpoints|cutoff|cutoffs|cut off|cut offs|threshold|thresholds|time points|timepoints|goal|goals|criteria|criterion|target|targets|advice|evidence|finding|findings|data|statistic|statistics|stat|stats|percentage|rule|rules|guideline|guidelines|bit|part|line|sentence|passage|point|info|information|this|that|it) (?:[^ ]+ ){0,24}?(come|came|comes) from\b"
        + @"|\b(source|sources|src|ref|refs|reference|references|citation|citations) (please |pls )?(for|of|behind|on|about|showing|saying|that|from)\b"
        + @"|\b(source|sources|src|ref|refs|reference|references|citation|citations)( please| pls)?$"
        + @"|\b(studies|papers|articles|research|trials|data) (are |r )?(behind|backing|supporting)\b"
        + @"|\btrials? (showing|showed|proving|proved)\b"
        + @"|\b(in|from) the journal\b"
        + @"|\b(paper|study|article|trial) (is |was )?the one\b"
        + @"|\b(paper|papers|article|articles|publication|publications|report|reports) (on|about)\b"
        + @"|\bfrom a (real |proper |actual |published )?(trial|study|paper|publication)\b"
        + @"|\bwhere(s| is| are) the (evidence|proof|data|source|sources|study|studies|research)\b"
        + @"|\bwhat (proves|proved|supports|supported|backs up|backs|justifies|justified)\b"
        + @"|\bwhere (did|do) (you|u|they) (get|got|find|found|take|took|pull|read|see|saw) (that|this|the|it|those|these)\b"
        + @"|\bwhere (does|do|did) (the summary|this summary|the text|this section|the section|pdq|the authors|nci|it|they|you) (get|take|base|draw|source)\b"
        + @"|\bcites?\b"
        + @"|\b(refs?|references?|citations?|sources?) (given|listed|cited) (for|on|about|with)\b"
        + @"|\b(was|is|were|are) there (an? |any )?(randomi[sz]ed|multi ?cent(re|er)|controlled|head to head) (trial|trials|study|studies)\b"
        // Greedy, not lazy: with a lazy repeat of up to 12 words here, the generated matcher read past the end of its
        // input ("is there a paper on" and a long run of words), which a test now walks.
        + @"|\b(was|is|were|are) there (an? |any )?(expert panel|panel|trial|trials|study|studies|paper|papers) (?:[^ ]+ ){0,12}(that|which|who) (showed|found|compared|tested|set|looked at|proved|reported|defined|proposed|recommended)\b"
        + @"|\b(expert panel|panel of experts)\b"
        + @"|\b(oldest|earliest|newest|latest|most recent) (cited )?(study|studies|paper|papers|reference|references|article|articles|publication|publications|report|source)\b"
        + @"|\b(oldest|earliest) (cited )?(trial|trials)\b"
        + @"|\b(oldest|earliest|newest|latest|most recent|more recent|older|newer) of the ((two|three|four|\w+) )?(cited )?(studies|papers|trials|references|articles|publications|reports)\b"
        + @"|\b(studies|papers|trials|references|articles|publications|works) (are |were |is |was )?(cited|listed|quoted)\b"
        + @"|\b(the (two|three|four|five|six|seven)|both( the)?) ([a-z]+ ){0,2}(studies|papers|trials|articles|publications|reports)\b"
        + @"|\bwhich (one |of them |of those )?(came out|was published|appeared) (first|earlier|last|later|most recently)\b"
        + @"|\bwho (did|ran|led|conducted|carried out|performed|wrote|published) (it|this|that|them|the (study|studies|trial|trials|research|work|paper))\b"
        + @"|^(an? |the |any )?(randomi[sz]ed|multi ?cent(re|er)|controlled|head to head) (trial|trials|study|studies)\b"
        + @"|\bwhere can i (read|find|see|get) (the |more about the )?(original |actual |full )?(study|studies|paper|papers|article|articles|research|publication|publications|source|sources)\b"
        + @"|\b(study|trial|paper) name\b|\btitle of (the|that|this)\b"
        + @"|\bname of the (trial|study|paper|article)\b"
        + @"|\bcited (paper|papers|study|studies|article|articles|reference|references|source|sources|trial|trials)\b"
        + @"|\b(backs?|supports?|backing|supporting|behind)( up)? (the|this|that) (claim|statement|idea|figure|number|recommendation|definition|bit|part|sentence|line)\b"
        + @"|\b(paper|study|article|publication) (that|which|where|showing|shows|showed|proving|proved|behind|backing|supporting)\b"
        + @"|\bwhich of the ([a-z0-9]+ ){0,3}(studies|papers|references|refs|articles|publications|reports|citations) (is|was|are|were) (about|on|the one)\b",
        RegexOptions.CultureInvariant, matchTimeoutMilliseconds: 200)]
    private static partial Regex AsksForSourceRx();

    // The words that ask for a source as patients misspell them ("which refrences support this?").
    private static readonly Dictionary<string, string> Misspelt = new(StringComparer.Ordinal)
    {
        ["refrence"] = "reference", ["refrences"] = "references", ["referance"] = "reference", ["referances"] = "references",
        ["refernce"] = "reference", ["refernces"] = "references", ["referene"] = "reference", ["referenes"] = "references",
        ["citaton"] = "citation", ["citatons"] = "citations", ["citiation"] = "citation", ["citiations"] = "citations",
        ["sorce"] = "source", ["sorces"] = "sources", ["soruce"] = "source", ["souce"] = "source",
        ["studys"] = "studies", ["studdy"] = "study", ["stuy"] = "study", ["stdy"] = "study",
        ["papper"] = "paper", ["pappers"] = "papers", ["artical"] = "article", ["articel"] = "article",
        ["publcation"] = "publication", ["publicaton"] = "publication", ["reserch"] = "research", ["reseach"] = "research",
    };

    // "Evidence that …?", "what's the evidence for …" and "what evidence is there for …" ask for what backs a claim; "is there evidence that …" and
    // "what does the evidence say" ask whether there is any, which sentences of the summary answer.
    [GeneratedRegex(@"^(the )?(evidence|proof) (that|for|behind)\b|\bwhat( s| is|s) the (evidence|proof) (that|for|behind)\b|\bwhat (evidence|proof) (is there|do we have|do they have|exists) (that|for)\b",
        RegexOptions.CultureInvariant, matchTimeoutMilliseconds: 200)]
    private static partial Regex AsksForEvidenceRx();

    /// <summary>
    /// True when the question asks for the evidence behind a claim ("what's the evidence that most patients respond?"): the
    /// studies a sentence cites itself answer it, but a sentence that only shares its paragraph's citation ("a rising PCR
    /// is a controversial finding") is the summary's own answer, that the evidence is lacking.
    /// </summary>
    public static bool AsksForEvidence(string question)
    {
        try
        {
            return AsksForEvidenceRx().IsMatch(QuestionText.Normalize(Read(question)));
        }
        catch (RegexMatchTimeoutException)
        {
            return false;
        }
    }

    /// <summary>A question's words as far as they are read: the first thousand characters, as the search reads them.</summary>
    private static string Read(string question) => question.Length > MaxLength ? question[..MaxLength] : question;

    /// <summary>How much of a question is read for a request (the search's default <c>Retrieval:MaxQuestionLength</c>).</summary>
    public const int MaxLength = 1000;

    /// <summary>True when the question asks for the source of a claim (case and punctuation do not matter, nor a misspelt "reference").</summary>
    public static bool IsAskedIn(string question)
    {
        var text = string.Join(' ', QuestionText.Normalize(Read(question)).Split(' ').Select(w => Misspelt.GetValueOrDefault(w, w)));
        // The limit bounds a crafted question's work; a first match that also compiles the matcher on a busy machine
        // can run past it, so a timeout is tried once more before the question is read as not asking for a source.
        for (var attempt = 0; attempt < 2; attempt++)
        {
            try
            {
                return AsksForSourceRx().IsMatch(text);
            }
            catch (RegexMatchTimeoutException)
            {
            }
        }
        return false;
    }

    // A question, a request or a sentence: anything but a run of topic words.
    [GeneratedRegex(@"\?|^\W*(what|whats|which|who|whom|whose|when|where|why|how|is|are|was|were|do|does|did|can|could|should|would|will|has|have|had|may|might|must|shall|any|anything|tell|explain|describe|give|show|list|i|im|my|we|our|he|she|his|her|they|it|its|if|please)\b",
        RegexOptions.IgnoreCase | RegexOptions.CultureInvariant, matchTimeoutMilliseconds: 200)]
    private static partial Regex NotATopicRx();

    /// <summary>
    /// True when the question is only a run of topic words, as one types a study's subject into a search box ("dasatinib
    /// blast crisis CML", "Tasigna in chronic phase CML after Gleevec resistance"): when one title states all of it, it
    /// names that study. A question ("is dasatinib used in blast crisis?") asks what the summary says, not for a study.
    /// </summary>
    public static bool IsTopicOnly(string question)
    {
        try
        {
            return !NotATopicRx().IsMatch(question);
        }
        catch (RegexMatchTimeoutException)
        {
            return false;
        }
    }
}
