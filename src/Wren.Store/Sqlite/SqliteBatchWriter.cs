using Microsoft.Data.Sqlite;
using Wren.Store.Messages;

namespace Wren.Store.Sqlite;

/// <summary>
/// The SQL of a group commit, on the writer's own connection with its statements prepared once: one
/// transaction per batch, and per message one blob row, one message row per delivery (taking the mailbox's
/// next UID and MODSEQ) and, when it goes out, a queue row with one row per recipient.
/// </summary>
internal sealed partial class SqliteBatchWriter : IDisposable
{
    private const string JobSavepoint = "job";

    private readonly SqliteConnection connection;
    private readonly SqliteCommand findMailbox;
    private readonly SqliteCommand insertInlineBlob;
    private readonly SqliteCommand insertFileBlob;
    private readonly SqliteCommand allocateUid;
    private readonly SqliteCommand insertMessage;
    private readonly SqliteCommand insertQueue;
    private readonly SqliteCommand insertQueueRecipient;
    private readonly SqliteCommand checkMailbox;
    private readonly SqliteCommand deleteMessage;
    private readonly SqliteCommand bumpModSeq;
    private readonly SqliteCommand deleteUnusedBlob;
    private readonly SqliteCommand[] all;
    private readonly QueueCommands queueCommands;
    private SqliteTransaction? transaction;

    public SqliteBatchWriter(SqliteDatabase database)
    {
        connection = database.Open();
        findMailbox = Prepare("SELECT id FROM mailboxes WHERE user_id = $user AND name = $name", "$user", "$name");
        insertInlineBlob = Prepare("INSERT INTO blobs (size, data) VALUES ($size, $data) RETURNING id", "$size", "$data");
        insertFileBlob = Prepare("INSERT INTO blobs (size, path) VALUES ($size, $path) RETURNING id", "$size", "$path");
        // RFC 9051 §2.3.1.1: the UID is the mailbox's UIDNEXT, which then grows and never goes back.
        // RFC 7162 §3.1.1: each change gets a MODSEQ above every earlier one in the mailbox.
        allocateUid = Prepare(
            """
            UPDATE mailboxes SET uidnext = uidnext + 1, highestmodseq = highestmodseq + 1
            WHERE id = $mailbox RETURNING uidnext - 1, highestmodseq
            """, "$mailbox");
        insertMessage = Prepare(
            """
            INSERT INTO messages (mailbox_id, uid, modseq, flags, keywords, internal_date, internal_date_offset, size, blob_id,
                                  from_header, subject, message_id)
            VALUES ($mailbox, $uid, $modseq, $flags, '', $date, $offset, $size, $blob, $from, $subject, $messageId)
            RETURNING id
            """, "$mailbox", "$uid", "$modseq", "$flags", "$date", "$offset", "$size", "$blob", "$from", "$subject", "$messageId");
        insertQueue = Prepare(
            """
            INSERT INTO queue (envelope, blob_id, size, queued_at, next_attempt_at) VALUES ($envelope, $blob, $size, $now, $now)
            RETURNING id
            """, "$envelope", "$blob", "$size", "$now");
        insertQueueRecipient = Prepare(
            "INSERT INTO queue_recipients (queue_id, position, address, status) VALUES ($queue, $position, $address, 'pending')",
            "$queue", "$position", "$address");
        checkMailbox = Prepare("SELECT 1 FROM mailboxes WHERE id = $mailbox AND user_id = $user", "$mailbox", "$user");
        deleteMessage = Prepare("DELETE FROM messages WHERE id = $message AND mailbox_id = $mailbox RETURNING uid, blob_id",
            "$message", "$mailbox");
        // RFC 7162 §3.1: an expunge is a change too, so it raises the mailbox's mod-sequence.
        bumpModSeq = Prepare("UPDATE mailboxes SET highestmodseq = highestmodseq + 1 WHERE id = $mailbox RETURNING highestmodseq",
            "$mailbox");
        // A blob is shared by every copy of a message and its queue entry; it goes with the last of them.
        deleteUnusedBlob = Prepare(
            """
            DELETE FROM blobs WHERE id = $blob
              AND NOT EXISTS (SELECT 1 FROM messages WHERE blob_id = $blob)
              AND NOT EXISTS (SELECT 1 FROM queue WHERE blob_id = $blob)
            RETURNING path
            """, "$blob");
        queueCommands = new QueueCommands(this);
        all = [findMailbox, insertInlineBlob, insertFileBlob, allocateUid, insertMessage, insertQueue, insertQueueRecipient,
            checkMailbox, deleteMessage, bumpModSeq, deleteUnusedBlob, .. queueCommands.All];
    }

