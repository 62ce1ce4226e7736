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
/// under load many messages share each fsync and nobody waits for a timer. Queue updates (a delivery
/// round's outcomes with the bounce that reports them) and mailbox operations (<see cref="PendingOperation"/>:
/// STORE, COPY, MOVE, EXPUNGE, CREATE…) join the same batches, each inside a savepoint so that it lands whole
/// or not at all; every change is published in commit order.
/// </summary>
internal sealed partial class GroupCommitWriter : IAsyncDisposable
{
    /// <summary>Most jobs (message commits and queue updates) in one transaction.</summary>
    public const int MaxBatchJobs = 256;

    /// <summary>Most inline content in one transaction; a batch stops growing past it.</summary>
    public const long MaxBatchInlineBytes = 16 * 1024 * 1024;

    private readonly Channel<WriterJob> queue = Channel.CreateUnbounded<WriterJob>(
        new UnboundedChannelOptions { SingleReader = true, AllowSynchronousContinuations = false });
    private readonly SqliteDatabase database;
    private readonly BlobDirectory blobs;
    private readonly InProcessChangeFeed feed;
    private readonly StoreSettings settings;
    private readonly TimeProvider time;
    private readonly ILogger logger;
    private readonly Task loop;
    private SqliteBatchWriter? writer;
    private long transactions;
    private int queueLength;

    public GroupCommitWriter(SqliteDatabase database, BlobDirectory blobs, InProcessChangeFeed feed, StoreSettings settings, TimeProvider time,
        ILogger logger)
    {
        this.database = database;
        this.settings = settings;
        this.blobs = blobs;
        this.feed = feed;
        this.time = time;
        this.logger = logger;
        loop = Task.Run(RunAsync);
    }

    /// <summary>Transactions committed so far: each one is one WAL fsync.</summary>
    public long Transactions => Interlocked.Read(ref transactions);

    /// <summary>Jobs waiting for the writer (not yet taken into a batch), for tests.</summary>
    public int QueueLength => Volatile.Read(ref queueLength);

    /// <summary>Queues a commit, a queue update or an operation; its <c>Completion</c> tells the outcome.</summary>
    public void Submit(WriterJob job)
    {
        Interlocked.Increment(ref queueLength);
        if (!queue.Writer.TryWrite(job))
        {
            Interlocked.Decrement(ref queueLength);
            throw new ObjectDisposedException(nameof(GroupCommitWriter), "The store is closed.");
        }
    }

    /// <summary>
    /// Queues a mailbox operation and waits until it is durable and published. Cancellation counts only while
    /// it waits in the queue; once the writer took it, its outcome stands.
    /// </summary>
    public async Task<T> RunAsync<T>(Func<SqliteBatchWriter, WriteContext, T> body, CancellationToken cancellationToken)
        where T : notnull
    {
        cancellationToken.ThrowIfCancellationRequested();
        var operation = new PendingOperation<T>(body);
        Submit(operation);
        await using var registration = cancellationToken.Register(static state =>
        {
            var (job, token) = ((PendingOperation, CancellationToken))state!;
            job.Cancel(token);
        }, ((PendingOperation)operation, cancellationToken)).ConfigureAwait(false);
        return await operation.Completion.Task.ConfigureAwait(false);
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
        var batch = new List<WriterJob>();
        while (await queue.Reader.WaitToReadAsync().ConfigureAwait(false))
        {
            long inlineBytes = 0;
            int taken = 0;
            while (batch.Count < MaxBatchJobs && inlineBytes < MaxBatchInlineBytes && queue.Reader.TryRead(out var job))
            {
                taken++;
                if (!TryClaim(job, out PendingCommit? content))
                    continue; // cancelled while queued
                batch.Add(job);
                inlineBytes += content?.Inline?.Length ?? 0;
            }
            // Only now is the batch closed: what is queued from here on goes to the next one.
            Interlocked.Add(ref queueLength, -taken);
            if (batch.Count > 0)
                CommitBatch(batch);
            batch.Clear();
        }
    }

    /// <summary>
    /// Takes a commit or a queue update for the batch; false when it was cancelled while queued.
    /// <paramref name="content"/> is the message it writes (the commit itself, or the update's bounce).
    /// </summary>
    private static bool TryClaim(WriterJob job, out PendingCommit? content)
    {
        if (job is PendingOperation operation)
        {
            content = null;
            return operation.TryClaim();
        }
        if (job is PendingCommit commit)
        {
            content = commit;
            return commit.TryClaim();
        }
        var update = (PendingQueueUpdate)job;
        content = update.Bounce;
        if (content is null || content.TryClaim())
            return true;
        update.Completion.TrySetException(new OperationCanceledException("The queue update was cancelled."));
        return false;
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
