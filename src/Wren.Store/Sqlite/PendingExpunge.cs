namespace Wren.Store.Sqlite;

/// <summary>One <see cref="Messages.IMailStore.ExpungeAsync"/> call waiting for the writer.</summary>
internal sealed class PendingExpunge(long userId, long mailboxId, IReadOnlyList<long> messageIds) : WriterJob
{
    public long UserId { get; } = userId;
    public long MailboxId { get; } = mailboxId;

    /// <summary>The messages to remove, distinct and ascending (ids grow with UIDs within a mailbox).</summary>
    public IReadOnlyList<long> MessageIds { get; } = messageIds;

    /// <summary>The UIDs removed, once the transaction is durable.</summary>
    public TaskCompletionSource<IReadOnlyList<long>> Completion { get; } = new(TaskCreationOptions.RunContinuationsAsynchronously);
}
