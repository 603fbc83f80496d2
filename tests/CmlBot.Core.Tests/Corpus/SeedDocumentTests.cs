using System.Security.Cryptography;
using CmlBot.Core.Corpus;

namespace CmlBot.Core.Tests.Corpus;

[Collection(RepoCollection.Name)]
public sealed class SeedDocumentTests(RepoFixture repo)
{
    [Fact]
    public void Corpus_holds_the_summary_byte_for_byte()
    {
        var hash = Convert.ToHexStringLower(SHA256.HashData(File.ReadAllBytes(repo.SeedPath)));
        Assert.Equal("d66ce8b9d311497d6aadfd613dd2a39b2914c221366d206c911c7ed26f19e161", hash);
    }

    [Fact]
    public void Title_version_and_date_are_read()
    {
        Assert.Equal("Chronic Myelogenous Leukemia Treatment (PDQ®)", repo.Document.Title);
        Assert.Equal("Health Professional Version", repo.Document.Version);
        Assert.Equal("03/06/2009", repo.Document.LastModified);
    }

    [Fact]
    public void Table_of_contents_names_every_section()
    {
        Assert.Equal(
        [
            "Purpose of This PDQ Summary", "General Information", "Stage Information", "Treatment Option Overview",
            "Chronic-Phase Chronic Myelogenous Leukemia", "Accelerated-Phase Chronic Myelogenous Leukemia",
            "Blastic-Phase Chronic Myelogenous Leukemia", "Relapsing Chronic Myelogenous Leukemia",
            "Get More Information From NCI", "Changes to This Summary (03/06/2009)", "More Information",
        ], repo.Document.TableOfContents);
        Assert.Contains("Chronic-Phase Chronic Myelogenous Leukemia", repo.Document.MissingSections);
        Assert.DoesNotContain("Relapsing Chronic Myelogenous Leukemia", repo.Document.MissingSections);
    }

    [Fact]
    public void The_one_section_holds_five_paragraphs_and_the_trials_subheading()
    {
        var section = Assert.Single(repo.Document.Sections);
        Assert.Equal("Relapsing Chronic Myelogenous Leukemia", section.Title);
        Assert.Equal(5, section.Paragraphs.Count);
        Assert.Equal([null, null, null, "Current Clinical Trials", "Current Clinical Trials"], section.Paragraphs.Select(p => p.Subheading));
    }

    // Every sentence of the seed, in order, with the references the summary attaches to it.
    public static TheoryData<int, int, string, int[], bool> Sentences => new()
    {
        { 1, 1, "Overt failure is defined as a loss of hematologic remission or progression to accelerated phase or blast crisis phase as previously defined.", [1], true },
        { 1, 2, "Although presumed to represent relapsing disease, a rising quantitative reverse transcriptase–polymerase chain reaction signal is a controversial finding.", [1], true },
        { 1, 3, "Prospective studies comparing resumption of therapy versus continued observation have not been performed.", [1], true },
        { 1, 4, "Similarly, there has been no prospective validation for failure to achieve certain benchmarks during initial therapy.", [1], true },
        { 1, 5, "For initial use of imatinib mesylate, the designation of relative failure has been proposed for lack of complete hematologic remission by 3 months, no cytogenetic response by 6 months, or no major cytogenetic response by 12 months.[1]", [1], false },
        { 2, 1, "Mutations in the tyrosine kinase domain can confer resistance to imatinib mesylate; alternative inhibitors such as dasatinib or nilotinib, higher doses of imatinib mesylate, and allogeneic stem cell transplantation (SCT) are being studied, as evidenced in the UCLA-0501047-01 trial, for example, in this setting.[2-11]", [2, 3, 4, 5, 6, 7, 8, 9, 10, 11], false },
        { 2, 2, "Clinical trial participation should help establish the optimal sequence of these options.", [2, 3, 4, 5, 6, 7, 8, 9, 10, 11], true },
        { 3, 1, "Infusions of buffy coat leukocytes or isolated T cells obtained by pheresis from the bone marrow transplant donor have induced long-term remissions in more than 50% of patients who relapse following allogeneic transplant.[12,13]", [12, 13], false },
        { 3, 2, "The efficacy of this treatment is thought to be the result of an immunologic graft-versus-leukemia effect.", [12, 13], true },
        { 3, 3, "This treatment is most effective for patients whose relapse is detectable only by cytogenetics or molecular studies and is associated with significant graft-versus-host disease.", [12, 13], true },
        { 3, 4, "After relapse from allogeneic SCT, some patients will also respond to interferon-alpha.[14]", [14], false },
        { 3, 5, "Most patients will respond to imatinib mesylate with durable (>1 year) cytogenetic and molecular responses. (These patients had not previously received imatinib.)[15-17]", [15, 16, 17], false },
        { 4, 1, "Check for U.S. clinical trials from NCI's PDQ Cancer Clinical Trials Registry that are now accepting patients with relapsing chronic myelogenous leukemia.", [], false },
        { 4, 2, "The list of clinical trials can be further narrowed by location, drug, intervention, and other criteria.", [], false },
        { 5, 1, "General information about clinical trials is also available from the NCI Web site.", [], false },
    };

