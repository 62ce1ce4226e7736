using Wren.Store.Messages;

namespace Wren.Store.Tests;

/// <summary>Helpers for the <see cref="IMailboxStore"/> tests: alice and bob, deliveries, appends, a held write lock.</summary>
public abstract class MailboxStoreTestBase : AliceAndBobStore
{
    protected IMailboxStore Boxes => store.Mailboxes;

    protected async Task<MailboxStatus> StatusAsync(long userId, string name) =>
        (await Boxes.GetStatusAsync(userId, name))!;

    /// <summary>Appends a message to a mailbox of alice (or <paramref name="userId"/>).</summary>
    protected async Task<AppendResult> AppendAsync(string mailbox, string subject = "hello", MessageFlags flags = MessageFlags.None,
        string[]? keywords = null, long? userId = null, int size = 200, string? summary = null)
    {
        await using var spool = await TestStore.SpoolAsync(store.Mail, TestStore.Message(subject, size));
        return await Boxes.AppendAsync(userId ?? alice.Id, mailbox,
            new AppendRequest(spool, flags, keywords, test.Time.GetUtcNow()) { Summary = summary });
    }

    /// <summary>Appends <paramref name="count"/> messages to alice's INBOX; returns its id.</summary>
    protected async Task<long> FillInboxAsync(int count, MessageFlags flags = MessageFlags.None)
    {
        AppendResult? last = null;
        for (int i = 0; i < count; i++)
            last = await AppendAsync("INBOX", $"m{i}", flags);
        return last?.MailboxId ?? (await StatusAsync(alice.Id, "INBOX")).MailboxId;
    }

    /// <summary>Records every published change.</summary>
    protected List<StoreChange> Record(out IDisposable subscription)
    {
        var changes = new List<StoreChange>();
        subscription = Boxes.Changes.Subscribe(c =>
        {
            lock (changes)
                changes.Add(c);
        });
        return changes;
    }

    protected WriteLockHolder HoldWriteLock() => WriteLockHolder.Hold(test.Folder);

    /// <summary>
    /// With the write lock held: queues a first job and waits until the writer has taken it (and is stuck in
    /// BEGIN with it), so that everything queued afterwards lands in one batch together.
    /// </summary>
    protected async Task<Task> OccupyWriterAsync()
    {
        var first = Boxes.SubscribeAsync(alice.Id, "occupy");
        while (store.WriterQueueLength > 0)
            await Task.Yield();
        return first;
    }

    protected static void Release(WriteLockHolder holder) => holder.Dispose();

    protected static async Task<MailStoreError> RefusalAsync(Func<Task> action) =>
        (await Assert.ThrowsAnyAsync<MailStoreException>(action)).Error;
}
