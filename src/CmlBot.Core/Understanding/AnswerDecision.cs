using System.Globalization;
using CmlBot.Core.Retrieval;

namespace CmlBot.Core.Understanding;

/// <summary>
/// One decision from all of a question's evidence, by a rule simple enough to explain:
/// <list type="number">
/// <item>a question asking for a study, whose top reference covers at least <see cref="UnderstandingOptions.FullCoverage"/>
/// of what it is about (<see cref="Evidence.StudyTopicCoverage"/>): of the references that do, the closest in meaning;</item>
/// <item>a not-covered subject's example closer than <see cref="UnderstandingOptions.SubjectThreshold"/>, and closer than
/// every bank question by the margin, unless the words cover <see cref="UnderstandingOptions.FullCoverage"/> of the
/// question or the classifier fitted on all the examples finds a passage fitting clearly better
/// (<see cref="UnderstandingOptions.SubjectFitMargin"/>): the reply of the subject it fits best, never a quote;</item>
/// <item>words that cover the question (lexical confidence at the answer threshold, or <see cref="UnderstandingOptions.CoverageOverBank"/>
/// when a bank question points to another passage): the words' best passage, as without a model;</item>
/// <item>a bank question closer than <see cref="UnderstandingOptions.BankThreshold"/>: an answer, from the passage whose
/// nearest bank question's similarity plus weighted fit plus weighted lexical confidence is highest;</item>
/// <item>a bank question closer than <see cref="UnderstandingOptions.DidYouMeanThreshold"/>: "did you mean", offering
/// the closest passages;</item>
/// <item>else no answer (naming the nearest subject when one is close enough to be worth naming).</item>
/// </list>
/// Without a model there are no examples and the rule is the lexical one: words that cover the question, or no answer.
/// A question asking where a claim comes from, answered with a sentence, is answered with the reference that sentence
/// cites (of several, the best candidate, its lexical confidence weighted <see cref="UnderstandingOptions.SourceLexicalWeight"/> more);
/// answered with a sentence citing nothing, or refused for a section CmlBot lacks, with the study whose title states the
/// medicine or the phase it names (<see cref="StudyChoice.ByStatedStudy"/>). Which study a question about the references
/// gets, by author, place in the list, details or age, <see cref="StudyChoice"/> settles last.
/// </summary>
public sealed class AnswerDecision(UnderstandingOptions options, double confidenceThreshold)
{
    /// <summary>How many choices a "did you mean" offers, and how many questions a refusal suggests.</summary>
    public int Choices => options.Choices;

    public int Neighbours => options.Neighbours;

    public Decision Decide(Evidence evidence)
    {
        var decision = DecideOnClaim(evidence);
        IReadOnlyList<string>? cited = null;
        var place = evidence.SourcesAsked is null ? null : evidence.Retrieval.Plan.PlaceAmongCited;
        // "the last reference cited for the statement that …" describes a claim, which its words find; the bank may have
        // answered with one of the references instead, or with nothing sure. The claim is then the sentence citing that
        // reference among others, else the best-ranked sentence citing several (as many as the question says: "the last
        // of the three").
        if (evidence.SourcesAsked is { } asked && place is not null && (decision.Kind != DecisionKind.Answer || !asked.ContainsKey(decision.PassageId!)))
        {
            var count = ListPosition.CitedCount(evidence.Retrieval.Plan.Question);
            bool Fits(IReadOnlyList<string> c) => c.Count > 1 && (count is null || c.Count == count);
            var chosen = decision.Kind == DecisionKind.Answer ? decision.PassageId : null;
            var citing = asked.Where(a => Fits(a.Value) && chosen is not null && a.Value.Contains(chosen)).Select(a => a.Key).ToList();
            var described = citing.Count == 1 ? citing[0]
                : evidence.Retrieval.Hits.FirstOrDefault(h => asked.TryGetValue(h.Passage.Id, out var c) && Fits(c))?.Passage.Id;
            if (described is not null)
                decision = new Decision(DecisionKind.Answer, described, [], null, citing.Count == 1
                    ? F($"asks for a place among the references a claim cites: {described} cites {chosen} among {asked[described].Count}")
                    : F($"asks for a place among the references a claim cites: {described} is the best-ranked sentence citing {count?.ToString(CultureInfo.InvariantCulture) ?? "several"}"));
        }
        if (evidence.SourcesAsked is { } sources && decision is { Kind: DecisionKind.Answer, PassageId: { } claim }
            && sources.TryGetValue(claim, out var claimCites) && claimCites.Count > 0)
        {
            cited = claimCites;
            decision = SourceOf(decision, cited, place, evidence);
        }
        else if (evidence.SourcesAsked is not null) decision = StudyChoice.ByStatedStudy(decision, evidence);
        return StudyChoice.Refine(decision, evidence, cited);
    }

