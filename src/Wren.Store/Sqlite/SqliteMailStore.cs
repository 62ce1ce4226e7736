using Microsoft.Data.Sqlite;
using Wren.Store.Blobs;
using Wren.Store.Messages;

namespace Wren.Store.Sqlite;

/// <summary>
/// <see cref="IMailStore"/> on SQLite. Commits go through the <see cref="GroupCommitWriter"/>; reads use
/// their own pooled connections and, thanks to WAL, never wait for it.
/// </summary>
internal sealed class SqliteMailStore : IMailStore
{
    /// <summary>Messages up to this size stay in memory and are stored inside the database; larger ones become files.</summary>
    public const int SpillThreshold = 128 * 1024;

    private const int ReadBufferSize = 64 * 1024;

    private readonly SqliteDatabase database;
    private readonly BlobDirectory blobs;
    private readonly GroupCommitWriter writer;
    private readonly InProcessChangeFeed feed;

    public SqliteMailStore(SqliteDatabase database, BlobDirectory blobs, GroupCommitWriter writer, InProcessChangeFeed feed)
    {
        this.database = database;
        this.blobs = blobs;
        this.writer = writer;
        this.feed = feed;
    }

    /// <inheritdoc />
    public IChangeFeed Changes => feed;

    /// <inheritdoc />
    public MessageSpool CreateSpool() => new SpillingSpool(this, blobs, SpillThreshold);

    /// <inheritdoc />
    public async Task<CommitResult> CommitAsync(AcceptedMessage message, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(message);
        if (message.Spool is not SpillingSpool spool || spool.Owner != this)
            throw new ArgumentException("The spool was not created by this store's CreateSpool.", nameof(message));
        ArgumentNullException.ThrowIfNull(message.Deliveries);
        cancellationToken.ThrowIfCancellationRequested();
        bool queued = message.Outbound is { Recipients.Count: > 0 };
        if (message.Deliveries.Count == 0 && !queued)
            return new CommitResult([], null); // nowhere to go: nothing to store

        PendingCommit pending = Prepare(message, spool);
        try
        {
            writer.Submit(pending);
        }
        catch
        {
            spool.EndCommit(committed: false);
            throw;
        }
        // Cancellation counts only while the commit waits in the queue; once the writer took it, its outcome stands.
        await using var registration = cancellationToken.Register(static state =>
        {
            var (commit, token) = ((PendingCommit, CancellationToken))state!;
            commit.Cancel(token);
        }, (pending, cancellationToken)).ConfigureAwait(false);
        return await pending.Completion.Task.ConfigureAwait(false);
    }

    /// <summary>
    /// Makes a message ready for the writer, on the caller's thread, so that the single writer only writes
    /// rows: the file's data is fsynced (its name is the writer's concern) and the header fields are parsed.
    /// The spool is marked as committing; on failure it is released again.
    /// </summary>
    internal PendingCommit Prepare(AcceptedMessage message, MessageSpool messageSpool)
    {
        if (messageSpool is not SpillingSpool spool || spool.Owner != this)
            throw new ArgumentException("The spool was not created by this store's CreateSpool.", nameof(message));
        bool queued = message.Outbound is { Recipients.Count: > 0 };
        foreach (var delivery in message.Deliveries)
            Keywords.Validate(delivery.Keywords); // refused before anything is written
        spool.BeginCommit();
        try
        {
            spool.Data.FlushToDisk();
            return new PendingCommit(message, spool, spool.Data.InlineContent(), spool.Data.File,
                HeaderSummary.Read(spool.Data), queued ? EnvelopeJson.Serialize(message.Outbound!) : null);
        }
        catch
        {
            spool.EndCommit(committed: false);
            throw;
        }
    }

    /// <summary>Opens a blob by its row's columns: a file under blobs/, or inline bytes.</summary>
    internal Stream OpenBlob(string? path, byte[]? data)
    {
        if (path is not null)
        {
            // FileShare.Delete: deleting the user while a client still reads must not fail either side.
            return new FileStream(blobs.FullPath(path), new FileStreamOptions
            {
                Mode = FileMode.Open,
                Access = FileAccess.Read,
                Share = FileShare.Read | FileShare.Delete,
                Options = FileOptions.Asynchronous | FileOptions.SequentialScan,
                BufferSize = ReadBufferSize,
            });
        }
        // Inline blobs are at most SpillThreshold bytes.
        return new MemoryStream(data!, writable: false);
    }

