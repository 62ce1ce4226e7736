using Wren.Delivery.Outbound;

namespace Wren.Delivery.Tests.Outbound;

/// <summary>
/// The scheduler reads the queue only when something may have fallen due that it does not know of: a round
/// that ends starts the next entry from its backlog instead of listing (and re-reading) what is in delivery.
/// </summary>
public sealed class QueueSchedulerListingTests
{
    private static RecipientDeliveryResult[] Accept(DeliveryJob job) =>
        ScriptedTransport.All(job, DeliveryResultKind.Delivered, "2.0.0", "250 2.0.0 OK");

    [Fact]
    public async Task Ending_rounds_start_the_next_entries_without_rereading_those_in_delivery()
    {
        const int count = 60;
        CountingQueueStore? counting = null;
        var transport = new ScriptedTransport(Accept) { Gate = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously) };
        await using var test = await OutboundFixture.StartAsync(transport, o => o.MaxConcurrentMessages = 4,
            wrapQueue: q => counting = new CountingQueueStore(q));
        var ids = new List<long>();
        // More than fit in delivery and in the backlog (twice the in-delivery limit): the rest need listings.
        for (int i = 0; i < count; i++)
            ids.Add(await test.QueueAsync("alice@a.test", [$"user{i}@b.test"], subject: $"m{i}"));
        transport.Gate.SetResult();
        foreach (long id in ids)
            Assert.True((await test.Round(id, 1)).Removed);

        Assert.Equal(count, transport.Jobs.Count);
        Assert.Equal(0, counting!.ListDueCalls); // whole entries are read one by one, by the round that delivers them
        Assert.InRange(counting.GetCalls, count, count + 8);
        // Each listing reads what is in delivery (4) plus up to 4 + 4 new ids: about two ids per entry at most.
        Assert.InRange(counting.IdsListed, 0, 2 * count);
    }

    [Fact]
    public async Task A_retry_whose_time_has_come_is_listed_on_the_next_look_even_without_a_wake()
    {
        int calls = 0;
        var transport = new ScriptedTransport(job => Interlocked.Increment(ref calls) == 1
            ? ScriptedTransport.All(job, DeliveryResultKind.Deferred, "4.4.1", "connection refused")
            : Accept(job));
        await using var test = await OutboundFixture.StartAsync(transport);
        long id = await test.QueueAsync("alice@a.test", ["bob@b.test"]);
        Assert.False((await test.Round(id, 1)).Removed);

        // Move the clock without Wake(): the next look (a new message) must still find the retry due.
        test.Time.Advance(test.Options.RetryInitial);
        long other = await test.QueueAsync("alice@a.test", ["carol@c.test"]);
        Assert.True((await test.Round(other, 1)).Removed);
        Assert.True((await test.Round(id, 2)).Removed);
    }
}
