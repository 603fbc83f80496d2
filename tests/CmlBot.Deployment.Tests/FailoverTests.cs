using CmlBot.Deployment.Tests.Failover;
using CmlBot.Deployment.Tests.Infrastructure;
using Xunit.Abstractions;

namespace CmlBot.Deployment.Tests;

/// <summary>
/// The failover test: Redis, two instances and nginx; 40 conversations over /api/messages and 40 over Direct Line, all at
/// once, through nginx; one instance SIGKILLed when half of the messages are answered. Then every conversation must
/// have carried on: every answer the one its own state gives, none in another conversation, no vote lost. The same
/// harness proves itself on one in-memory instance (everything right), and proves it has teeth on two in-memory
/// instances (state is lost, and the checks say so). Asserts behaviour, never time.
/// </summary>
[Collection(DeploymentCollection.Name)]
public sealed class FailoverTests(ConversationOracle oracle, ITestOutputHelper output)
{
    private const int ConversationsPerTransport = 40;
    private static readonly TimeSpan Limit = TimeSpan.FromMinutes(5);

    [Fact]
    public async Task Two_instances_over_Redis_lose_one_mid_run_and_every_conversation_carries_on()
    {
        Prerequisites.Require("redis-server", "nginx");
        var report = await RunAsync(new ClusterOptions { Storage = "redis", Instances = 2 },
            new FailoverPlan("Redis, 2 instances behind nginx, instance 0 killed halfway", ConversationsPerTransport, KillOneInstance: true));

        Assert.True(report.RedisKeys > 0,
            "The instances wrote nothing under this run's prefix in Redis: they kept their state in process. " +
            "Storage:Kind=redis needs the Redis storage (branch redis) in the host.");
        AssertEveryConversationCarriedOn(report);
        Assert.NotNull(report.KilledAfterTurns);
        Assert.All(report.RequestsPerInstance, i => Assert.True(i.Value > 0, $"{i.Key} served no request, so the run did not test it"));
    }

    [Fact]
    public async Task The_harness_passes_one_instance_with_memory_storage()
    {
        Prerequisites.Require("nginx");
        var report = await RunAsync(new ClusterOptions { Storage = "memory", Instances = 1 },
            new FailoverPlan("memory, 1 instance behind nginx, none killed (the harness on a system that keeps state)", ConversationsPerTransport / 2, KillOneInstance: false));

        AssertEveryConversationCarriedOn(report);
        Assert.Equal(0, report.Total.Retries);
        Assert.Equal(report.Total.VotesAcknowledged, report.FeedbackRecords);
    }

    [Fact]
    public async Task Two_instances_with_memory_storage_lose_state_and_the_checks_say_so()
    {
        Prerequisites.Require("nginx");
        var report = await RunAsync(new ClusterOptions { Storage = "memory", Instances = 2 },
            new FailoverPlan("memory, 2 instances behind nginx, none killed (state per process: must be caught)", ConversationsPerTransport / 4, KillOneInstance: false));

        // nginx alternates the instances, so a conversation's next message meets an instance that never saw it.
        foreach (var transport in report.Transports)
        {
            Assert.True(transport.WrongAnswers + transport.Failures > 0, $"{transport.Transport}: lost state went unnoticed");
            Assert.True(transport.Completed < transport.Conversations, $"{transport.Transport}: every conversation passed on per-process state");
        }
    }

    private async Task<FailoverReport> RunAsync(ClusterOptions options, FailoverPlan plan)
    {
        using var cancel = new CancellationTokenSource(Limit);
        await using var cluster = await Cluster.StartAsync(options, cancel.Token);
        try
        {
            var report = await new FailoverRunner(oracle, cluster).RunAsync(plan, cancel.Token);
            output.WriteLine(report.ToText());
            FailoverReportFile.Write(report);
            return report;
        }
        catch
        {
            output.WriteLine(cluster.Diagnostics());
            throw;
        }
    }

    private static void AssertEveryConversationCarriedOn(FailoverReport report)
    {
        var total = report.Total;
        Assert.True(total.Conversations > 0);
        Assert.Equal(0, total.Failures);
        Assert.Equal(0, total.ForeignReplies);
        Assert.Equal(0, total.WrongAnswers);
        Assert.Equal(0, total.MissingAnswers);
        Assert.Equal(total.Conversations, total.Completed);
        Assert.Equal(total.Turns, total.RightAnswers);
        // Every vote taken, and every vote taken recorded. A vote counts as taken when the bot thanked for it, or
        // when its retry was told there is nothing to rate: the conversation's state then says the first delivery
        // took it, so its record must exist. Only a retried vote may have been recorded twice.
        Assert.Equal(total.Conversations, total.VotesAcknowledged);
        Assert.True(report.FeedbackRecords >= total.VotesAcknowledged,
            $"{total.VotesAcknowledged - report.FeedbackRecords} vote(s) lost: /api/feedback holds {report.FeedbackRecords} records for {total.VotesAcknowledged} votes taken");
        Assert.True(report.FeedbackRecords <= total.VotesAcknowledged + total.VotesRetried,
            $"{report.FeedbackRecords} feedback records for {total.VotesAcknowledged} votes, of which only {total.VotesRetried} were sent twice");
    }
}
