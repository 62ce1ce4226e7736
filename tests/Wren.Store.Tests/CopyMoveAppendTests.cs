using Wren.Store.Messages;

namespace Wren.Store.Tests;

/// <summary>APPEND (RFC 4315 APPENDUID), COPY (COPYUID) and MOVE (RFC 6851), with summaries and EMAILIDs.</summary>
public sealed class CopyMoveAppendTests : MailboxStoreTestBase
{
    [Fact]
    public async Task Append_files_flags_keywords_date_and_summary_and_returns_appenduid()
    {
        var date = new DateTimeOffset(2024, 12, 24, 18, 30, 0, TimeSpan.FromHours(2));
        await using var spool = await TestStore.SpoolAsync(store.Mail, TestStore.Message("draft", 500));
        var changes = Record(out var subscription);
        AppendResult result;
        using (subscription)
        {
            result = await Boxes.AppendAsync(alice.Id, "Drafts",
                new AppendRequest(spool, MessageFlags.Draft | MessageFlags.Seen, ["$MDNSent"], date) { Summary = "{\"envelope\":1}" });
        }

        var drafts = await StatusAsync(alice.Id, "Drafts");
        Assert.Equal((drafts.MailboxId, drafts.UidValidity, 1L), (result.MailboxId, result.UidValidity, result.Uid));
        var entry = Assert.Single((await Boxes.GetMessagesAsync(alice.Id, drafts.MailboxId, new MessageQuery { IncludeSummaries = true }))!.Messages);
        Assert.Equal((MessageFlags.Draft | MessageFlags.Seen, "$MDNSent", date, date.Offset, result.EmailId, "{\"envelope\":1}", result.ModSeq),
            (entry.Flags, Assert.Single(entry.Keywords), entry.InternalDate, entry.InternalDate.Offset, entry.EmailId, entry.Summary, entry.ModSeq));
        Assert.Equal("{\"envelope\":1}", await Boxes.GetSummaryAsync(alice.Id, result.MessageId));
        Assert.Null(await Boxes.GetSummaryAsync(bob.Id, result.MessageId));
        var added = Assert.Single(changes);
        Assert.Equal((StoreChangeKind.MessageAdded, drafts.MailboxId, 1L), (added.Kind, added.MailboxId, added.Uid));
        Assert.Equal(entry with { Keywords = added.Message!.Keywords, Summary = null }, added.Message);
    }

    [Fact]
    public async Task Append_to_a_missing_mailbox_or_with_a_bad_keyword_stores_nothing()
    {
        Assert.Equal(MailStoreError.NonExistent, await RefusalAsync(() => AppendAsync("Nowhere")));
        Assert.Equal(MailStoreError.InvalidKeyword, await RefusalAsync(() => AppendAsync("INBOX", keywords: ["bad keyword"])));
        Assert.Equal(0, test.Scalar("SELECT count(*) FROM messages"));
        Assert.Equal(0, test.Scalar("SELECT count(*) FROM blobs"));
    }

    [Fact]
    public async Task Summaries_can_be_stored_later_and_are_shared_by_copies()
    {
        var appended = await AppendAsync("INBOX", "no summary yet");
        var copy = await Boxes.CopyAsync(alice.Id, appended.MailboxId, UidSet.All, "Archive");
        Assert.Null(await Boxes.GetSummaryAsync(alice.Id, appended.MessageId));
        Assert.True(await Boxes.SetSummaryAsync(alice.Id, appended.MessageId, "computed"));
        Assert.False(await Boxes.SetSummaryAsync(bob.Id, appended.MessageId, "not bob's"));
        var archived = (await Boxes.GetMessagesAsync(alice.Id, copy.TargetMailboxId, new MessageQuery { IncludeSummaries = true }))!.Messages[0];
        Assert.Equal("computed", archived.Summary);
        // Deliveries carry one too.
        await using var spool = await TestStore.SpoolAsync(store.Mail, TestStore.Message("delivered"));
        var delivered = await store.Mail.CommitAsync(new AcceptedMessage(spool, [new MailboxDelivery(bob.Id)], null, test.Time.GetUtcNow()) { Summary = "s" });
        Assert.Equal("s", await Boxes.GetSummaryAsync(bob.Id, delivered.Messages[0].MessageId));
    }

    [Fact]
    public async Task Copy_keeps_flags_keywords_date_and_emailid_shares_content_and_maps_uids_in_order()
    {
        long inbox = await FillInboxAsync(5);
        await Boxes.StoreFlagsAsync(alice.Id, inbox, UidSet.Range(2, 2), new FlagChange(FlagOperation.Add, MessageFlags.Flagged, ["$Label1"]));
        await AppendAsync("Archive", "already there");
        long blobs = test.Scalar("SELECT count(*) FROM blobs");
        var changes = Record(out var subscription);
        CopyResult copy;
        using (subscription)
            copy = await Boxes.CopyAsync(alice.Id, inbox, UidSet.Of([4, 2, 9, 5]), "Archive");

        var archive = await StatusAsync(alice.Id, "Archive");
        Assert.Equal((archive.MailboxId, archive.UidValidity), (copy.TargetMailboxId, copy.UidValidity));
        Assert.Equal([2L, 4L, 5L], copy.SourceUids);
        Assert.Equal([2L, 3L, 4L], copy.TargetUids);
        Assert.Equal(blobs, test.Scalar("SELECT count(*) FROM blobs"));
        var source = (await Boxes.GetMessagesAsync(alice.Id, inbox))!.Messages;
        var target = (await Boxes.GetMessagesAsync(alice.Id, archive.MailboxId, new MessageQuery { Uids = UidSet.Range(2, 4) }))!.Messages;
        Assert.Equal(source.Where(m => m.Uid is 2 or 4 or 5).Select(m => (m.Flags, string.Join(' ', m.Keywords), m.InternalDate, m.Size, m.EmailId, m.BlobId)),
            target.Select(m => (m.Flags, string.Join(' ', m.Keywords), m.InternalDate, m.Size, m.EmailId, m.BlobId)));
        Assert.Equal(5, source.Count);
        Assert.Equal([2L, 3L, 4L], changes.Select(c => c.Uid));
        Assert.All(changes, c => Assert.Equal(StoreChangeKind.MessageAdded, c.Kind));
        Assert.Equal(["$Label1"], await Boxes.GetKeywordsAsync(alice.Id, archive.MailboxId));
        // Nothing to copy: an empty mapping.
        Assert.Empty((await Boxes.CopyAsync(alice.Id, inbox, UidSet.Range(100, 200), "Archive")).SourceUids);
    }

