using Wren.Mail.Addresses;
using Wren.Mail.Envelopes;
using Wren.Store.Messages;
using Wren.Store.Queue;

namespace Wren.Store.Tests;

public sealed class QueueStoreTests : AliceAndBobStore
{
    private static Envelope Outbound(params string[] recipients) => new()
    {
        Sender = EmailAddress.Parse("alice@example.com"),
        Recipients = recipients.Select(r => new EnvelopeRecipient(EmailAddress.Parse(r), DsnNotify.Failure | DsnNotify.Delay)).ToArray(),
        Return = DsnReturn.Headers,
        EnvelopeId = "env-1",
    };

    private async Task<long> QueueAsync(byte[] content, params string[] recipients)
    {
        await using var spool = await TestStore.SpoolAsync(store.Mail, content);
        var result = await store.Mail.CommitAsync(new AcceptedMessage(spool, [], Outbound(recipients), test.Time.GetUtcNow()));
        return result.QueueId!.Value;
    }

    [Fact]
    public async Task A_queued_message_is_due_at_once_with_its_envelope_and_content()
    {
        byte[] content = TestStore.Message("out");
        long id = await QueueAsync(content, "x@remote.test", "y@other.test");

        var due = await store.Queue.ListDueAsync(test.Time.GetUtcNow(), 10);
        var entry = Assert.Single(due);
        Assert.Equal(id, entry.Id);
        Assert.Equal("env-1", entry.Envelope.EnvelopeId);
        Assert.Equal(["x@remote.test", "y@other.test"], entry.Pending.Select(r => r.Recipient.Address.ToString()));
        Assert.Equal(DsnNotify.Failure | DsnNotify.Delay, entry.Recipients[1].Recipient.Notify);
        Assert.Equal(0, entry.Attempts);
        Assert.Equal(content, await TestStore.ReadAllAsync((await store.Queue.OpenContentAsync(id))!));
        Assert.Equal(test.Time.GetUtcNow(), await store.Queue.NextAttemptAsync());
    }

    [Fact]
    public async Task Queueing_is_published_on_the_change_feed()
    {
        var seen = new List<StoreChange>();
        using var subscription = store.Mail.Changes.Subscribe(c => { lock (seen) seen.Add(c); });
        long id = await QueueAsync(TestStore.Message("out"), "x@remote.test");
        lock (seen)
            Assert.Contains(seen, c => c.Kind == StoreChangeKind.MessageQueued && c.Uid == id);
    }

    [Fact]
    public async Task Deferred_recipients_wait_for_the_next_attempt_and_delivered_ones_stay_delivered()
    {
        long id = await QueueAsync(TestStore.Message("out"), "x@remote.test", "y@other.test");
        DateTimeOffset later = test.Time.GetUtcNow().AddMinutes(5);
        var result = await store.Queue.UpdateAsync(new QueueUpdate(id)
        {
            Outcomes =
            [
                new RecipientOutcome(0, QueueRecipientStatus.Delivered, RemoteMta: "mx.remote.test"),
                new RecipientOutcome(1, QueueRecipientStatus.Pending, "421 4.3.2 try later", "mx.other.test"),
            ],
            NextAttemptAt = later,
            RoundEndedAt = test.Time.GetUtcNow(),
        });
        Assert.False(result.Removed);
        Assert.Equal(later, result.NextAttemptAt);
        Assert.Empty(await store.Queue.ListDueAsync(test.Time.GetUtcNow(), 10));
        Assert.Empty(await store.Queue.ListDueIdsAsync(test.Time.GetUtcNow(), 10));
        Assert.Equal([id], await store.Queue.ListDueIdsAsync(later, 10));
        Assert.Equal(later, await store.Queue.NextAttemptAfterAsync(test.Time.GetUtcNow()));
        Assert.Null(await store.Queue.NextAttemptAfterAsync(later));
        var entry = Assert.Single(await store.Queue.ListDueAsync(later, 10));
        Assert.Equal(1, entry.Attempts);
        Assert.Equal("421 4.3.2 try later", entry.Recipients[1].LastError);
        Assert.Equal(["y@other.test"], entry.Pending.Select(r => r.Recipient.Address.ToString()));

        // A late result for the delivered recipient cannot make it pending (or failed) again.
        await store.Queue.UpdateAsync(new QueueUpdate(id) { Outcomes = [new RecipientOutcome(0, QueueRecipientStatus.Failed, "550")] });
        Assert.Equal(QueueRecipientStatus.Delivered, (await store.Queue.GetAsync(id))!.Recipients[0].Status);
    }

