using Microsoft.Data.Sqlite;
using Wren.Store.Messages;

namespace Wren.Store.Tests;

/// <summary>
/// Mailbox operations share group commits: a refused one is undone alone, and a fault in the middle of a batch
/// (a trigger raising an error stands in for a crash before the commit) leaves the old state whole.
/// </summary>
public sealed class MailboxCrashTests : MailboxStoreTestBase
{
    [Fact]
    public async Task Operations_queued_together_share_one_transaction_and_a_refused_one_is_undone_alone()
    {
        long inbox = await FillInboxAsync(4);
        var holder = HoldWriteLock();
        var occupy = await OccupyWriterAsync();
        long before = store.WriterTransactions;
        var store1 = Boxes.StoreFlagsAsync(alice.Id, inbox, UidSet.Range(1, 1), new FlagChange(FlagOperation.Add, MessageFlags.Seen));
        var refused = Boxes.CopyAsync(alice.Id, inbox, UidSet.All, "Nowhere");
        var create = Boxes.CreateMailboxAsync(alice.Id, "Sent"); // taken: refused
        var move = Boxes.MoveAsync(alice.Id, inbox, UidSet.Range(2, 2), "Archive");
        var rename = Boxes.RenameMailboxAsync(alice.Id, "Archive", "Attic");
        Assert.False(store1.IsCompleted);
        Release(holder);

        await store1;
        Assert.Equal(MailStoreError.NonExistent, await RefusalAsync(() => refused));
        Assert.Equal(MailStoreError.AlreadyExists, await RefusalAsync(() => create));
        Assert.Equal([2L], (await move).SourceUids);
        await rename;
        await occupy;
        Assert.Equal(2, store.WriterTransactions - before); // the occupying job's batch, then all the others in one
        Assert.Equal(1, (await StatusAsync(alice.Id, "Attic")).Messages);
        Assert.Equal(3, (await StatusAsync(alice.Id, "INBOX")).Messages);
    }

    [Fact]
    public async Task A_fault_in_the_middle_of_a_batch_of_stores_and_moves_leaves_the_old_state_and_the_writer_goes_on()
    {
        long inbox = await FillInboxAsync(3);
        var statusBefore = await StatusAsync(alice.Id, "INBOX");
        // Any MOVE's tombstone insert fails, after its copy is written: the whole batch must go.
        test.Execute("CREATE TRIGGER crash BEFORE INSERT ON expunged BEGIN SELECT RAISE(ABORT, 'simulated crash'); END");
        var changes = Record(out var subscription);
        var holder = HoldWriteLock();
        var occupy = await OccupyWriterAsync();
        var jobs = new Task[]
        {
            Boxes.StoreFlagsAsync(alice.Id, inbox, UidSet.All, new FlagChange(FlagOperation.Add, MessageFlags.Flagged, ["$x"])),
            Boxes.MoveAsync(alice.Id, inbox, UidSet.Range(1, 2), "Trash"),
            Boxes.CreateMailboxAsync(alice.Id, "Fresh"),
        };
        Release(holder);
        await occupy;
        foreach (var job in jobs)
            await Assert.ThrowsAsync<SqliteException>(() => job);
        subscription.Dispose();
        Assert.Empty(changes); // nothing is published for what was not committed

        // The old state, whole, also as a restarted server sees it.
        await store.DisposeAsync();
        store = await test.OpenAsync();
        Assert.Equal(statusBefore, await StatusAsync(alice.Id, "INBOX"));
        Assert.All((await Boxes.GetMessagesAsync(alice.Id, inbox))!.Messages, m => Assert.Equal(MessageFlags.None, m.Flags));
        Assert.Equal(0, (await StatusAsync(alice.Id, "Trash")).Messages);
        Assert.Null(await Boxes.GetStatusAsync(alice.Id, "Fresh"));
        Assert.Empty(await Boxes.GetKeywordsAsync(alice.Id, inbox));
        Assert.Equal(3, (await Boxes.GetQuotaAsync(alice.Id))!.Messages);

        test.Execute("DROP TRIGGER crash");
        Assert.Equal([1L, 2L], (await Boxes.MoveAsync(alice.Id, inbox, UidSet.Range(1, 2), "Trash")).SourceUids);
        Assert.Equal(2, (await StatusAsync(alice.Id, "Trash")).Messages);
    }

    [Fact]
    public async Task An_operation_cancelled_while_queued_is_never_applied()
    {
        long inbox = await FillInboxAsync(1);
        var holder = HoldWriteLock();
        var occupy = await OccupyWriterAsync();
        using var cancel = new CancellationTokenSource();
        var cancelled = Boxes.StoreFlagsAsync(alice.Id, inbox, UidSet.All, new FlagChange(FlagOperation.Add, MessageFlags.Seen), null, cancel.Token);
        var kept = Boxes.StoreFlagsAsync(alice.Id, inbox, UidSet.All, new FlagChange(FlagOperation.Add, MessageFlags.Flagged));
        await cancel.CancelAsync();
        Release(holder);
        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => cancelled);
        await kept;
        await occupy;
        Assert.Equal(MessageFlags.Flagged, (await Boxes.GetMessagesAsync(alice.Id, inbox))!.Messages[0].Flags);
    }
}