    [Theory]
    [MemberData(nameof(Sentences))]
    public void Every_sentence_is_split_right_and_carries_its_citations(int paragraph, int index, string text, int[] citations, bool inherited)
    {
        var sentence = repo.Document.Sentences.Single(s => s.ParagraphIndex == paragraph && s.Index == index);
        Assert.Equal(text, sentence.Text);
        Assert.Equal(citations, sentence.Citations);
        Assert.Equal(inherited, sentence.CitationsInherited);
    }

    [Fact]
    public void There_are_exactly_fifteen_sentences() => Assert.Equal(15, repo.Document.Sentences.Count());

    [Fact]
    public void Clinical_trials_paragraphs_have_no_citations_and_say_so()
    {
        var trials = repo.Document.Sections[0].Paragraphs.Where(p => p.Subheading == "Current Clinical Trials").ToList();
        Assert.Equal(2, trials.Count);
        Assert.All(trials, p => Assert.False(p.HasCitations));
        Assert.All(repo.Document.Sections[0].Paragraphs.Take(3), p => Assert.True(p.HasCitations));
    }

    [Theory]
    [InlineData("Page Options")]
    [InlineData("NCI Highlights")]
    [InlineData("Back to Top")]
    [InlineData("Quit Smoking")]
    [InlineData("Print This Page")]
    [InlineData("Director's Corner")]
    [InlineData("Selenium")]
    [InlineData("A Service of the National Cancer Institute")]
    [InlineData("Next Section")]
    [InlineData("PUBMED")]
    public void Page_chrome_is_never_part_of_the_text_or_the_references(string chrome)
    {
        Assert.DoesNotContain(repo.Document.Sentences, s => s.Text.Contains(chrome, StringComparison.OrdinalIgnoreCase));
        Assert.DoesNotContain(repo.Document.References, r => r.Text.Contains(chrome, StringComparison.OrdinalIgnoreCase));
        Assert.DoesNotContain(repo.Answerer.Passages, p => p.Text.Contains(chrome, StringComparison.OrdinalIgnoreCase));
    }

    [Fact]
    public void Seventeen_references_with_their_searchable_parts()
    {
        var refs = repo.Document.References;
        Assert.Equal(Enumerable.Range(1, 17), refs.Select(r => r.Number));
        Assert.All(refs, r =>
        {
            Assert.NotNull(r.Authors);
            Assert.NotNull(r.Title);
            Assert.NotNull(r.Journal);
            Assert.InRange(r.Year!.Value, 1995, 2008);
            Assert.EndsWith(r.Year.Value + ".", r.Text, StringComparison.Ordinal);
        });
        var four = repo.Document.FindReference(4)!;
        Assert.Equal("Talpaz M, Shah NP, Kantarjian H, et al.", four.Authors);
        Assert.Equal("Dasatinib in imatinib-resistant Philadelphia chromosome-positive leukemias", four.Title);
        Assert.Equal("N Engl J Med", four.Journal);
        Assert.Equal(2006, four.Year);
        Assert.Equal("Talpaz M et al., N Engl J Med 2006", four.ShortName);
        Assert.Equal("Bone Marrow Transplant", repo.Document.FindReference(14)!.Journal);
        Assert.StartsWith("Recombinant alpha-interferon as treatment", repo.Document.FindReference(14)!.Title, StringComparison.Ordinal);
    }
}
