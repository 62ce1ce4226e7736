using Wren.Store.Accounts;
using Wren.Store.Messages;
using Wren.Store.Sqlite;

namespace Wren.Store.Tests;

/// <summary>Mailbox listings (POP3's maildrop) and atomic expunges.</summary>
public sealed class ExpungeTests : AliceAndBobStore
{
    [Fact]
    public async Task A_listing_gives_the_inbox_in_uid_order_with_sizes_and_uidvalidity()
    {
        byte[] first = TestStore.Message("one", 500);
        byte[] second = TestStore.Message("two", 300_000);
        var a = await test.DeliverAsync(store, first, alice.Id);
        var b = await test.DeliverAsync(store, second, alice.Id);
        await test.DeliverAsync(store, TestStore.Message("bob's"), bob.Id);

        var listing = (await store.Mail.ListMailboxAsync(alice.Id, "inbox"))!;
        var inbox = (await store.Mail.ListMailboxesAsync(alice.Id)).Single(m => m.Name == "INBOX");
        Assert.Equal(inbox.Id, listing.MailboxId);
        Assert.Equal(inbox.UidValidity, listing.UidValidity);
        Assert.Equal(
            [new MailboxMessage(a.Messages[0].MessageId, 1, first.Length), new MailboxMessage(b.Messages[0].MessageId, 2, second.Length)],
            listing.Messages);
        Assert.Null(await store.Mail.ListMailboxAsync(alice.Id, "Nope"));
        Assert.Empty((await store.Mail.ListMailboxAsync(alice.Id, "Sent"))!.Messages);
    }

    [Fact]
    public async Task Expunge_removes_rows_and_unshared_blobs_bumps_modseq_and_publishes_in_order()
    {
        var small = await test.DeliverAsync(store, TestStore.Message("small", 500), alice.Id);
        var large = await test.DeliverAsync(store, TestStore.Message("large", 400_000), alice.Id);
        var kept = await test.DeliverAsync(store, TestStore.Message("kept", 500), alice.Id);
        Assert.Single(test.BlobFiles());
        var listing = (await store.Mail.ListMailboxAsync(alice.Id, "INBOX"))!;
        long modSeqBefore = (await store.Mail.ListMailboxesAsync(alice.Id)).Single(m => m.Name == "INBOX").HighestModSeq;
        var changes = new List<StoreChange>();
        using var subscription = store.Mail.Changes.Subscribe(c => { lock (changes) changes.Add(c); });

        var removed = await store.Mail.ExpungeAsync(alice.Id, listing.MailboxId,
            [large.Messages[0].MessageId, small.Messages[0].MessageId, small.Messages[0].MessageId]);

        Assert.Equal([1L, 2L], removed);
        Assert.Equal([kept.Messages[0].MessageId], (await store.Mail.ListMailboxAsync(alice.Id, "INBOX"))!.Messages.Select(m => m.MessageId));
        Assert.Null(await store.Mail.OpenMessageAsync(alice.Id, small.Messages[0].MessageId));
        Assert.Empty(test.BlobFiles());
        Assert.Equal(1, test.Scalar("SELECT count(*) FROM blobs"));
        var inbox = (await store.Mail.ListMailboxesAsync(alice.Id)).Single(m => m.Name == "INBOX");
        Assert.Equal(modSeqBefore + 2, inbox.HighestModSeq);
        Assert.Equal(
            [
                new StoreChange(StoreChangeKind.MessageExpunged, alice.Id, listing.MailboxId, 1, modSeqBefore + 1),
                new StoreChange(StoreChangeKind.MessageExpunged, alice.Id, listing.MailboxId, 2, modSeqBefore + 2),
            ], changes);
        // UIDs are never reused: the next message gets UID 4.
        var next = await test.DeliverAsync(store, TestStore.Message("next"), alice.Id);
        Assert.Equal(4, next.Messages[0].Uid);
    }

