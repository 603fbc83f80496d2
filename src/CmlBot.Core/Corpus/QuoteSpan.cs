using System.Text.RegularExpressions;

namespace CmlBot.Core.Corpus;

/// <summary>
/// Which sentences to quote so that one reads on its own: a sentence that leans on the one before it
/// ("This treatment…", "The efficacy of this treatment…", "…the optimal sequence of these options",
/// "Most patients…" after a sentence naming which patients) is quoted with what it refers to.
/// Retrieval credits a sentence with the words of its span, and answers quote the span.
/// </summary>
public static partial class QuoteSpan
{
    [GeneratedRegex(@"^(This|These|Those|That|It|They|Such|Similarly|Thus|Therefore|However|In addition)\b|^(Most|Some|Many|Few|All) (patients|of them|of these)\b|\b(this|these|those|such) (treatment|treatments|therapy|setting|options|option|approach|patients|agents|drugs|studies)\b")]
    private static partial Regex LeansBackRx();

    private const int MaxSentencesBack = 2;

    /// <summary>The sentences to quote for <paramref name="sentence"/>, in order, ending with it.</summary>
    public static IReadOnlyList<Sentence> For(Paragraph paragraph, Sentence sentence)
    {
        var first = sentence.Index - 1;
        var back = 0;
        while (first > 0 && back < MaxSentencesBack && LeansBackRx().IsMatch(paragraph.Sentences[first].PlainText))
        {
            first--;
            back++;
        }
        return paragraph.Sentences.Skip(first).Take(sentence.Index - first).ToList();
    }
}
