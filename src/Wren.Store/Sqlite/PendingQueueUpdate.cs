using Wren.Store.Queue;

namespace Wren.Store.Sqlite;

/// <summary>
/// One <see cref="IQueueStore.UpdateAsync"/> or <see cref="IQueueStore.DeleteAsync"/> call waiting for the
/// writer. It runs in its own transaction, with the bounce (when there is one) written in that same
/// transaction, so a failed recipient is never marked failed without its DSN being durable too.
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
