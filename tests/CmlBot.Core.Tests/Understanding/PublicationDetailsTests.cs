using CmlBot.Core.Understanding;

namespace CmlBot.Core.Tests.Understanding;

/// <summary>
/// The journal and the year a question names for a study: an abbreviation or full name the summary does not use counts
/// anywhere; a journal named like a plain word counts only where the question speaks of publishing; a year counts when
/// some reference has it; an author counts by any of the names a reference prints, with or without a possessive s.
/// </summary>
[Collection(RepoCollection.Name)]
public sealed class PublicationDetailsTests(RepoFixture repo)
{
    private PublicationDetails Details() => new(repo.Answerer.Passages);

    private string Reference(int number) => repo.Answerer.Passages.Single(p => p.Reference?.Number == number).Id;

    [Theory]
    [InlineData("which paper was published in Bone Marrow Transplantation", "bone marrow transplant", null)]
    [InlineData("Which citation is from Bone Marrow Transplantation?", "bone marrow transplant", null)]
    [InlineData("the imatinib study that appeared in the journal Leukemia", "leukemia", null)]
    [InlineData("the JCO paper from 2005", "j clin oncol", 2005)]
    [InlineData("the New England Journal of Medicine dasatinib paper", "n engl j med", null)]
    [InlineData("the Blood 2007 paper on blast crisis", "blood", 2007)]
    public void A_journal_or_year_named_for_a_study_is_read(string question, string? journal, int? year)
    {
        var named = Details().Named(question);
        Assert.Equal(journal, named.Journal);
        Assert.Equal(year, named.Year);
    }

    [Theory]
    [InlineData("does my leukemia come back after a transplant")]
    [InlineData("my blood counts went up on gleevec")]
    [InlineData("what happened in 1985")]
    public void Plain_words_and_years_no_reference_has_name_nothing(string question) =>
        Assert.False(Details().Named(question).NamesAny);

    [Fact]
    public void Only_a_reference_published_there_and_then_fits()
    {
        var named = Details().Named("which imatinib-after-transplant study appeared in the journal Leukemia?");
        Assert.True(named.Fits(Reference(15)));
        Assert.False(named.Fits(Reference(16)));
        Assert.False(named.Fits(repo.Answerer.Passages.First(p => p.Reference is null).Id));
    }

    [Theory]
    [InlineData("Which number is the dasatinib paper that Deininger co-authored?", "deininger")]
    [InlineData("Deininger's paper on imatinib for relapse after transplant", "deininger")]
    [InlineData("the le Coutre nilotinib paper", "le coutre")]
    [InlineData("O'Brien and Kantarjian on imatinib after a transplant", "kantarjian", "obrien")]
    public void An_author_named_anywhere_in_a_reference_is_read(string question, params string[] authors) =>
        Assert.Equal(authors, Details().Named(question).Authors);

    [Fact]
    public void An_author_ruled_out_is_not_asked_for_and_neither_is_the_year_after_the_name()
    {
        var named = Details().Named("Apart from Hochhaus 2008, which other reference was published in the journal Leukemia?");
        Assert.Empty(named.Authors!);
        Assert.Equal(["hochhaus"], named.RuledOutAuthors);
        Assert.Null(named.Year);
        Assert.False(named.Fits(Reference(5)));
        Assert.True(named.Fits(Reference(15)));
    }

    [Fact]
    public void Two_authors_who_never_wrote_together_name_either_ones_studies()
    {
        var named = Details().Named("which was published first, the le Coutre paper or the Gattermann one?");
        Assert.True(named.EitherAuthor);
        Assert.True(named.Fits(Reference(3)));
        Assert.True(named.Fits(Reference(10)));
        Assert.False(named.Fits(Reference(4)));
    }

    [Fact]
    public void Only_a_reference_by_every_author_named_fits()
    {
        var named = Details().Named("the paper Deininger co-wrote with Baccarani");
        Assert.True(named.Fits(Reference(5)));
        Assert.False(named.Fits(Reference(15)));
        Assert.False(named.Fits(Reference(1)));
        Assert.True(Details().Named("Deininger's paper").Fits(Reference(15)));
    }

    [Fact]
    public void An_author_placed_in_the_list_fits_only_a_reference_that_lists_them_there()
    {
        // Shah is first author of reference 11 and second of reference 4; PDQ prints three names before "et al.".
        var second = Details().Named("Which dasatinib paper has Shah as the second author?");
        Assert.Equal(2, second.AuthorPosition);
        Assert.True(second.Fits(Reference(4)));
        Assert.False(second.Fits(Reference(11)));
        var first = Details().Named("the paper with Shah as first author");
        Assert.Equal(1, Details().Named("Which reference is first-authored by Shah NP?").AuthorPosition);
        Assert.True(first.Fits(Reference(11)));
        Assert.False(first.Fits(Reference(4)));
    }

    [Fact]
    public void A_name_with_an_apostrophe_is_read_as_the_list_writes_it()
    {
        var named = Details().Named("O'Shea is a co-author on which reference?");
        Assert.Equal(["oshea"], named.Authors);
        Assert.True(named.Fits(Reference(12)));
    }

    [Theory]
    [InlineData("the earliest study on donor infusions", PublicationOrder.Oldest)]
    [InlineData("which dasatinib paper is the most recent", PublicationOrder.Newest)]
    [InlineData("the latest nilotinib paper", PublicationOrder.Newest)]
    [InlineData("of the two nilotinib trials cited, which one came out first?", PublicationOrder.Oldest)]
    [InlineData("which of the two was published last", PublicationOrder.Newest)]
    [InlineData("which paper showed dasatinib works", PublicationOrder.None)]
    [InlineData("Of the two nilotinib reports, which one was published later?", PublicationOrder.Newest)]
    [InlineData("which came out earlier, the Blood one or the Leukemia one?", PublicationOrder.Oldest)]
    public void Asking_for_the_oldest_or_the_newest_is_read(string question, PublicationOrder order) =>
        Assert.Equal(order, Details().Named(question).Order);

