using Wren.Store.Messages;

namespace Wren.Store.Tests;

/// <summary>EXPUNGE, UID EXPUNGE (RFC 4315), tombstones and VANISHED (EARLIER) (RFC 7162 §3.2.5.1), retention.</summary>
public sealed class ExpungeVanishedTests : MailboxStoreTestBase
{
    [Fact]
    public async Task Expunge_removes_only_deleted_messages_and_uid_expunge_only_those_in_the_set()
    {
        long inbox = await FillInboxAsync(6);
        await Boxes.StoreFlagsAsync(alice.Id, inbox, UidSet.Of([2, 3, 5, 6]), new FlagChange(FlagOperation.Add, MessageFlags.Deleted));
        Assert.Equal([2L, 3L], await Boxes.ExpungeAsync(alice.Id, inbox, UidSet.Range(1, 3)));
        Assert.Equal([5L, 6L], await Boxes.ExpungeAsync(alice.Id, inbox));
        Assert.Empty(await Boxes.ExpungeAsync(alice.Id, inbox));
        Assert.Equal([1L, 4L], (await Boxes.GetMessagesAsync(alice.Id, inbox))!.Messages.Select(m => m.Uid));
        Assert.Equal(MailStoreError.NonExistent, await RefusalAsync(() => Boxes.ExpungeAsync(bob.Id, inbox)));
        // UIDs are never reused.
        Assert.Equal(7, (await AppendAsync("INBOX")).Uid);
    }

    [Fact]
    public async Task Vanished_gives_the_uids_expunged_after_a_modseq_and_changedsince_the_messages_changed()
    {
        long inbox = await FillInboxAsync(6, MessageFlags.Deleted);
        long start = (await StatusAsync(alice.Id, "INBOX")).HighestModSeq;
        await Boxes.ExpungeAsync(alice.Id, inbox, UidSet.Of([1, 2]));
        long middle = (await StatusAsync(alice.Id, "INBOX")).HighestModSeq;
        await Boxes.ExpungeAsync(alice.Id, inbox, UidSet.Range(5, 5));
        await Boxes.StoreFlagsAsync(alice.Id, inbox, UidSet.Range(4, 4), new FlagChange(FlagOperation.Add, MessageFlags.Seen));

        Assert.Equal("1:2,5", (await Boxes.GetVanishedAsync(alice.Id, inbox, start))!.Uids.ToString());
        Assert.Equal("5", (await Boxes.GetVanishedAsync(alice.Id, inbox, middle))!.Uids.ToString());
        Assert.True((await Boxes.GetVanishedAsync(alice.Id, inbox, middle))!.Exact);
        Assert.True((await Boxes.GetVanishedAsync(alice.Id, inbox, middle + 10))!.Uids.IsEmpty);
        Assert.Null(await Boxes.GetVanishedAsync(bob.Id, inbox, 0));

        // CHANGEDSINCE: only what changed after the MODSEQ.
        var changed = (await Boxes.GetMessagesAsync(alice.Id, inbox, new MessageQuery { ChangedSince = middle }))!;
        Assert.Equal([4L], changed.Messages.Select(m => m.Uid));
        Assert.Equal(changed.Status.HighestModSeq, changed.Messages[0].ModSeq);
    }

    [Fact]
    public async Task Old_tombstones_are_forgotten_after_the_retention_and_vanished_then_gives_every_missing_uid()
    {
        Boxes.ExpungedRetention = TimeSpan.FromDays(30);
        long inbox = await FillInboxAsync(8, MessageFlags.Deleted);
        await Boxes.StoreFlagsAsync(alice.Id, inbox, UidSet.Of([3, 4, 8]), new FlagChange(FlagOperation.Remove, MessageFlags.Deleted));
        long before = (await StatusAsync(alice.Id, "INBOX")).HighestModSeq;
        await Boxes.ExpungeAsync(alice.Id, inbox, UidSet.Range(1, 2));
        long afterOld = (await StatusAsync(alice.Id, "INBOX")).HighestModSeq;
        test.Time.Advance(TimeSpan.FromDays(31));
        await Boxes.ExpungeAsync(alice.Id, inbox, UidSet.Range(5, 6)); // prunes the tombstones of 1 and 2
        Assert.Equal(2, test.Scalar($"SELECT count(*) FROM expunged WHERE mailbox_id = {inbox}"));

        var inexact = (await Boxes.GetVanishedAsync(alice.Id, inbox, before))!;
        Assert.False(inexact.Exact);
        Assert.Equal("1:2,5:6", inexact.Uids.ToString()); // every UID below UIDNEXT without a message
        var exact = (await Boxes.GetVanishedAsync(alice.Id, inbox, afterOld))!;
        Assert.True(exact.Exact);
        Assert.Equal("5:6", exact.Uids.ToString());
    }

    [Fact]
    public async Task Legacy_expunge_by_message_id_records_tombstones_too()
    {
        var delivered = await test.DeliverAsync(store, TestStore.Message("pop3"), alice.Id);
        long modSeq = (await StatusAsync(alice.Id, "INBOX")).HighestModSeq;
        await store.Mail.ExpungeAsync(alice.Id, delivered.Messages[0].MailboxId, [delivered.Messages[0].MessageId]);
        Assert.Equal("1", (await Boxes.GetVanishedAsync(alice.Id, delivered.Messages[0].MailboxId, modSeq))!.Uids.ToString());
    }
}
