using System.Net;
using CmlBot.DirectLine.Store;
using CmlBot.Storage;
using Microsoft.Extensions.DependencyInjection;

namespace CmlBot.DirectLine.Tests;

/// <summary>A shared store that cannot be reached: every Direct Line call answers 503 in Direct Line's shape, and recovers with it.</summary>
public sealed class StorageFaultTests
{
    /// <summary>The in-memory store, switched off and on by the test as a remote store would fail and return.</summary>
    private sealed class SwitchableStore(IDirectLineStore inner) : IDirectLineStore
    {
        public bool Down { get; set; }

        private T Check<T>(T value) => Down ? throw new StorageUnavailableException("store down (test)") : value;

        public async Task<CreateConversationResult> CreateConversationAsync(string conversationId, string client, CancellationToken cancellationToken) =>
            Check(await inner.CreateConversationAsync(conversationId, client, cancellationToken));

        public async Task<bool> TouchConversationAsync(string conversationId, CancellationToken cancellationToken) =>
            Check(await inner.TouchConversationAsync(conversationId, cancellationToken));

        public Task<long?> AppendActivityAsync(string conversationId, Func<long, byte[]> render, bool fromUser, CancellationToken cancellationToken) =>
            Down ? throw new StorageUnavailableException("store down (test)") : inner.AppendActivityAsync(conversationId, render, fromUser, cancellationToken);

        public Task<ActivityPage?> GetActivitiesAsync(string conversationId, long? watermark, int max, CancellationToken cancellationToken) =>
            Down ? throw new StorageUnavailableException("store down (test)") : inner.GetActivitiesAsync(conversationId, watermark, max, cancellationToken);

        public Task<int> RemoveIdleAsync(CancellationToken cancellationToken) => inner.RemoveIdleAsync(cancellationToken);
    }

    private sealed class SwitchableCounter : IClientRateCounter
    {
        public bool Down { get; set; }

        public ValueTask<RateDecision> TryAcquireAsync(string key, RateBudget budget, CancellationToken cancellationToken) =>
            Down ? throw new StorageUnavailableException("counter down (test)") : ValueTask.FromResult(new RateDecision(true, TimeSpan.Zero));
    }

    [Fact]
    public async Task While_the_store_is_down_every_call_is_503_and_the_conversation_resumes_after()
    {
        SwitchableStore? store = null;
        await using var host = await TestHost.StartAsync(services: s => s.AddSingleton<IDirectLineStore>(sp =>
            store = new SwitchableStore(ActivatorUtilities.CreateInstance<InMemoryDirectLineStore>(sp))));
        var dl = new DirectLineClient(host.Client);
        var (conversationId, token) = await dl.StartAsync();

        store!.Down = true;
        var responses = new[]
        {
            await dl.PostMessageAsync(conversationId, token, "hello"),
            await dl.GetActivitiesAsync(conversationId, token),
            await dl.StartConversationAsync(TestHost.Secret),
        };
        Assert.All(responses, r =>
        {
            Assert.Equal(HttpStatusCode.ServiceUnavailable, r.Status);
            Assert.Equal("ServiceUnavailable", r.ErrorCode);
            Assert.NotNull(r.Headers.RetryAfter);
        });

        store.Down = false;
        Assert.Equal(HttpStatusCode.OK, (await dl.PostMessageAsync(conversationId, token, "hello again")).Status);
        Assert.Equal(HttpStatusCode.OK, (await dl.GetActivitiesAsync(conversationId, token)).Status);
    }

    [Fact]
    public async Task A_rate_counter_that_cannot_be_reached_is_503_not_a_crash()
    {
        var counter = new SwitchableCounter { Down = true };
        await using var host = await TestHost.StartAsync(services: s => s.AddSingleton<IClientRateCounter>(counter));
        var dl = new DirectLineClient(host.Client);

        var r = await dl.GenerateTokenAsync(TestHost.Secret);
        using var page = await host.Client.PostAsync("api/directline/token", null);

        Assert.Equal(HttpStatusCode.ServiceUnavailable, r.Status);
        Assert.Equal(HttpStatusCode.ServiceUnavailable, page.StatusCode);
        counter.Down = false;
        Assert.Equal(HttpStatusCode.OK, (await dl.GenerateTokenAsync(TestHost.Secret)).Status);
    }
}
