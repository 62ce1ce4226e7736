using Microsoft.Data.Sqlite;
using Wren.Store.Messages;

namespace Wren.Store.Sqlite;

/// <summary>
/// The SQL of a group commit, on the writer's own connection with its statements prepared once: one
/// transaction per batch, and per message one blob row, one message row per delivery (taking the mailbox's
/// next UID and MODSEQ) and, when it goes out, a queue row with one row per recipient. Mailbox operations
/// (the other parts) run their statements through <see cref="Sql"/>, which keeps each one prepared.
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
    private readonly SqliteCommand deleteUnusedBlob;
    private readonly SqliteCommand[] all;
    private readonly QueueCommands queueCommands;
    private readonly Dictionary<string, SqliteCommand> statements = new(StringComparer.Ordinal);
    private SqliteTransaction? transaction;

    public SqliteBatchWriter(SqliteDatabase database)
    {
        connection = database.Open();
        findMailbox = Prepare("SELECT id FROM mailboxes WHERE user_id = $user AND name = $name", "$user", "$name");
        insertInlineBlob = Prepare("INSERT INTO blobs (size, data, summary) VALUES ($size, $data, $summary) RETURNING id",
            "$size", "$data", "$summary");
        insertFileBlob = Prepare("INSERT INTO blobs (size, path, summary) VALUES ($size, $path, $summary) RETURNING id",
            "$size", "$path", "$summary");
        // RFC 9051 §2.3.1.1: the UID is the mailbox's UIDNEXT, which then grows and never goes back.
        // RFC 7162 §3.1.1: each change gets a MODSEQ above every earlier one in the mailbox.
        allocateUid = Prepare(
            """
            UPDATE mailboxes SET uidnext = uidnext + 1, highestmodseq = highestmodseq + 1
            WHERE id = $mailbox RETURNING uidnext - 1, highestmodseq, uidvalidity
            """, "$mailbox");
        insertMessage = Prepare(
            """
            INSERT INTO messages (mailbox_id, uid, modseq, flags, keywords, internal_date, internal_date_offset, size, blob_id,
                                  from_header, subject, message_id, email_id)
            VALUES ($mailbox, $uid, $modseq, $flags, $keywords, $date, $offset, $size, $blob, $from, $subject, $messageId, $emailId)
            RETURNING id
            """, "$mailbox", "$uid", "$modseq", "$flags", "$keywords", "$date", "$offset", "$size", "$blob", "$from", "$subject",
            "$messageId", "$emailId");
        insertQueue = Prepare(
            """
            INSERT INTO queue (envelope, blob_id, size, queued_at, next_attempt_at) VALUES ($envelope, $blob, $size, $now, $now)
            RETURNING id
            """, "$envelope", "$blob", "$size", "$now");
        insertQueueRecipient = Prepare(
            "INSERT INTO queue_recipients (queue_id, position, address, status) VALUES ($queue, $position, $address, 'pending')",
            "$queue", "$position", "$address");
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
            deleteUnusedBlob, .. queueCommands.All];
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
    /// mailbox does not exist or a quota refuses it, so the batch can go on without it. Adds one change per
    /// delivered copy.
    /// </summary>
    public CommitResult Write(PendingCommit commit, WriteContext context)
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
                : throw new MailStoreException(MailStoreError.NonExistent, $"User {delivery.UserId} has no mailbox '{name}'.");
        }
        foreach (var user in message.Deliveries.Where(d => d.Quota != QuotaEnforcement.None).GroupBy(d => d.UserId))
        {
            var mode = user.Any(d => d.Quota == QuotaEnforcement.Strict) ? QuotaEnforcement.Strict : QuotaEnforcement.BelowLimit;
            int copies = message.Deliveries.Count(d => d.UserId == user.Key);
            CheckQuota(user.Key, commit.Size * copies, copies, mode, context.Settings);
        }

        long blobId = InsertBlob(commit, message.Summary);
        string emailId = SqliteMailboxes.NewEmailId();

        var stored = new StoredMessageRef[mailboxes.Length];
        for (int i = 0; i < mailboxes.Length; i++)
        {
            var delivery = message.Deliveries[i];
            allocateUid.Parameters["$mailbox"].Value = mailboxes[i];
            long uid, modSeq, uidValidity;
            using (var reader = allocateUid.ExecuteReader())
            {
                reader.Read();
                uid = reader.GetInt64(0);
                modSeq = reader.GetInt64(1);
                uidValidity = reader.GetInt64(2);
            }
            IReadOnlyList<string> keywords = delivery.Keywords is { Count: > 0 } given ? RegisterKeywords(mailboxes[i], given) : [];
            var p = insertMessage.Parameters;
            p["$mailbox"].Value = mailboxes[i];
            p["$uid"].Value = uid;
            p["$modseq"].Value = modSeq;
            p["$flags"].Value = (long)delivery.Flags;
            p["$keywords"].Value = Keywords.Join(keywords);
            p["$date"].Value = message.InternalDate.ToUnixTimeMilliseconds();
            p["$offset"].Value = (long)message.InternalDate.Offset.TotalMinutes;
            p["$size"].Value = commit.Size;
            p["$blob"].Value = blobId;
            p["$from"].Value = (object?)commit.Headers.From ?? DBNull.Value;
            p["$subject"].Value = (object?)commit.Headers.Subject ?? DBNull.Value;
            p["$messageId"].Value = (object?)commit.Headers.MessageId ?? DBNull.Value;
            p["$emailId"].Value = emailId;
            long messageId = (long)insertMessage.ExecuteScalar()!;
            stored[i] = new StoredMessageRef(messageId, delivery.UserId, mailboxes[i], uid, modSeq) { UidValidity = uidValidity, EmailId = emailId };
            var entry = new MessageEntry(messageId, uid, modSeq, delivery.Flags, keywords, message.InternalDate, commit.Size, emailId, blobId);
            context.Changes.Add(new StoreChange(StoreChangeKind.MessageAdded, delivery.UserId, mailboxes[i], uid, modSeq) { Message = entry });
        }

        long? queueId = null;
        if (commit.EnvelopeJson is not null)
        {
            insertQueue.Parameters["$envelope"].Value = commit.EnvelopeJson;
            insertQueue.Parameters["$blob"].Value = blobId;
            insertQueue.Parameters["$size"].Value = commit.Size;
            insertQueue.Parameters["$now"].Value = context.Now.ToUnixTimeMilliseconds();
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
        foreach (var command in statements.Values)
            command.Dispose();
        connection.Dispose();
    }

    /// <summary>
    /// A statement of the current transaction with these parameters; each distinct SQL text is prepared once
    /// and kept for the writer's life.
    /// </summary>
    public SqliteCommand Sql(string sql, params ReadOnlySpan<(string Name, object? Value)> parameters)
    {
        if (!statements.TryGetValue(sql, out var command))
        {
            command = connection.CreateCommand();
            command.CommandText = sql;
            statements[sql] = command;
        }
        command.Transaction = transaction;
        command.Parameters.Clear();
        foreach (var (name, value) in parameters)
            command.Parameters.AddWithValue(name, value ?? DBNull.Value);
        return command;
    }

    /// <summary>Runs a statement; returns the rows changed.</summary>
    public int Execute(string sql, params ReadOnlySpan<(string Name, object? Value)> parameters) =>
        Sql(sql, parameters).ExecuteNonQuery();

    /// <summary>Runs a query; returns the first column of the first row, or null.</summary>
    public object? Scalar(string sql, params ReadOnlySpan<(string Name, object? Value)> parameters) =>
        Sql(sql, parameters).ExecuteScalar() is { } value and not DBNull ? value : null;

    /// <summary>Runs a query and maps every row (read whole before anything else runs).</summary>
    public List<T> Query<T>(string sql, Func<SqliteDataReader, T> map, params ReadOnlySpan<(string Name, object? Value)> parameters)
    {
        using var reader = Sql(sql, parameters).ExecuteReader();
        var rows = new List<T>();
        while (reader.Read())
            rows.Add(map(reader));
        return rows;
    }

    /// <summary>Deletes a blob row that nothing references any more; returns its file to delete after the commit, if any.</summary>
    private string? DeleteBlobIfUnused(long blobId)
    {
        deleteUnusedBlob.Parameters["$blob"].Value = blobId;
        using var reader = deleteUnusedBlob.ExecuteReader();
        return reader.Read() && !reader.IsDBNull(0) ? reader.GetString(0) : null;
    }

    private long InsertBlob(PendingCommit commit, string? summary)
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
        command.Parameters["$summary"].Value = (object?)summary ?? DBNull.Value;
        return (long)command.ExecuteScalar()!;
    }

    private void EndTransaction()
    {
        transaction?.Dispose();
        transaction = null;
        foreach (var command in all)
            command.Transaction = null;
        foreach (var command in statements.Values)
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
