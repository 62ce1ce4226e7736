using Microsoft.Data.Sqlite;
using Wren.Mail.Addresses;
using Wren.Mail.Envelopes;
using Wren.Store.Messages;
using Wren.Store.Queue;

namespace Wren.Store.Tests;

/// <summary>
/// Queue updates join the writer's group commits: many rounds' outcomes share one transaction and one fsync,
/// yet each update stays whole with its bounce, and nobody hears "recorded" before the batch is durable.
/// </summary>
public sealed class QueueGroupCommitTests : AliceAndBobStore
{
    private async Task<long> QueueAsync(string subject, params string[] recipients)
    {
        await using var spool = await TestStore.SpoolAsync(store.Mail, TestStore.Message(subject));
        var envelope = new Envelope
        {
            Sender = EmailAddress.Parse("alice@example.com"),
            Recipients = recipients.Select(r => new EnvelopeRecipient(EmailAddress.Parse(r))).ToArray(),
        };
        var result = await store.Mail.CommitAsync(new AcceptedMessage(spool, [], envelope, test.Time.GetUtcNow()));
        return result.QueueId!.Value;
    }

    private WriteLockHolder HoldWriteLock() => WriteLockHolder.Hold(test.Folder);

    private static void Release(WriteLockHolder holder) => holder.Dispose();

    [Fact]
    public async Task Many_concurrent_updates_share_one_transaction_and_complete_only_once_it_is_durable()
    {
        const int count = 150;
        var ids = new List<long>();
        for (int i = 0; i < count; i++)
            ids.Add(await QueueAsync($"m{i}", $"r{i}@remote.test"));
        await using var local = await TestStore.SpoolAsync(store.Mail, TestStore.Message("local"));
        long before = store.WriterTransactions;

        var holder = HoldWriteLock();
        // Each call queues its update before returning its task, so all of them wait behind the lock.
        var updates = ids.Select(id => store.Queue.UpdateAsync(new QueueUpdate(id)
        {
            Outcomes = [new RecipientOutcome(0, QueueRecipientStatus.Delivered, RemoteMta: "mx.remote.test")],
        })).ToList();
        var commit = store.Mail.CommitAsync(new AcceptedMessage(local, [new MailboxDelivery(bob.Id)], null, test.Time.GetUtcNow()));
        Assert.DoesNotContain(updates, u => u.IsCompleted); // nothing is durable yet, so nobody may hear otherwise
        Release(holder);

        var results = await Task.WhenAll(updates);
        await commit;
        Assert.All(results, r => Assert.True(r.Removed));
        Assert.Empty(await store.Queue.ListAsync());
        Assert.Single(await store.Mail.ListMessagesAsync(bob.Id));
        // The first batch may have taken the first update alone before it met the lock; the rest share one.
        Assert.InRange(store.WriterTransactions - before, 1, 2);
    }