    /// <summary>Of the references a sentence cites, the one the question asks for by place, else the best candidate (the first cited among equals).</summary>
    /// <param name="place">The place the question asks for among the claim's references (<see cref="ListPosition.AmongCited"/>), if any.</param>
    private Decision SourceOf(Decision claim, IReadOnlyList<string> cited, int? place, Evidence evidence)
    {
        // "… cites two refs, what's the first of them?": the place asked for, not the best candidate.
        if (cited.Count > 1 && place is int p && ListPosition.IndexAmong(p, cited.Count) is var at && at >= 0)
            return new Decision(DecisionKind.Answer, cited[at], [], null,
                F($"asks where the claim comes from: {claim.PassageId} ({claim.Reason}) cites {string.Join(", ", cited)}; the question asks for number {at + 1} of them"));
        var scores = evidence.Examples is null
            ? cited.ToDictionary(id => id, evidence.Confidence, StringComparer.Ordinal)
            : Candidates(evidence).ToDictionary(c => c.PassageId, c => c.Score + options.SourceLexicalWeight * evidence.Confidence(c.PassageId), StringComparer.Ordinal);
        var best = cited[0];
        foreach (var id in cited)
            if (scores.GetValueOrDefault(id) > scores.GetValueOrDefault(best)) best = id;
        return new Decision(DecisionKind.Answer, best, [], null,
            F($"asks where the claim comes from: {claim.PassageId} ({claim.Reason}) cites {string.Join(", ", cited)}; {best} scores best"));
    }

