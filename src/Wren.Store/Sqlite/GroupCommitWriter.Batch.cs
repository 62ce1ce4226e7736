using Wren.Store.Messages;
using Wren.Store.Queue;

namespace Wren.Store.Sqlite;

/// <summary>One group commit: message commits and queue updates in one transaction and one fsync.</summary>
internal sealed partial class GroupCommitWriter
{
    /// <summary>
    /// Commits one batch; never throws (failures complete the callers' tasks). A job that is refused
    /// (<see cref="MailStoreException"/>: a missing mailbox, a queue entry gone) leaves nothing behind and the
    /// rest of the batch goes on; any other failure abandons the whole batch and fails every job in it.
    /// Nobody's task completes before the transaction is durable.
    /// </summary>
    private void CommitBatch(List<WriterJob> batch)
    {
        long started = time.GetTimestamp();
        var results = new object?[batch.Count];
        var failures = new Exception?[batch.Count];
        var changes = new List<StoreChange>();
        var unusedFiles = new List<string>();
        int directoryFlushes;
        try
        {
            // New files' names must be durable before a committed row may point at them.
            directoryFlushes = blobs.FlushDirectories(batch.Select(Content).Where(c => c?.File is not null).Select(c => c!.File!));
            writer ??= new SqliteBatchWriter(database);
            writer.Begin();
            DateTimeOffset now = time.GetUtcNow();
            var context = new WriteContext(now, settings, changes, unusedFiles);
            for (int i = 0; i < batch.Count; i++)
            {
                try
                {
                    results[i] = batch[i] switch
                    {
                        PendingCommit commit => WriteCommit(commit, context),
                        PendingOperation operation => RunOperation(operation, context),
                        _ => WriteUpdate((PendingQueueUpdate)batch[i], context),
                    };
                }
                catch (MailStoreException ex)
                {
                    failures[i] = ex; // nothing of it was written; the rest of the batch goes on
                }
            }
            writer.Commit();
            Interlocked.Increment(ref transactions);
        }
        catch (Exception ex)
        {
            StoreLog.BatchFailed(logger, ex, batch.Count);
            ResetWriter();
            foreach (var job in batch)
                Fail(job, ex);
            return;
        }

        for (int i = 0; i < batch.Count; i++)
        {
            if (results[i] is not null)
                Content(batch[i])?.Spool.EndCommit(committed: true);
        }
        // Only after the commit: a crash before this leaves files that the next start sweeps as orphans.
        foreach (string file in unusedFiles)
            DeleteBlobFile(file);
        // Subscribers hear of every change before any caller is released, in commit order.
        foreach (var change in changes)
            feed.Publish(change);
        for (int i = 0; i < batch.Count; i++)
            Complete(batch[i], results[i], failures[i]);
        StoreLog.BatchCommitted(logger, batch.Count, directoryFlushes, time.GetElapsedTime(started).TotalMilliseconds);
    }

    private CommitResult WriteCommit(PendingCommit commit, WriteContext context)
    {
        CommitResult result = writer!.Write(commit, context);
        if (result.QueueId is { } queued)
            context.Changes.Add(QueuedChange(queued));
        return result;
    }

    /// <summary>Runs one mailbox operation inside a savepoint: refused, it leaves nothing behind and the batch goes on.</summary>
    private object RunOperation(PendingOperation operation, WriteContext context)
    {
        int changesBefore = context.Changes.Count;
        int filesBefore = context.UnusedFiles.Count;
        writer!.BeginJob();
        try
        {
            object result = operation.Run(writer, context);
            writer.EndJob();
            return result;
        }
        catch (MailStoreException)
        {
            writer.UndoJob();
            context.Changes.RemoveRange(changesBefore, context.Changes.Count - changesBefore);
            context.UnusedFiles.RemoveRange(filesBefore, context.UnusedFiles.Count - filesBefore);
            throw;
        }
    }

    /// <summary>
    /// Writes one queue update and its bounce inside a savepoint: when either is refused, both are undone
    /// (a failure is never recorded without its DSN, nor a DSN sent for an outcome not recorded).
    /// </summary>
    private QueueUpdateResult WriteUpdate(PendingQueueUpdate job, WriteContext context)
    {
        var changes = context.Changes;
        int changesBefore = changes.Count;
        writer!.BeginJob();
        try
        {
            CommitResult? bounce = job.Bounce is null ? null : WriteCommit(job.Bounce, context);
            var (removed, next, file) = writer.UpdateQueue(job, context.Now);
            writer.EndJob();
            if (file is not null)
                context.UnusedFiles.Add(file);
            return new QueueUpdateResult(removed, bounce) { NextAttemptAt = next };
        }
        catch (MailStoreException ex)
        {
            writer.UndoJob();
            changes.RemoveRange(changesBefore, changes.Count - changesBefore);
            StoreLog.QueueUpdateFailed(logger, ex, job.Update.QueueId);
            throw;
        }
    }

    /// <summary>The message a job writes: the commit itself, or a queue update's bounce.</summary>
    private static PendingCommit? Content(WriterJob job) => job as PendingCommit ?? (job as PendingQueueUpdate)?.Bounce;

    private static void Fail(WriterJob job, Exception exception)
    {
        if (job is PendingOperation operation)
        {
            operation.Fail(exception);
            return;
        }
        if (job is PendingCommit commit)
        {
            commit.Fail(exception);
            return;
        }
        var update = (PendingQueueUpdate)job;
        update.Bounce?.Fail(exception);
        update.Completion.TrySetException(exception);
    }

    private static void Complete(WriterJob job, object? result, Exception? failure)
    {
        if (failure is not null)
        {
            Fail(job, failure);
            return;
        }
        if (job is PendingOperation operation)
        {
            operation.Complete(result!);
            return;
        }
        if (job is PendingCommit commit)
        {
            commit.Completion.TrySetResult((CommitResult)result!);
            return;
        }
        var update = (PendingQueueUpdate)job;
        var updated = (QueueUpdateResult)result!;
        if (updated.Bounce is not null)
            update.Bounce!.Completion.TrySetResult(updated.Bounce);
        update.Completion.TrySetResult(updated);
    }
}