    /// <summary>Starts the batch's transaction (BEGIN IMMEDIATE: waits for another process's writer if needed).</summary>
    public void Begin()
    {
        transaction = connection.BeginTransaction(deferred: false);
        foreach (var command in all)
            command.Transaction = transaction;
    }

    /// <summary>
    /// Writes one message. Throws <see cref="MailStoreException"/> before writing anything when a delivery's
    /// mailbox does not exist, so the batch can go on without it. Adds one change per delivered copy.
    /// </summary>
    public CommitResult Write(PendingCommit commit, DateTimeOffset now, List<StoreChange> changes)
    {
        var message = commit.Message;
        var mailboxes = new long[message.Deliveries.Count];
        for (int i = 0; i < mailboxes.Length; i++)
        {
            var delivery = message.Deliveries[i];
            string name = MailboxName.Normalize(delivery.Mailbox);
            findMailbox.Parameters["$user"].Value = delivery.UserId;
            findMailbox.Parameters["$name"].Value = name;
            mailboxes[i] = findMailbox.ExecuteScalar() is long id
                ? id
                : throw new MailStoreException($"User {delivery.UserId} has no mailbox '{name}'.");
        }

        long blobId = InsertBlob(commit);

        var stored = new StoredMessageRef[mailboxes.Length];
        for (int i = 0; i < mailboxes.Length; i++)
        {
            var delivery = message.Deliveries[i];
            allocateUid.Parameters["$mailbox"].Value = mailboxes[i];
            long uid, modSeq;
            using (var reader = allocateUid.ExecuteReader())
            {
                reader.Read();
                uid = reader.GetInt64(0);
                modSeq = reader.GetInt64(1);
            }
            var p = insertMessage.Parameters;
            p["$mailbox"].Value = mailboxes[i];
            p["$uid"].Value = uid;
            p["$modseq"].Value = modSeq;
            p["$flags"].Value = (long)delivery.Flags;
            p["$date"].Value = message.InternalDate.ToUnixTimeMilliseconds();
            p["$offset"].Value = (long)message.InternalDate.Offset.TotalMinutes;
            p["$size"].Value = commit.Size;
            p["$blob"].Value = blobId;
            p["$from"].Value = (object?)commit.Headers.From ?? DBNull.Value;
            p["$subject"].Value = (object?)commit.Headers.Subject ?? DBNull.Value;
            p["$messageId"].Value = (object?)commit.Headers.MessageId ?? DBNull.Value;
            long messageId = (long)insertMessage.ExecuteScalar()!;
            stored[i] = new StoredMessageRef(messageId, delivery.UserId, mailboxes[i], uid, modSeq);
            changes.Add(new StoreChange(StoreChangeKind.MessageAdded, delivery.UserId, mailboxes[i], uid, modSeq));
        }

        long? queueId = null;
        if (commit.EnvelopeJson is not null)
        {
            insertQueue.Parameters["$envelope"].Value = commit.EnvelopeJson;
            insertQueue.Parameters["$blob"].Value = blobId;
            insertQueue.Parameters["$size"].Value = commit.Size;
            insertQueue.Parameters["$now"].Value = now.ToUnixTimeMilliseconds();
            queueId = (long)insertQueue.ExecuteScalar()!;
            var recipients = message.Outbound!.Recipients;
            for (int i = 0; i < recipients.Count; i++)
            {
                insertQueueRecipient.Parameters["$queue"].Value = queueId;
                insertQueueRecipient.Parameters["$position"].Value = i;
                insertQueueRecipient.Parameters["$address"].Value = recipients[i].Address.ToString();
                insertQueueRecipient.ExecuteNonQuery();
            }
        }
        return new CommitResult(stored, queueId);
    }

