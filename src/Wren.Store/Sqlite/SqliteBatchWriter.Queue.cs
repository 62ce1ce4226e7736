using Microsoft.Data.Sqlite;
using Wren.Store.Messages;
using Wren.Store.Queue;

namespace Wren.Store.Sqlite;

/// <summary>The SQL of queue updates: recipient outcomes, the next attempt, and removal of finished entries.</summary>
internal sealed partial class SqliteBatchWriter
{
    /// <summary>
    /// Applies a queue update inside the current transaction (the bounce, when any, is written first by the
    /// caller with <see cref="Write"/>). Returns whether the entry left the queue (else when it is due next), and
    /// the blob file to delete after the commit when its content is no longer used.
    /// </summary>
    public (bool Removed, DateTimeOffset? Next, string? File) UpdateQueue(PendingQueueUpdate job, DateTimeOffset now)
    {
        var q = queueCommands;
        var update = job.Update;
        q.FindEntry.Parameters["$queue"].Value = update.QueueId;
        if (q.FindEntry.ExecuteScalar() is not long blobId)
            throw new MailStoreException($"Queue entry {update.QueueId} does not exist.");

        long nowMs = now.ToUnixTimeMilliseconds();
        if (!job.Delete)
        {
            foreach (var outcome in update.Outcomes)
            {
                var p = q.SetRecipient.Parameters;
                p["$queue"].Value = update.QueueId;
                p["$position"].Value = outcome.Position;
                p["$status"].Value = StatusText(outcome.Status);
                p["$error"].Value = (object?)outcome.Error ?? DBNull.Value;
                p["$remote"].Value = (object?)outcome.RemoteMta ?? DBNull.Value;
                p["$now"].Value = nowMs;
                q.SetRecipient.ExecuteNonQuery();
            }
            var e = q.SetEntry.Parameters;
            e["$queue"].Value = update.QueueId;
            e["$next"].Value = update.NextAttemptAt is { } next ? next.ToUnixTimeMilliseconds() : DBNull.Value;
            e["$round"].Value = update.RoundEndedAt is { } round ? round.ToUnixTimeMilliseconds() : DBNull.Value;
            e["$delay"].Value = update.MarkDelayNotified ? 1L : 0L;
            long nextMs = (long)q.SetEntry.ExecuteScalar()!;

            q.CountPending.Parameters["$queue"].Value = update.QueueId;
            if ((long)q.CountPending.ExecuteScalar()! > 0)
                return (false, DateTimeOffset.FromUnixTimeMilliseconds(nextMs), null);
        }

        // Nobody is waiting any more (or the operator deleted it): the entry goes, and its content with the
        // last reference. Recipients go by ON DELETE CASCADE.
        q.DeleteEntry.Parameters["$queue"].Value = update.QueueId;
        q.DeleteEntry.ExecuteNonQuery();
        deleteUnusedBlob.Parameters["$blob"].Value = blobId;
        using var reader = deleteUnusedBlob.ExecuteReader();
        return (true, null, reader.Read() && !reader.IsDBNull(0) ? reader.GetString(0) : null);
    }

    /// <summary>The stored form of a status.</summary>
    public static string StatusText(QueueRecipientStatus status) => status switch
    {
        QueueRecipientStatus.Pending => "pending",
        QueueRecipientStatus.Delivered => "delivered",
        QueueRecipientStatus.Failed => "failed",
        _ => throw new ArgumentOutOfRangeException(nameof(status)),
    };

    /// <summary>The queue statements, prepared once with the writer's others.</summary>
    private sealed class QueueCommands
    {
        public QueueCommands(SqliteBatchWriter writer)
        {
            FindEntry = writer.Prepare("SELECT blob_id FROM queue WHERE id = $queue", "$queue");
            // A recipient that reached a final state keeps it: a late duplicate result cannot revive it.
            SetRecipient = writer.Prepare(
                """
                UPDATE queue_recipients SET status = $status, last_error = $error, remote_mta = $remote, updated_at = $now
                WHERE queue_id = $queue AND position = $position AND status = 'pending'
                """, "$queue", "$position", "$status", "$error", "$remote", "$now");
            SetEntry = writer.Prepare(
                """
                UPDATE queue SET
                    next_attempt_at = coalesce($next, next_attempt_at),
                    attempts = attempts + ($round IS NOT NULL),
                    last_attempt_at = coalesce($round, last_attempt_at),
                    delay_notified = max(delay_notified, $delay)
                WHERE id = $queue
                RETURNING next_attempt_at
                """, "$queue", "$next", "$round", "$delay");
            CountPending = writer.Prepare("SELECT count(*) FROM queue_recipients WHERE queue_id = $queue AND status = 'pending'", "$queue");
            DeleteEntry = writer.Prepare("DELETE FROM queue WHERE id = $queue", "$queue");
            All = [FindEntry, SetRecipient, SetEntry, CountPending, DeleteEntry];
        }

        public SqliteCommand FindEntry { get; }
        public SqliteCommand SetRecipient { get; }
        public SqliteCommand SetEntry { get; }
        public SqliteCommand CountPending { get; }
        public SqliteCommand DeleteEntry { get; }
        public SqliteCommand[] All { get; }
    }
}