    [Fact]
    public async Task The_entry_and_its_content_go_when_no_recipient_is_pending()
    {
        long id = await QueueAsync(TestStore.Message("big", bodySize: 300_000), "x@remote.test");
        Assert.Single(test.BlobFiles());
        var result = await store.Queue.UpdateAsync(new QueueUpdate(id) { Outcomes = [new RecipientOutcome(0, QueueRecipientStatus.Delivered)] });
        Assert.True(result.Removed);
        Assert.Null(await store.Queue.GetAsync(id));
        Assert.Null(await store.Queue.OpenContentAsync(id));
        Assert.Empty(test.BlobFiles());
        Assert.Equal(0, test.Scalar("SELECT count(*) FROM blobs"));
        Assert.Null(await store.Queue.NextAttemptAsync());
    }

    [Fact]
    public async Task Content_shared_with_a_local_copy_outlives_the_queue_entry()
    {
        byte[] content = TestStore.Message("both");
        await using var spool = await TestStore.SpoolAsync(store.Mail, content);
        var committed = await store.Mail.CommitAsync(new AcceptedMessage(spool, [new MailboxDelivery(bob.Id)], Outbound("x@remote.test"),
            test.Time.GetUtcNow()));
        await store.Queue.UpdateAsync(new QueueUpdate(committed.QueueId!.Value) { Outcomes = [new RecipientOutcome(0, QueueRecipientStatus.Delivered)] });
        Assert.Equal(content, await TestStore.ReadAllAsync((await store.Mail.OpenMessageAsync(bob.Id, committed.Messages[0].MessageId))!));
    }

    [Fact]
    public async Task A_bounce_is_filed_in_the_same_transaction_as_the_failure_it_reports()
    {
        long id = await QueueAsync(TestStore.Message("out"), "x@remote.test");
        await using var bounce = await TestStore.SpoolAsync(store.Mail, TestStore.Message("Undelivered Mail Returned to Sender"));
        var result = await store.Queue.UpdateAsync(new QueueUpdate(id)
        {
            Outcomes = [new RecipientOutcome(0, QueueRecipientStatus.Failed, "550 5.1.1 no such user")],
            Bounce = new AcceptedMessage(bounce, [new MailboxDelivery(alice.Id)], null, test.Time.GetUtcNow()),
        });
        Assert.True(result.Removed);
        var stored = Assert.Single(result.Bounce!.Messages);
        Assert.Equal(alice.Id, stored.UserId);
        Assert.Equal("Undelivered Mail Returned to Sender",
            Assert.Single(await store.Mail.ListMessagesAsync(alice.Id, "INBOX")).Subject);
    }

    [Fact]
    public async Task A_failed_update_records_neither_the_outcomes_nor_the_bounce()
    {
        long id = await QueueAsync(TestStore.Message("out"), "x@remote.test");
        await using var bounce = await TestStore.SpoolAsync(store.Mail, TestStore.Message("bounce"));
        // The bounce names a mailbox that does not exist: the whole update must fail.
        await Assert.ThrowsAsync<MailStoreException>(() => store.Queue.UpdateAsync(new QueueUpdate(id)
        {
            Outcomes = [new RecipientOutcome(0, QueueRecipientStatus.Failed, "550")],
            Bounce = new AcceptedMessage(bounce, [new MailboxDelivery(alice.Id, "No such mailbox")], null, test.Time.GetUtcNow()),
        }));
        var entry = await store.Queue.GetAsync(id);
        Assert.Equal(QueueRecipientStatus.Pending, entry!.Recipients[0].Status);
        Assert.Empty(await store.Mail.ListMessagesAsync(alice.Id));
    }