    /// <summary>
    /// Removes an expunge's messages inside the current transaction. Returns the UIDs removed and the blob
    /// files that no row references any more (to delete after the commit). Adds one change per message.
    /// </summary>
    public (IReadOnlyList<long> Uids, List<string> Files) Expunge(PendingExpunge job, List<StoreChange> changes)
    {
        checkMailbox.Parameters["$mailbox"].Value = job.MailboxId;
        checkMailbox.Parameters["$user"].Value = job.UserId;
        if (checkMailbox.ExecuteScalar() is null)
            throw new MailStoreException($"User {job.UserId} has no mailbox {job.MailboxId}.");
        var uids = new List<long>();
        var files = new List<string>();
        foreach (long messageId in job.MessageIds)
        {
            deleteMessage.Parameters["$message"].Value = messageId;
            deleteMessage.Parameters["$mailbox"].Value = job.MailboxId;
            long uid, blobId;
            using (var reader = deleteMessage.ExecuteReader())
            {
                if (!reader.Read())
                    continue; // already expunged by another session
                uid = reader.GetInt64(0);
                blobId = reader.GetInt64(1);
            }
            bumpModSeq.Parameters["$mailbox"].Value = job.MailboxId;
            long modSeq = (long)bumpModSeq.ExecuteScalar()!;
            deleteUnusedBlob.Parameters["$blob"].Value = blobId;
            using (var reader = deleteUnusedBlob.ExecuteReader())
            {
                if (reader.Read() && !reader.IsDBNull(0))
                    files.Add(reader.GetString(0));
            }
            uids.Add(uid);
            changes.Add(new StoreChange(StoreChangeKind.MessageExpunged, job.UserId, job.MailboxId, uid, modSeq));
        }
        return (uids, files);
    }

    /// <summary>Starts one job inside the batch (a savepoint), so that it can be undone alone.</summary>
    public void BeginJob() => transaction!.Save(JobSavepoint);

    /// <summary>Keeps what the job wrote, as part of the batch.</summary>
    public void EndJob() => transaction!.Release(JobSavepoint);

    /// <summary>Undoes what the job wrote; the rest of the batch stays.</summary>
    public void UndoJob()
    {
        transaction!.Rollback(JobSavepoint);
        transaction.Release(JobSavepoint);
    }

    /// <summary>Commits the batch: with WAL and synchronous=FULL, this is the batch's one log fsync.</summary>
    public void Commit()
    {
        transaction!.Commit();
        EndTransaction();
    }

    /// <summary>Abandons the batch, when it was started.</summary>
    public void Rollback()
    {
        if (transaction is null)
            return;
        try
        {
            transaction.Rollback();
        }
        finally
        {
            EndTransaction();
        }
    }

    public void Dispose()
    {
        transaction?.Dispose();
        foreach (var command in all)
            command.Dispose();
        connection.Dispose();
    }

    private long InsertBlob(PendingCommit commit)
    {
        SqliteCommand command;
        if (commit.Inline is { } bytes)
        {
            command = insertInlineBlob;
            command.Parameters["$data"].Value = bytes;
        }
        else
        {
            command = insertFileBlob;
            command.Parameters["$path"].Value = commit.File!.RelativePath;
        }
        command.Parameters["$size"].Value = commit.Size;
        return (long)command.ExecuteScalar()!;
    }

    private void EndTransaction()
    {
        transaction?.Dispose();
        transaction = null;
        foreach (var command in all)
            command.Transaction = null;
    }

    private SqliteCommand Prepare(string sql, params string[] parameters)
    {
        var command = connection.CreateCommand();
        command.CommandText = sql;
        foreach (string name in parameters)
            command.Parameters.Add(new SqliteParameter { ParameterName = name });
        return command;
    }
}