    [Fact]
    public async Task Copy_and_move_refuse_missing_mailboxes_and_other_users_mailboxes()
    {
        long inbox = await FillInboxAsync(1);
        Assert.Equal(MailStoreError.NonExistent, await RefusalAsync(() => Boxes.CopyAsync(alice.Id, inbox, UidSet.All, "Nowhere")));
        Assert.Equal(MailStoreError.NonExistent, await RefusalAsync(() => Boxes.MoveAsync(bob.Id, inbox, UidSet.All, "INBOX")));
        Assert.Equal(1, (await StatusAsync(alice.Id, "INBOX")).Messages);
        Assert.Equal(0, (await StatusAsync(bob.Id, "INBOX")).Messages);
    }

    [Fact]
    public async Task Move_copies_and_expunges_in_one_transaction_with_tombstones_and_published_changes()
    {
        long inbox = await FillInboxAsync(4);
        await Boxes.StoreFlagsAsync(alice.Id, inbox, UidSet.Range(3, 3), new FlagChange(FlagOperation.Add, MessageFlags.Seen));
        long modSeq = (await StatusAsync(alice.Id, "INBOX")).HighestModSeq;
        long transactions = store.WriterTransactions;
        var changes = Record(out var subscription);
        CopyResult moved;
        using (subscription)
            moved = await Boxes.MoveAsync(alice.Id, inbox, UidSet.Range(2, 3), "Trash");

        Assert.Equal(1, store.WriterTransactions - transactions);
        Assert.Equal([2L, 3L], moved.SourceUids);
        Assert.Equal([1L, 2L], moved.TargetUids);
        Assert.Equal([1L, 4L], (await Boxes.GetMessagesAsync(alice.Id, inbox))!.Messages.Select(m => m.Uid));
        var trash = (await Boxes.GetMessagesAsync(alice.Id, moved.TargetMailboxId))!.Messages;
        Assert.Equal([MessageFlags.None, MessageFlags.Seen], trash.Select(m => m.Flags));
        // RFC 6851 §3.3 wants the new messages announced before the expunges in the source.
        Assert.Equal([StoreChangeKind.MessageAdded, StoreChangeKind.MessageAdded, StoreChangeKind.MessageExpunged, StoreChangeKind.MessageExpunged],
            changes.Select(c => c.Kind));
        var vanished = (await Boxes.GetVanishedAsync(alice.Id, inbox, modSeq))!;
        Assert.True(vanished.Exact);
        Assert.Equal("2:3", vanished.Uids.ToString());
        // Moving does not change usage, so a full quota does not stop it.
        var usage = (await Boxes.GetQuotaAsync(alice.Id))!;
        await Boxes.SetQuotaAsync(alice.Id, new QuotaLimits(usage.StorageBytes, usage.Messages));
        await Boxes.MoveAsync(alice.Id, inbox, UidSet.All, "Trash");
        Assert.Equal(4, (await StatusAsync(alice.Id, "Trash")).Messages);
    }

    [Fact]
    public async Task A_large_message_moved_and_expunged_from_both_places_frees_its_file_once()
    {
        var big = await AppendAsync("INBOX", "big", size: 300_000);
        await Boxes.CopyAsync(alice.Id, big.MailboxId, UidSet.All, "Archive");
        var moved = await Boxes.MoveAsync(alice.Id, big.MailboxId, UidSet.All, "Trash");
        Assert.Single(test.BlobFiles());
        await Boxes.StoreFlagsAsync(alice.Id, moved.TargetMailboxId, UidSet.All, new FlagChange(FlagOperation.Add, MessageFlags.Deleted));
        await Boxes.ExpungeAsync(alice.Id, moved.TargetMailboxId);
        Assert.Single(test.BlobFiles());
        await Boxes.DeleteMailboxAsync(alice.Id, "Archive");
        Assert.Empty(test.BlobFiles());
    }

    [Fact]
    public async Task A_message_reads_back_in_ranges_through_a_seekable_stream()
    {
        foreach (int size in new[] { 1_000, 300_000 })
        {
            var appended = await AppendAsync("INBOX", "ranges", size: size);
            var entry = (await Boxes.GetMessagesAsync(alice.Id, appended.MailboxId, new MessageQuery { Uids = UidSet.Range(appended.Uid, appended.Uid) }))!.Messages[0];
            byte[] whole = await TestStore.ReadAllAsync((await Boxes.OpenMessageAsync(alice.Id, appended.MessageId))!);
            await using var stream = (await Boxes.OpenMessageAsync(alice.Id, appended.MessageId))!;
            Assert.True(stream.CanSeek);
            Assert.Equal(entry.Size, stream.Length);
            stream.Position = size / 2;
            byte[] part = new byte[100];
            await stream.ReadExactlyAsync(part);
            Assert.Equal(whole.AsSpan(size / 2, 100).ToArray(), part);
        }
    }
}
