using System.Text;
using CmlBot.Core.Corpus;

namespace CmlBot.Core.Tests.Corpus;

/// <summary>Bad corpus files stop the load with the file and line named; nothing is built from half a corpus.</summary>
public sealed class BadFileTests : IDisposable
{
    // A minimal saved page of the same shape as the seed.
    internal const string Page = """
        Test Leukemia Treatment (PDQ®)
        Patient Version   Health Professional Version   Last Modified: 01/02/2010

        Section A
        Section B

        Page Options
        Print This Page
        Section B

        First sentence of B.[1] Second sentence, e.g. this one.[2]

        References

          1. Doe J, Roe R, et al.: A first title. Blood 1 (2): 3-4, 2000.  [PUBMED Abstract]

          2. Roe R: A second title. Leukemia 5 (6): 7-8, 2001.  [PUBMED Abstract]

        Back to Top
        """;

    private readonly string _dir = Directory.CreateTempSubdirectory("cmlbot-corpus-").FullName;

    private Task<CorpusSet> Load() => new CorpusLoader(new CorpusOptions { Path = _dir }).LoadAsync();

    private string Write(string name, string text) => WriteBytes(name, Encoding.UTF8.GetBytes(text.Replace("\r\n", "\n", StringComparison.Ordinal)));

    private string WriteBytes(string name, byte[] bytes)
    {
        var path = Path.Combine(_dir, name);
        File.WriteAllBytes(path, bytes);
        return path;
    }

    private async Task<CorpusFormatException> Fails(string file)
    {
        var e = await Assert.ThrowsAsync<CorpusFormatException>(Load);
        Assert.Equal(Path.Combine(_dir, file), e.File);
        Assert.StartsWith($"{Path.Combine(_dir, file)}:{e.LineNumber}: ", e.Message, StringComparison.Ordinal);
        return e;
    }

    [Fact]
    public async Task The_minimal_page_parses()
    {
        Write("a.txt", Page);
        var corpus = await Load();
        var doc = Assert.Single(corpus.Documents);
        Assert.Equal("a", doc.Id);
        Assert.Equal("Section B", Assert.Single(doc.Sections).Title);
        Assert.Equal(2, doc.References.Count);
        Assert.Equal([[1], [2]], doc.Sentences.Select(s => s.Citations.ToArray()));
        Assert.Equal("A first title", doc.References[0].Title);
    }

    [Fact]
    public async Task An_empty_file_is_named()
    {
        Write("empty.txt", "  \n\n");
        var e = await Fails("empty.txt");
        Assert.Equal(1, e.LineNumber);
        Assert.Contains("empty", e.Problem, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_binary_file_is_named_with_the_line_of_its_first_nul()
    {
        var bytes = Encoding.UTF8.GetBytes("line one\nline two\nline\0three\n");
        WriteBytes("binary.txt", bytes);
        var e = await Fails("binary.txt");
        Assert.Equal(3, e.LineNumber);
        Assert.Contains("binary", e.Problem, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_file_that_is_not_utf8_is_named_with_the_line_of_the_bad_byte()
    {
        var bytes = Encoding.UTF8.GetBytes("Title (PDQ®)\nsecond\nthird\nfo").Concat(new byte[] { 0xFF, 0xFE, (byte)'\n' }).ToArray();
        WriteBytes("latin1.txt", bytes);
        var e = await Fails("latin1.txt");
        Assert.Equal(4, e.LineNumber);
        Assert.Contains("UTF-8", e.Problem, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_page_without_a_reference_list_is_refused()
    {
        Write("norefs.txt", Page[..Page.IndexOf("References", StringComparison.Ordinal)]);
        var e = await Fails("norefs.txt");
        Assert.Contains("no reference list", e.Problem, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_citation_without_a_matching_reference_names_its_line()
    {
        Write("dangling.txt", Page.Replace("sentence of B.[1]", "sentence of B.[1,3]", StringComparison.Ordinal));
        var e = await Fails("dangling.txt");
        Assert.Equal(11, e.LineNumber);
        Assert.Contains("citation [3] has no matching reference", e.Problem, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_duplicated_reference_number_names_the_second()
    {
        Write("dup.txt", Page.Replace("  2. Roe R", "  1. Roe R", StringComparison.Ordinal));
        var e = await Fails("dup.txt");
        Assert.Equal(17, e.LineNumber);
        Assert.Contains("reference 1 is listed twice (first at line 15)", e.Problem, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_backwards_citation_range_names_its_line()
    {
        Write("range.txt", Page.Replace("[2]", "[2-1]", StringComparison.Ordinal));
        var e = await Fails("range.txt");
        Assert.Equal(11, e.LineNumber);
    }

    [Fact]
    public async Task A_page_without_a_title_is_refused()
    {
        Write("notitle.txt", Page.Replace("(PDQ®)", "", StringComparison.Ordinal));
        var e = await Fails("notitle.txt");
        Assert.Contains("no summary title", e.Problem, StringComparison.Ordinal);
    }

    [Fact]
    public async Task One_bad_file_stops_the_whole_load()
    {
        Write("a-good.txt", Page);
        Write("b-bad.txt", Page.Replace("[2]", "[9]", StringComparison.Ordinal));
        await Fails("b-bad.txt");
    }

    [Fact]
    public async Task Several_documents_keep_their_own_reference_numbers()
    {
        Write("a.txt", Page);
        Write("b.txt", Page.Replace("Test Leukemia", "Other Leukemia", StringComparison.Ordinal).Replace("A first title", "B's own first title", StringComparison.Ordinal));
        var corpus = await Load();
        Assert.Equal(["a", "b"], corpus.Documents.Select(d => d.Id));
        Assert.Equal("A first title", corpus.FindDocument("a")!.FindReference(1)!.Title);
        Assert.Equal("B's own first title", corpus.FindDocument("b")!.FindReference(1)!.Title);
        using var answerer = QuestionAnswerer.Create(corpus, new CorpusOptions { Path = _dir });
        Assert.Contains("B's own first title", answerer.AnswerReference("reference 1", 1, documentId: "b").Text, StringComparison.Ordinal);
        Assert.Equal(2 * (2 + 2), answerer.Passages.Count);
    }

    [Fact]
    public async Task A_bad_synonym_rule_names_the_synonym_file_and_line()
    {
        Write("a.txt", Page);
        Write("synonyms.txt", "# comment\nfoo, bar\nbaz, %\n");
        var corpus = await Load();
        var e = Assert.Throws<CorpusFormatException>(() => QuestionAnswerer.Create(corpus, new CorpusOptions { Path = _dir }));
        Assert.Equal(3, e.LineNumber);
        Assert.EndsWith("synonyms.txt", e.File, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_missing_folder_is_an_error_not_a_crash()
    {
        var options = new CorpusOptions { Path = Path.Combine(_dir, "nowhere") };
        await Assert.ThrowsAsync<CorpusFormatException>(() => new CorpusLoader(options).LoadAsync());
    }

    public void Dispose() => Directory.Delete(_dir, recursive: true);
}