    [Fact]
    public async Task A_refused_update_in_a_batch_leaves_neither_outcome_nor_bounce_and_the_others_land_whole()
    {
        long failed = await QueueAsync("failed", "x@remote.test");
        long refused = await QueueAsync("refused", "y@remote.test");
        long delivered = await QueueAsync("delivered", "z@remote.test", "w@remote.test");
        await using var goodBounce = await TestStore.SpoolAsync(store.Mail, TestStore.Message("bounce for failed"));
        await using var badBounce = await TestStore.SpoolAsync(store.Mail, TestStore.Message("bounce for refused"));
        DateTimeOffset now = test.Time.GetUtcNow();
        long before = store.WriterTransactions;

        var holder = HoldWriteLock();
        var first = store.Queue.UpdateAsync(new QueueUpdate(failed)
        {
            Outcomes = [new RecipientOutcome(0, QueueRecipientStatus.Failed, "550 5.1.1 no such user")],
            Bounce = new AcceptedMessage(goodBounce, [new MailboxDelivery(alice.Id)], null, now),
        });
        // Its bounce names a mailbox that does not exist: this update alone must be refused, whole.
        var second = store.Queue.UpdateAsync(new QueueUpdate(refused)
        {
            Outcomes = [new RecipientOutcome(0, QueueRecipientStatus.Failed, "550 5.1.1 no such user")],
            Bounce = new AcceptedMessage(badBounce, [new MailboxDelivery(alice.Id, "No such mailbox")], null, now),
        });
        var third = store.Queue.UpdateAsync(new QueueUpdate(delivered) { Outcomes = [new RecipientOutcome(0, QueueRecipientStatus.Delivered)] });
        var gone = store.Queue.UpdateAsync(new QueueUpdate(delivered + 1000) { Outcomes = [new RecipientOutcome(0, QueueRecipientStatus.Delivered)] });
        var fourth = store.Queue.UpdateAsync(new QueueUpdate(delivered) { Outcomes = [new RecipientOutcome(1, QueueRecipientStatus.Delivered)] });
        Release(holder);

        Assert.True((await first).Removed);
        await Assert.ThrowsAsync<MailStoreException>(() => second);
        Assert.False((await third).Removed);
        await Assert.ThrowsAsync<MailStoreException>(() => gone);
        Assert.True((await fourth).Removed); // later updates in the batch see the earlier ones
        Assert.InRange(store.WriterTransactions - before, 1, 2);

        var inbox = await store.Mail.ListMessagesAsync(alice.Id);
        Assert.Equal(["bounce for failed"], inbox.Select(m => m.Subject));
        var left = Assert.Single(await store.Queue.ListAsync());
        Assert.Equal(refused, left.Id);
        Assert.Equal(QueueRecipientStatus.Pending, left.Recipients[0].Status);
        Assert.Null(left.Recipients[0].LastError);
    }

    [Fact]
    public async Task A_fault_in_the_middle_of_a_batch_leaves_the_old_state_whole_and_the_writer_goes_on()
    {
        long failed = await QueueAsync("failed", "x@remote.test");
        long deferred = await QueueAsync("deferred", "y@remote.test");
        long delivered = await QueueAsync("delivered", "z@remote.test");
        // Stands in for a crash between the batch's first write and its commit.
        test.Execute(
            """
            CREATE TRIGGER crash BEFORE UPDATE ON queue_recipients WHEN NEW.last_error = 'crash'
            BEGIN SELECT RAISE(ABORT, 'simulated crash'); END
            """);
        await using var bounce = await TestStore.SpoolAsync(store.Mail, TestStore.Message("bounce"));
        DateTimeOffset now = test.Time.GetUtcNow();

        var holder = HoldWriteLock();
        var updates = new[]
        {
            store.Queue.UpdateAsync(new QueueUpdate(failed)
            {
                Outcomes = [new RecipientOutcome(0, QueueRecipientStatus.Failed, "550 5.1.1 no such user")],
                Bounce = new AcceptedMessage(bounce, [new MailboxDelivery(alice.Id)], null, now),
            }),
            store.Queue.UpdateAsync(new QueueUpdate(deferred) { Outcomes = [new RecipientOutcome(0, QueueRecipientStatus.Pending, "crash")] }),
            store.Queue.UpdateAsync(new QueueUpdate(delivered) { Outcomes = [new RecipientOutcome(0, QueueRecipientStatus.Delivered)] }),
        };
        Release(holder);
        foreach (var update in updates)
            await Assert.ThrowsAsync<SqliteException>(() => update);

        // Old state, whole, also as a restarted server sees it.
        await store.DisposeAsync();
        store = await test.OpenAsync();
        Assert.Empty(await store.Mail.ListMessagesAsync(alice.Id));
        var entries = await store.Queue.ListAsync();
        Assert.Equal([failed, deferred, delivered], entries.Select(e => e.Id));
        Assert.All(entries, e => Assert.Equal(QueueRecipientStatus.Pending, e.Recipients[0].Status));
        Assert.All(entries, e => Assert.Null(e.Recipients[0].LastError));

        // And the writer takes the next batch.
        test.Execute("DROP TRIGGER crash");
        Assert.True((await store.Queue.UpdateAsync(new QueueUpdate(delivered) { Outcomes = [new RecipientOutcome(0, QueueRecipientStatus.Delivered)] })).Removed);
        await store.DisposeAsync();
        store = await test.OpenAsync();
        Assert.Equal([failed, deferred], (await store.Queue.ListAsync()).Select(e => e.Id));
    }
}
