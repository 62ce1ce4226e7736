using Wren.Store.Queue;

namespace Wren.Store.Sqlite;

/// <summary>
/// One <see cref="IQueueStore.UpdateAsync"/> or <see cref="IQueueStore.DeleteAsync"/> call waiting for the
/// writer. It joins a group commit inside its own savepoint, with the bounce (when there is one) written in
/// that same savepoint, so a failed recipient is never marked failed without its DSN being durable too; the
/// caller's task completes once the batch's transaction is.
/// </summary>
internal sealed class PendingQueueUpdate(QueueUpdate update, PendingCommit? bounce, bool delete) : WriterJob
{
    public QueueUpdate Update { get; } = update;

    /// <summary>The bounce's content made ready for the writer, or null.</summary>
    public PendingCommit? Bounce { get; } = bounce;

    /// <summary>Remove the entry whatever its recipients' state (<c>wren queue delete</c>).</summary>
    public bool Delete { get; } = delete;

    public TaskCompletionSource<QueueUpdateResult> Completion { get; } = new(TaskCreationOptions.RunContinuationsAsynchronously);
}