    [Fact]
    public async Task A_bounce_to_a_remote_sender_is_queued_itself()
    {
        long id = await QueueAsync(TestStore.Message("out"), "x@remote.test");
        await using var bounce = await TestStore.SpoolAsync(store.Mail, TestStore.Message("bounce"));
        var dsnEnvelope = new Envelope { Sender = null, Recipients = [new EnvelopeRecipient(EmailAddress.Parse("someone@elsewhere.test"))] };
        var result = await store.Queue.UpdateAsync(new QueueUpdate(id)
        {
            Outcomes = [new RecipientOutcome(0, QueueRecipientStatus.Failed, "550")],
            Bounce = new AcceptedMessage(bounce, [], dsnEnvelope, test.Time.GetUtcNow()),
        });
        var queued = Assert.Single(await store.Queue.ListAsync());
        Assert.Equal(result.Bounce!.QueueId, queued.Id);
        Assert.Null(queued.Envelope.Sender);
    }

    [Fact]
    public async Task Due_ids_come_in_due_order_up_to_the_limit_and_entries_read_back_with_all_their_recipients()
    {
        long first = await QueueAsync(TestStore.Message("1"), "a@remote.test", "b@remote.test");
        test.Time.Advance(TimeSpan.FromSeconds(1));
        long second = await QueueAsync(TestStore.Message("2"), "c@remote.test");
        long third = await QueueAsync(TestStore.Message("3"), "d@remote.test", "e@remote.test", "f@remote.test");
        DateTimeOffset now = test.Time.GetUtcNow();
        await store.Queue.UpdateAsync(new QueueUpdate(first) { NextAttemptAt = now.AddMinutes(1), RoundEndedAt = now });

        Assert.Equal([second, third], await store.Queue.ListDueIdsAsync(now, 10));
        Assert.Equal([second], await store.Queue.ListDueIdsAsync(now, 1));
        Assert.Equal([second, third, first], await store.Queue.ListDueIdsAsync(now.AddMinutes(1), 10));
        var all = await store.Queue.ListAsync();
        Assert.Equal([2, 1, 3], all.Select(e => e.Recipients.Count));
        Assert.Equal(["d@remote.test", "e@remote.test", "f@remote.test"], all[2].Recipients.Select(r => r.Recipient.Address.ToString()));
    }

    [Fact]
    public async Task Retry_now_and_delete()
    {
        long first = await QueueAsync(TestStore.Message("1"), "x@remote.test");
        long second = await QueueAsync(TestStore.Message("2"), "y@remote.test");
        DateTimeOffset now = test.Time.GetUtcNow();
        foreach (long id in new[] { first, second })
            await store.Queue.UpdateAsync(new QueueUpdate(id) { NextAttemptAt = now.AddHours(1), RoundEndedAt = now });
        Assert.Empty(await store.Queue.ListDueAsync(now, 10));

        Assert.Equal(1, await store.Queue.RetryNowAsync(first, now));
        Assert.Equal([first], (await store.Queue.ListDueAsync(now, 10)).Select(e => e.Id));
        Assert.Equal(2, await store.Queue.RetryNowAsync(null, now));

        Assert.True(await store.Queue.DeleteAsync(first));
        Assert.False(await store.Queue.DeleteAsync(first));
        Assert.Equal([second], (await store.Queue.ListAsync()).Select(e => e.Id));
    }

    [Fact]
    public async Task The_queue_survives_reopening_the_store()
    {
        long id = await QueueAsync(TestStore.Message("out"), "x@remote.test", "y@remote.test");
        await store.Queue.UpdateAsync(new QueueUpdate(id) { Outcomes = [new RecipientOutcome(0, QueueRecipientStatus.Delivered)] });
        await store.DisposeAsync();
        store = await test.OpenAsync();
        var entry = Assert.Single(await store.Queue.ListDueAsync(test.Time.GetUtcNow(), 10));
        Assert.Equal(["y@remote.test"], entry.Pending.Select(r => r.Recipient.Address.ToString()));
    }
}