    [Theory]
    [InlineData("Which reference was published the year before the Olavarria paper?", 2002)]
    [InlineData("published five years after the interferon paper", 2000)]
    [InlineData("which paper came out exactly ten years after the interferon report?", 2005)]
    [InlineData("Which reference came out the year after Kantarjian's 2002 Blood paper on imatinib after transplant relapse?", 2003)]
    [InlineData("Which reference was published two years before Kantarjian's paper on imatinib for relapse after allogeneic transplant?", 2000)]
    public void A_year_counted_from_another_study_is_that_studys_year_and_its_details_are_not_asked_for(string question, int year)
    {
        var named = Details().Named(question);
        Assert.Equal(year, named.Year);
        Assert.Empty(named.Authors ?? []);
        Assert.Null(named.Journal);
    }

    [Fact]
    public void A_year_counted_from_words_that_name_no_study_is_no_year() =>
        Assert.Null(Details().Named("my PCR went up two years after my transplant, which paper is about that?").Year);

    [Fact]
    public void A_decade_fits_the_studies_published_in_it()
    {
        var named = Details().Named("Which reference is the only one from the 1990s?");
        Assert.True(named.Fits(Reference(14)));   // 1995
        Assert.False(named.Fits(Reference(13)));  // 2000
    }

    [Fact]
    public void A_place_in_the_order_of_years_is_kept_with_the_order()
    {
        var named = Details().Named("What is the third oldest reference in the list?");
        Assert.Equal((PublicationOrder.Oldest, 3, true), (named.Order, named.AgeRank, named.AnyStudy));
    }

    [Fact]
    public void A_journal_ruled_out_fits_none_of_its_studies_and_is_not_the_journal_asked_for()
    {
        var named = Details().Named("One dasatinib paper wasn't published in Blood, NEJM or JCO. Which one?");

        Assert.Null(named.Journal);
        Assert.Equal(["blood", "n engl j med", "j clin oncol"], named.RuledOutJournals);
        Assert.False(named.Fits(Reference(4)));  // N Engl J Med
        Assert.False(named.Fits(Reference(7)));  // Blood
        Assert.True(named.Fits(Reference(5)));   // Leukemia
    }

    [Fact]
    public void A_cue_about_something_else_does_not_rule_a_journal_out()
    {
        var named = Details().Named("which paper not about transplant was published in Blood?");
        Assert.Equal("blood", named.Journal);
        Assert.Empty(named.RuledOutJournals);
    }

    [Theory]
    [InlineData("Which reference is in Blood volume 110?", 10)]
    [InlineData("the paper on page 2531", 4)]
    [InlineData("Blood 108:1809, which citation is that?", 1)]
    public void A_volume_or_a_page_of_a_citation_names_that_reference(string question, int number)
    {
        var named = Details().Named(question);
        Assert.True(named.NamesAny);
        Assert.Equal([Reference(number)], repo.Answerer.Passages.Where(p => p.Reference is not null).Select(p => p.Id).Where(named.Fits));
    }

    [Theory]
    [InlineData("is a 1:2 ratio of donor cells normal?")]
    [InlineData("page 3 of my leaflet says to take it with food")]
    [InlineData("i take my imatinib at 17:30, is that ok?")]
    public void A_number_no_citation_prints_names_no_volume_or_page(string question)
    {
        var named = Details().Named(question);
        Assert.Null(named.Volume);
        Assert.Null(named.Page);
    }

    [Fact]
    public void A_reference_year_is_known_by_passage()
    {
        var named = Details().Named("the oldest one");
        Assert.Equal(1995, named.YearOf(Reference(14)));
        Assert.Null(named.YearOf(repo.Answerer.Passages.First(p => p.Reference is null).Id));
    }

    [Theory]
    [InlineData("Dr Kim told me my PCR is rising, what does that mean?")]
    [InlineData("my consultant Shah wants me to try dasatinib")]
    [InlineData("doctor Jones says the transplant is an option")]
    [InlineData("my sister Kim has CML too, is the transplant an option for her?")]
    public void A_name_after_a_title_is_someone_the_patient_knows_not_an_author(string question) =>
        Assert.Empty(Details().Named(question).Authors ?? []);

    [Theory]
    [InlineData("What is the oldest study cited in the relapsing CML section?", true)]
    [InlineData("which is the newest reference", true)]
    [InlineData("the earliest study on donor lymphocyte infusion", false)]
    [InlineData("what are the latest studies on diet", false)]
    public void Asking_for_the_oldest_or_newest_of_every_study_is_told_from_asking_about_a_topic(string question, bool anyStudy) =>
        Assert.Equal(anyStudy, Details().Named(question).AnyStudy);

    [Theory]
    [InlineData("Which number is 'Dasatinib in imatinib-resistant Philadelphia chromosome-positive leukemias'?", 4)]
    [InlineData("what ref is Comparison of single-dose and escalating-dose regimens of donor lymphocyte infusion", 13)]
    public void A_quoted_title_names_its_reference(string question, int number) =>
        Assert.Equal(Reference(number), Details().Named(question).Titled);

    [Theory]
    // Several titles open with these words: a run they share names none of them.
    [InlineData("dasatinib induces responses in patients with imatinib resistant or intolerant chronic myeloid leukemia")]
    [InlineData("is imatinib resistant chronic myelogenous leukemia treated with a transplant")]
    public void Words_several_titles_share_or_a_short_run_name_no_title(string question) =>
        Assert.Null(Details().Named(question).Titled);
}
