using CmlBot.Core.Retrieval;
using CmlBot.Core.Retrieval.Speed;

namespace CmlBot.Core.Tests.Retrieval;

public sealed class BoundedMemoTests
{
    [Fact]
    public void A_key_is_computed_once_while_it_is_remembered()
    {
        var calls = new List<string>();
        var memo = new BoundedMemo<int>(10, key => { calls.Add(key); return key.Length; });

        Assert.Equal(8, memo["imatinib"]);
        Assert.Equal(8, memo["imatinib"]);
        Assert.Equal(9, memo["dasatinib"]);

        Assert.Equal(["imatinib", "dasatinib"], calls);
    }

    [Fact]
    public void A_span_key_finds_what_its_string_key_holds_and_is_computed_once_when_new()
    {
        var calls = new List<string>();
        var memo = new BoundedMemo<int>(10, key => { calls.Add(key); return key.Length; });

        Assert.Equal(8, memo.Get("imatinib, dasatinib".AsSpan(0, 8)));
        Assert.Equal(8, memo["imatinib"]);
        Assert.Equal(9, memo.Get("imatinib, dasatinib".AsSpan(10)));
        Assert.Equal(9, memo.Get("dasatinib"));

        Assert.Equal(["imatinib", "dasatinib"], calls);
    }

    [Fact]
    public void When_full_it_starts_afresh_and_never_holds_more_than_its_capacity()
    {
        var calls = 0;
        var memo = new BoundedMemo<string>(3, key => { calls++; return key.ToUpperInvariant(); });

        foreach (var word in Enumerable.Range(0, 100).Select(i => $"word{i}"))
        {
            Assert.Equal(word.ToUpperInvariant(), memo[word]);
            Assert.InRange(memo.Count, 1, 3);
        }
        Assert.Equal(100, calls);
        // The newest key survived the last reset.
        Assert.Equal("WORD99", memo["word99"]);
        Assert.Equal(100, calls);
    }

    [Fact]
    public void A_null_result_is_remembered_too()
    {
        var calls = 0;
        var memo = new BoundedMemo<string?>(10, _ => { calls++; return null; });

        Assert.Null(memo["cml"]);
        Assert.Null(memo["cml"]);
        Assert.Equal(1, calls);
    }
}