    [Fact]
    public async Task A_blob_shared_with_another_copy_survives_until_the_last_copy_goes()
    {
        var result = await test.DeliverAsync(store, TestStore.Message("shared", 400_000), alice.Id, bob.Id);
        var aliceInbox = (await store.Mail.ListMailboxAsync(alice.Id, "INBOX"))!;
        var bobInbox = (await store.Mail.ListMailboxAsync(bob.Id, "INBOX"))!;

        await store.Mail.ExpungeAsync(alice.Id, aliceInbox.MailboxId, [result.Messages[0].MessageId]);
        Assert.Single(test.BlobFiles());
        Assert.NotNull(await store.Mail.OpenMessageAsync(bob.Id, result.Messages[1].MessageId));

        await store.Mail.ExpungeAsync(bob.Id, bobInbox.MailboxId, [result.Messages[1].MessageId]);
        Assert.Empty(test.BlobFiles());
        Assert.Equal(0, test.Scalar("SELECT count(*) FROM blobs"));
    }

    [Fact]
    public async Task Expunging_what_is_already_gone_or_in_another_mailbox_removes_nothing_else()
    {
        var mine = await test.DeliverAsync(store, TestStore.Message("mine"), alice.Id);
        var bobs = await test.DeliverAsync(store, TestStore.Message("bob's"), bob.Id);
        var inbox = (await store.Mail.ListMailboxAsync(alice.Id, "INBOX"))!;

        Assert.Equal([1L], await store.Mail.ExpungeAsync(alice.Id, inbox.MailboxId, [mine.Messages[0].MessageId]));
        // Twice (another session got there first), and a message of another mailbox: nothing happens.
        Assert.Empty(await store.Mail.ExpungeAsync(alice.Id, inbox.MailboxId, [mine.Messages[0].MessageId, bobs.Messages[0].MessageId]));
        Assert.Single((await store.Mail.ListMailboxAsync(bob.Id, "INBOX"))!.Messages);
        Assert.Empty(await store.Mail.ExpungeAsync(alice.Id, inbox.MailboxId, []));
    }

    [Fact]
    public async Task Expunging_in_someone_elses_mailbox_is_refused_and_the_writer_keeps_running()
    {
        var bobs = await test.DeliverAsync(store, TestStore.Message("bob's"), bob.Id);
        var bobInbox = (await store.Mail.ListMailboxAsync(bob.Id, "INBOX"))!;

        await Assert.ThrowsAsync<MailStoreException>(() => store.Mail.ExpungeAsync(alice.Id, bobInbox.MailboxId, [bobs.Messages[0].MessageId]));

        Assert.Single((await store.Mail.ListMailboxAsync(bob.Id, "INBOX"))!.Messages);
        var after = await test.DeliverAsync(store, TestStore.Message("after"), alice.Id);
        Assert.Single(after.Messages);
    }

    [Fact]
    public async Task An_expunge_is_durable_when_it_returns()
    {
        var result = await test.DeliverAsync(store, TestStore.Message("gone", 400_000), alice.Id);
        var inbox = (await store.Mail.ListMailboxAsync(alice.Id, "INBOX"))!;
        await store.Mail.ExpungeAsync(alice.Id, inbox.MailboxId, [result.Messages[0].MessageId]);

        // Another store on the same folder (another process, as the CLI is) sees it gone at once.
        await using var other = await SqliteStore.OpenAsync(test.Folder, timeProvider: test.Time);
        Assert.Empty((await other.Mail.ListMailboxAsync(alice.Id, "INBOX"))!.Messages);
    }

    [Fact]
    public async Task Commits_and_expunges_queued_together_are_published_in_queue_order()
    {
        var first = await test.DeliverAsync(store, TestStore.Message("first"), alice.Id);
        var inbox = (await store.Mail.ListMailboxAsync(alice.Id, "INBOX"))!;
        var changes = new List<StoreChange>();
        using var subscription = store.Mail.Changes.Subscribe(c => { lock (changes) changes.Add(c); });

        var tasks = new List<Task>();
        for (int i = 0; i < 20; i++)
            tasks.Add(test.DeliverAsync(store, TestStore.Message("more " + i), alice.Id));
        tasks.Add(store.Mail.ExpungeAsync(alice.Id, inbox.MailboxId, [first.Messages[0].MessageId]));
        await Task.WhenAll(tasks);

        Assert.Equal(21, changes.Count);
        var modSeqs = changes.Select(c => c.ModSeq).ToList();
        Assert.Equal(modSeqs.Order(), modSeqs);
        Assert.Equal(20, (await store.Mail.ListMailboxAsync(alice.Id, "INBOX"))!.Messages.Count);
    }
}
