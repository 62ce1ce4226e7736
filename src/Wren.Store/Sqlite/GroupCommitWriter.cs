using System.Threading.Channels;
using Microsoft.Extensions.Logging;
using Wren.Store.Blobs;
using Wren.Store.Messages;
using Wren.Store.Queue;

namespace Wren.Store.Sqlite;

/// <summary>
/// The one writer of messages (group commit). Committers queue a <see cref="PendingCommit"/>; the writer
/// takes everything waiting (up to a cap), fsyncs the blob folders that new files need, writes the whole
/// batch in one transaction, commits it (one WAL fsync), publishes the changes in commit order and only
/// then completes every committer's task. While one batch is on its way to disk the next one gathers, so
/// under load many messages share each fsync and nobody waits for a timer. Expunges go through the same
/// queue, each in its own transaction between batches, so every change is published in commit order.
/// </summary>
internal sealed class GroupCommitWriter : IAsyncDisposable
{
    /// <summary>Most messages in one transaction.</summary>
    public const int MaxBatchMessages = 256;

    /// <summary>Most inline content in one transaction; a batch stops growing past it.</summary>
    public const long MaxBatchInlineBytes = 16 * 1024 * 1024;

    private readonly Channel<WriterJob> queue = Channel.CreateUnbounded<WriterJob>(
        new UnboundedChannelOptions { SingleReader = true, AllowSynchronousContinuations = false });
    private readonly SqliteDatabase database;
    private readonly BlobDirectory blobs;
    private readonly InProcessChangeFeed feed;
    private readonly TimeProvider time;
    private readonly ILogger logger;
    private readonly Task loop;
    private SqliteBatchWriter? writer;

    public GroupCommitWriter(SqliteDatabase database, BlobDirectory blobs, InProcessChangeFeed feed, TimeProvider time, ILogger logger)
    {
        this.database = database;
        this.blobs = blobs;
        this.feed = feed;
        this.time = time;
        this.logger = logger;
        loop = Task.Run(RunAsync);
    }

    /// <summary>Queues a commit or an expunge; its <c>Completion</c> tells the outcome.</summary>
    public void Submit(WriterJob job)
    {
        if (!queue.Writer.TryWrite(job))
            throw new ObjectDisposedException(nameof(GroupCommitWriter), "The store is closed.");
    }

    /// <summary>Stops taking commits, finishes those already queued, and closes the connection.</summary>
    public async ValueTask DisposeAsync()
    {
        queue.Writer.TryComplete();
        await loop.ConfigureAwait(false);
        writer?.Dispose();
        writer = null;
    }

    private async Task RunAsync()
    {
        var batch = new List<PendingCommit>();
        while (await queue.Reader.WaitToReadAsync().ConfigureAwait(false))
        {
            long inlineBytes = 0;
            while (batch.Count < MaxBatchMessages && inlineBytes < MaxBatchInlineBytes && queue.Reader.TryRead(out var job))
            {
                if (job is PendingExpunge or PendingQueueUpdate)
                {
                    // Commit order is queue order: what was queued before the expunge is committed first.
                    if (batch.Count > 0)
                        CommitBatch(batch);
                    batch.Clear();
                    inlineBytes = 0;
                    if (job is PendingExpunge expunge)
                        Expunge(expunge);
                    else
                        UpdateQueue((PendingQueueUpdate)job);
                    continue;
                }
                var commit = (PendingCommit)job;
                if (!commit.TryClaim())
                    continue; // cancelled while queued
                batch.Add(commit);
                inlineBytes += commit.Inline?.Length ?? 0;
            }
            if (batch.Count > 0)
                CommitBatch(batch);
            batch.Clear();
        }
    }

