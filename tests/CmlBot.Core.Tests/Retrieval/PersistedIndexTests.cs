using CmlBot.Core.Corpus;

namespace CmlBot.Core.Tests.Retrieval;

[Collection(RepoCollection.Name)]
public sealed class PersistedIndexTests(RepoFixture repo)
{
    [Fact]
    public async Task A_persisted_index_is_reused_until_the_corpus_changes()
    {
        var dir = Directory.CreateTempSubdirectory("cmlbot-index-").FullName;
        try
        {
            var options = new CorpusOptions { Path = repo.CorpusOptions.Path, IndexPath = dir };
            var corpus = await new CorpusLoader(options).LoadAsync();
            using (var first = QuestionAnswerer.Create(corpus, options)) Assert.False(first.ReusedPersistedIndex);
            using (var second = QuestionAnswerer.Create(corpus, options))
            {
                Assert.True(second.ReusedPersistedIndex);
                Assert.True(second.Ask("What is a donor lymphocyte infusion?").Answered);
            }
            var changed = corpus with { Fingerprint = "changed" };
            using (var third = QuestionAnswerer.Create(changed, options)) Assert.False(third.ReusedPersistedIndex);
        }
        finally { Directory.Delete(dir, recursive: true); }
    }
}