    /// <inheritdoc />
    public async Task<IReadOnlyList<MailboxInfo>> ListMailboxesAsync(long userId, CancellationToken cancellationToken = default)
    {
        await using var connection = await database.OpenAsync(cancellationToken).ConfigureAwait(false);
        return await connection.QueryAsync(null,
            """
            SELECT b.id, b.name, b.special_use, b.uidvalidity, b.uidnext, b.highestmodseq,
                   (SELECT count(*) FROM messages m WHERE m.mailbox_id = b.id)
            FROM mailboxes b WHERE b.user_id = $user ORDER BY b.id
            """,
            r => new MailboxInfo(r.GetInt64(0), r.GetString(1), r.GetNullableString(2), r.GetInt64(3), r.GetInt64(4), r.GetInt64(5),
                r.GetInt32(6)),
            cancellationToken, ("$user", userId)).ConfigureAwait(false);
    }

    /// <inheritdoc />
    public async Task<IReadOnlyList<StoredMessageInfo>> ListMessagesAsync(long userId, string? mailbox = null,
        CancellationToken cancellationToken = default)
    {
        await using var connection = await database.OpenAsync(cancellationToken).ConfigureAwait(false);
        return await connection.QueryAsync(null,
            """
            SELECT m.id, b.name, m.uid, m.modseq, m.flags, m.internal_date, m.internal_date_offset, m.size,
                   m.from_header, m.subject, m.message_id
            FROM messages m JOIN mailboxes b ON b.id = m.mailbox_id
            WHERE b.user_id = $user AND ($mailbox IS NULL OR b.name = $mailbox)
            ORDER BY m.internal_date DESC, m.id DESC
            """,
            r => new StoredMessageInfo(r.GetInt64(0), r.GetString(1), r.GetInt64(2), r.GetInt64(3), (MessageFlags)r.GetInt32(4),
                r.GetUnixMilliseconds(5).ToOffset(TimeSpan.FromMinutes(r.GetInt32(6))), r.GetInt64(7),
                r.GetNullableString(8), r.GetNullableString(9), r.GetNullableString(10)),
            cancellationToken, ("$user", userId), ("$mailbox", mailbox is null ? null : MailboxName.Normalize(mailbox)))
            .ConfigureAwait(false);
    }

    /// <inheritdoc />
    public async Task<Stream?> OpenMessageAsync(long userId, long messageId, CancellationToken cancellationToken = default)
    {
        await using var connection = await database.OpenAsync(cancellationToken).ConfigureAwait(false);
        await using var command = connection.Command(null,
            """
            SELECT bl.path, bl.data FROM messages m
            JOIN mailboxes b ON b.id = m.mailbox_id
            JOIN blobs bl ON bl.id = m.blob_id
            WHERE m.id = $message AND b.user_id = $user
            """, ("$message", messageId), ("$user", userId));
        await using var reader = await command.ExecuteReaderAsync(cancellationToken).ConfigureAwait(false);
        if (!await reader.ReadAsync(cancellationToken).ConfigureAwait(false))
            return null;
        return reader.IsDBNull(0) ? OpenBlob(null, reader.GetFieldValue<byte[]>(1)) : OpenBlob(reader.GetString(0), null);
    }

    /// <inheritdoc />
    public async Task<MailboxListing?> ListMailboxAsync(long userId, string mailbox, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(mailbox);
        await using var connection = await database.OpenAsync(cancellationToken).ConfigureAwait(false);
        // One read transaction: the mailbox row and its messages are seen at the same instant.
        await using var transaction = connection.BeginTransaction(deferred: true);
        var boxes = await connection.QueryAsync(transaction,
            "SELECT id, uidvalidity FROM mailboxes WHERE user_id = $user AND name = $name",
            r => (Id: r.GetInt64(0), UidValidity: r.GetInt64(1)), cancellationToken,
            ("$user", userId), ("$name", MailboxName.Normalize(mailbox))).ConfigureAwait(false);
        if (boxes.Count == 0)
            return null;
        var messages = await connection.QueryAsync(transaction,
            "SELECT id, uid, size FROM messages WHERE mailbox_id = $mailbox ORDER BY uid",
            r => new MailboxMessage(r.GetInt64(0), r.GetInt64(1), r.GetInt64(2)), cancellationToken,
            ("$mailbox", boxes[0].Id)).ConfigureAwait(false);
        return new MailboxListing(boxes[0].Id, boxes[0].UidValidity, messages);
    }

    /// <inheritdoc />
    public async Task<IReadOnlyList<long>> ExpungeAsync(long userId, long mailboxId, IReadOnlyCollection<long> messageIds,
        CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(messageIds);
        cancellationToken.ThrowIfCancellationRequested();
        if (messageIds.Count == 0)
            return [];
        List<long> ids = messageIds.Distinct().Order().ToList();
        return await writer.RunAsync((w, context) => w.Expunge(userId, mailboxId, null, ids, context), cancellationToken).ConfigureAwait(false);
    }
}