    /// <summary>Commits one batch; never throws (failures complete the committers' tasks).</summary>
    private void CommitBatch(List<PendingCommit> batch)
    {
        long started = time.GetTimestamp();
        var results = new CommitResult?[batch.Count];
        var failures = new Exception?[batch.Count];
        var changes = new List<StoreChange>();
        int directoryFlushes;
        try
        {
            // New files' names must be durable before a committed row may point at them.
            directoryFlushes = blobs.FlushDirectories(batch.Where(c => c.File is not null).Select(c => c.File!));
            writer ??= new SqliteBatchWriter(database);
            writer.Begin();
            DateTimeOffset now = time.GetUtcNow();
            for (int i = 0; i < batch.Count; i++)
            {
                try
                {
                    results[i] = writer.Write(batch[i], now, changes);
                    if (results[i]!.QueueId is { } queued)
                        changes.Add(QueuedChange(queued));
                }
                catch (MailStoreException ex)
                {
                    failures[i] = ex; // nothing of it was written; the rest of the batch goes on
                }
            }
            writer.Commit();
        }
        catch (Exception ex)
        {
            StoreLog.BatchFailed(logger, ex, batch.Count);
            ResetWriter();
            foreach (var commit in batch)
                commit.Fail(ex);
            return;
        }

        for (int i = 0; i < batch.Count; i++)
        {
            if (results[i] is not null)
                batch[i].Spool.EndCommit(committed: true);
        }
        // Subscribers hear of every change before any committer is released, in commit order.
        foreach (var change in changes)
            feed.Publish(change);
        for (int i = 0; i < batch.Count; i++)
        {
            if (results[i] is { } result)
                batch[i].Completion.TrySetResult(result);
            else
                batch[i].Fail(failures[i]!);
        }
        StoreLog.BatchCommitted(logger, batch.Count, directoryFlushes, time.GetElapsedTime(started).TotalMilliseconds);
    }

    /// <summary>Runs one expunge in its own transaction; never throws (a failure completes the caller's task).</summary>
    private void Expunge(PendingExpunge job)
    {
        var changes = new List<StoreChange>();
        IReadOnlyList<long> uids;
        List<string> files;
        try
        {
            writer ??= new SqliteBatchWriter(database);
            writer.Begin();
            (uids, files) = writer.Expunge(job, changes);
            writer.Commit();
        }
        catch (Exception ex)
        {
            StoreLog.ExpungeFailed(logger, ex, job.MailboxId);
            ResetWriter();
            job.Completion.TrySetException(ex);
            return;
        }
        // Only after the commit: a crash before this leaves files that the next start sweeps as orphans.
        foreach (string file in files)
            DeleteBlobFile(file);
        foreach (var change in changes)
            feed.Publish(change);
        job.Completion.TrySetResult(uids);
    }

    /// <summary>
    /// Runs one queue update in its own transaction, with its bounce; never throws (a failure completes the
    /// caller's task, and neither the outcomes nor the bounce were written).
    /// </summary>
    private void UpdateQueue(PendingQueueUpdate job)
    {
        var changes = new List<StoreChange>();
        CommitResult? bounce = null;
        (bool Removed, string? File) result;
        bool bounceClaimed = job.Bounce?.TryClaim() ?? false;
        try
        {
            if (job.Bounce is not null && !bounceClaimed)
                throw new OperationCanceledException("The queue update was cancelled.");
            if (job.Bounce?.File is { } file)
                blobs.FlushDirectories([file]);
            writer ??= new SqliteBatchWriter(database);
            writer.Begin();
            DateTimeOffset now = time.GetUtcNow();
            if (job.Bounce is not null)
            {
                bounce = writer.Write(job.Bounce, now, changes);
                if (bounce.QueueId is { } queued)
                    changes.Add(QueuedChange(queued));
            }
            result = writer.UpdateQueue(job, now);
            writer.Commit();
        }
        catch (Exception ex)
        {
            StoreLog.QueueUpdateFailed(logger, ex, job.Update.QueueId);
            ResetWriter();
            if (bounceClaimed)
                job.Bounce!.Fail(ex);
            job.Completion.TrySetException(ex);
            return;
        }
        job.Bounce?.Spool.EndCommit(committed: true);
        if (result.File is { } unused)
            DeleteBlobFile(unused);
        foreach (var change in changes)
            feed.Publish(change);
        if (bounce is not null)
            job.Bounce!.Completion.TrySetResult(bounce);
        job.Completion.TrySetResult(new QueueUpdateResult(result.Removed, bounce));
    }

    /// <summary>The change that tells the delivery side a queue entry is new (the ids of users and mailboxes are 0).</summary>
    private static StoreChange QueuedChange(long queueId) => new(StoreChangeKind.MessageQueued, 0, 0, queueId, 0);

    private void DeleteBlobFile(string file)
    {
        try
        {
            blobs.Delete(file);
        }
        catch (IOException ex)
        {
            StoreLog.BlobDeleteFailed(logger, ex, file);
        }
    }

    /// <summary>After a failure the connection may be in any state: roll back and start afresh with the next batch.</summary>
    private void ResetWriter()
    {
        if (writer is null)
            return;
        try
        {
            writer.Rollback();
        }
        catch (Exception)
        {
            // The transaction may already be gone (SQLite rolls back by itself on some errors).
        }
        writer.Dispose();
        writer = null;
    }
}