    private Decision DecideOnClaim(Evidence evidence)
    {
        var top = evidence.TopHit;
        var lexical = top is not null && top.Confidence >= confidenceThreshold && evidence.MissingSection is null;
        if (evidence.Examples is not { } examples)
            return lexical
                ? new Decision(DecisionKind.Answer, top!.Passage.Id, [], null, F($"lexical confidence {top.Confidence:F2} ≥ {confidenceThreshold:F2}"))
                : new Decision(DecisionKind.NoAnswer, null, [], null, F($"lexical confidence {top?.Confidence ?? 0:F2} < {confidenceThreshold:F2}"));

        var bank = examples.BestBank;
        var subject = examples.Subject;
        // A question asking for a study, whose words find a study that covers all it is about, is answered from the
        // reference list, whatever subject a study's title names ("which 2007 Blood paper was about blast crisis?").
        // The words asking for a study do not count: nearly every reference is a study, so "any studies on diet for CML?"
        // is not covered by a study of CML.
        // When several studies cover it all ("dasatinib in imatinib-resistant leukemia" fits five titles), the words cannot
        // choose, and the study closest in meaning answers.
        if (evidence.StudyTopicCoverage >= options.FullCoverage)
        {
            var study = StudyCoveringAll(evidence);
            return new Decision(DecisionKind.Answer, study.Hit.Passage.Id, [], null,
                F($"asks for a study, and reference {study.Hit.Passage.Id} covers {study.Coverage:F2} of what it is about (≥ {options.FullCoverage:F2}), the closest in meaning of those that do (similarity {study.Hit.Similarity:F2})"));
        }
        // Words that cover nearly all of the question outweigh a subject: an off-topic question has words no passage holds.
        var covered = top is not null && top.Coverage >= options.FullCoverage && subject?.Cosine < options.NearExact;
        // The nearest examples say whether the question is off the summary's ground; the classifier, which weighs every
        // example, overrules them when a passage fits clearly better than any subject.
        var subjectCloser = subject is not null && subject.Cosine >= bank + options.SubjectMargin
            && examples.Named!.Fit >= examples.Passages[0].Fit + options.SubjectFitMargin;
        if (subject is not null && subject.Cosine >= options.SubjectThreshold && subjectCloser && !covered)
            return new Decision(DecisionKind.NotCovered, null, [], examples.Named!.Subject,
                F($"subject {subject.Subject.Id} {subject.Cosine:F2} ≥ {options.SubjectThreshold:F2} and ≥ bank {bank:F2} + {options.SubjectMargin:F2}; fit {examples.Named.Fit:F2} ≥ {examples.Passages[0].PassageId}'s {examples.Passages[0].Fit:F2} + {options.SubjectFitMargin:F2}"));
        // A question about a section CmlBot lacks is refused, unless it is all but a bank question of a passage it has.
        // A passage that speaks of that section itself, and of what else the question asks, answers it when the bank chooses it.
        if (evidence.MissingSection is not null)
        {
            if (bank >= options.NearExact)
                return new Decision(DecisionKind.Answer, examples.Passages[0].PassageId, [], null,
                    F($"names the missing section “{evidence.MissingSection}”, but bank {bank:F2} ≥ {options.NearExact:F2}"));
            var speaking = examples.Passages.FirstOrDefault(p => p.Cosine >= options.BankThreshold && evidence.AnswersMissing(p.PassageId));
            if (speaking is not null)
                return new Decision(DecisionKind.Answer, speaking.PassageId, [], null,
                    F($"names the missing section “{evidence.MissingSection}”, but {speaking.PassageId} speaks of a section it names and of its other words; bank {speaking.Cosine:F2} ≥ {options.BankThreshold:F2}"));
            return new Decision(DecisionKind.NoAnswer, null, [], null, $"asks about the missing section “{evidence.MissingSection}”");
        }

        // Words that cover the question choose as they do without a model: their ranking knows references, focus
        // drugs and the sentences quoted together, which the bank's nearest question does not.
        // Coverage, not the fused confidence: passage similarity alone is the weakest evidence here, and the bank speaks for meaning.
        // When the bank points elsewhere, the words need to cover more (CoverageOverBank), and the fused confidence is not trusted.
        var bankElsewhere = bank >= options.BankThreshold && examples.Passages[0].PassageId != top?.Passage.Id;
        var wordsCover = top is not null && top.Coverage >= (bankElsewhere ? Math.Max(confidenceThreshold, options.CoverageOverBank) : confidenceThreshold);
        if (top is not null && (wordsCover || (top.Confidence >= confidenceThreshold && !bankElsewhere)))
            return new Decision(DecisionKind.Answer, top.Passage.Id, [], null,
                F($"words cover {top.Coverage:F2} (confidence {top.Confidence:F2}, threshold {confidenceThreshold:F2}; bank {bank:F2}, subject {examples.BestSubject:F2})"));
        if (bank >= options.BankThreshold)
        {
            var best = Candidates(evidence).OrderByDescending(c => c.Score).First();
            return new Decision(DecisionKind.Answer, best.PassageId, [], null,
                F($"bank {bank:F2} ≥ {options.BankThreshold:F2}; {best.PassageId} scores {best.Score:F2} (its bank question + {options.FitWeight:F2} × fit + {options.LexicalWeight:F2} × lexical confidence)"));
        }
        if (bank >= options.DidYouMeanThreshold)
            return new Decision(DecisionKind.DidYouMean, null, examples.Passages.Take(options.Choices).Select(p => p.PassageId).ToList(), null,
                F($"bank {bank:F2} between {options.DidYouMeanThreshold:F2} and {options.BankThreshold:F2}"));
        return new Decision(DecisionKind.NoAnswer, null, [], null,
            F($"bank {bank:F2} < {options.DidYouMeanThreshold:F2}, subject {subject?.Cosine ?? 0:F2} < {options.SubjectThreshold:F2}, lexical confidence {top?.Confidence ?? 0:F2} < {confidenceThreshold:F2}"));
    }

    /// <summary>Of the references the words found that cover all a study question is about, the one closest in meaning.</summary>
    private (Hit Hit, double Coverage) StudyCoveringAll(Evidence evidence) =>
        evidence.StudyTopics!.Where(s => s.Coverage >= options.FullCoverage).MaxBy(s => s.Hit.Similarity);

    /// <summary>Every passage with bank evidence or lexical, scored by its nearest bank question's similarity plus weighted fit plus weighted lexical confidence.</summary>
    private IEnumerable<(string PassageId, double Score)> Candidates(Evidence evidence)
    {
        var bank = evidence.Examples!.Passages.ToDictionary(p => p.PassageId, p => p.Strength, StringComparer.Ordinal);
        var ids = evidence.Examples.Passages.Select(p => p.PassageId).Concat(evidence.Retrieval.Hits.Select(h => h.Passage.Id)).Distinct();
        return ids.Select(id => (id, bank.GetValueOrDefault(id) + options.LexicalWeight * evidence.Confidence(id)));
    }

    private static string F(FormattableString s) => s.ToString(CultureInfo.InvariantCulture);
}
