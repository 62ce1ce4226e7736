using Microsoft.Data.Sqlite;
using Wren.Mail.Envelopes;
using Wren.Store.Messages;
using Wren.Store.Queue;

namespace Wren.Store.Sqlite;

/// <summary>
/// <see cref="IQueueStore"/> on SQLite. Reads use pooled connections; updates and deletions go through the
/// single writer, in commit order with everything else.
/// </summary>
internal sealed class SqliteQueueStore : IQueueStore
{
    private const string EntryColumns =
        "q.id, q.envelope, q.size, q.queued_at, q.next_attempt_at, q.attempts, q.last_attempt_at, q.delay_notified";

    private readonly SqliteDatabase database;
    private readonly SqliteMailStore mail;
    private readonly GroupCommitWriter writer;

    public SqliteQueueStore(SqliteDatabase database, SqliteMailStore mail, GroupCommitWriter writer)
    {
        this.database = database;
        this.mail = mail;
        this.writer = writer;
    }

    /// <inheritdoc />
    public Task<IReadOnlyList<QueueEntry>> ListAsync(CancellationToken cancellationToken = default) =>
        QueryEntriesAsync($"SELECT {EntryColumns} FROM queue q ORDER BY q.id", cancellationToken);

    /// <inheritdoc />
    public Task<IReadOnlyList<QueueEntry>> ListDueAsync(DateTimeOffset now, int limit, CancellationToken cancellationToken = default) =>
        QueryEntriesAsync(
            $"""
            SELECT {EntryColumns} FROM queue q
            WHERE q.next_attempt_at <= $now
              AND EXISTS (SELECT 1 FROM queue_recipients r WHERE r.queue_id = q.id AND r.status = 'pending')
            ORDER BY q.next_attempt_at, q.id LIMIT $limit
            """, cancellationToken, ("$now", now.ToUnixTimeMilliseconds()), ("$limit", limit));

    /// <inheritdoc />
    public async Task<IReadOnlyList<long>> ListDueIdsAsync(DateTimeOffset now, int limit, CancellationToken cancellationToken = default)
    {
        await using var connection = await database.OpenAsync(cancellationToken).ConfigureAwait(false);
        return await connection.QueryAsync(null,
            """
            SELECT q.id FROM queue q
            WHERE q.next_attempt_at <= $now
              AND EXISTS (SELECT 1 FROM queue_recipients r WHERE r.queue_id = q.id AND r.status = 'pending')
            ORDER BY q.next_attempt_at, q.id LIMIT $limit
            """, r => r.GetInt64(0), cancellationToken, ("$now", now.ToUnixTimeMilliseconds()), ("$limit", limit)).ConfigureAwait(false);
    }

    /// <inheritdoc />
    public async Task<QueueEntry?> GetAsync(long id, CancellationToken cancellationToken = default) =>
        (await QueryEntriesAsync($"SELECT {EntryColumns} FROM queue q WHERE q.id = $id", cancellationToken, ("$id", id))
            .ConfigureAwait(false)).SingleOrDefault();

    /// <inheritdoc />
    public async Task<DateTimeOffset?> NextAttemptAsync(CancellationToken cancellationToken = default)
    {
        await using var connection = await database.OpenAsync(cancellationToken).ConfigureAwait(false);
        object? next = await connection.ScalarAsync(null,
            """
            SELECT min(q.next_attempt_at) FROM queue q
            WHERE EXISTS (SELECT 1 FROM queue_recipients r WHERE r.queue_id = q.id AND r.status = 'pending')
            """, cancellationToken).ConfigureAwait(false);
        return next is long ms ? DateTimeOffset.FromUnixTimeMilliseconds(ms) : null;
    }

    /// <inheritdoc />
    public async Task<DateTimeOffset?> NextAttemptAfterAsync(DateTimeOffset after, CancellationToken cancellationToken = default)
    {
        await using var connection = await database.OpenAsync(cancellationToken).ConfigureAwait(false);
        object? next = await connection.ScalarAsync(null,
            """
            SELECT min(q.next_attempt_at) FROM queue q
            WHERE q.next_attempt_at > $after
              AND EXISTS (SELECT 1 FROM queue_recipients r WHERE r.queue_id = q.id AND r.status = 'pending')
            """, cancellationToken, ("$after", after.ToUnixTimeMilliseconds())).ConfigureAwait(false);
        return next is long ms ? DateTimeOffset.FromUnixTimeMilliseconds(ms) : null;
    }

    /// <inheritdoc />
    public async Task<Stream?> OpenContentAsync(long id, CancellationToken cancellationToken = default)
    {
        await using var connection = await database.OpenAsync(cancellationToken).ConfigureAwait(false);
        await using var command = connection.Command(null,
            "SELECT b.path, b.data FROM queue q JOIN blobs b ON b.id = q.blob_id WHERE q.id = $id", ("$id", id));
        await using var reader = await command.ExecuteReaderAsync(cancellationToken).ConfigureAwait(false);
        if (!await reader.ReadAsync(cancellationToken).ConfigureAwait(false))
            return null;
        return reader.IsDBNull(0) ? mail.OpenBlob(null, reader.GetFieldValue<byte[]>(1)) : mail.OpenBlob(reader.GetString(0), null);
    }

    /// <inheritdoc />
    public async Task<QueueUpdateResult> UpdateAsync(QueueUpdate update, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(update);
        cancellationToken.ThrowIfCancellationRequested();
        PendingCommit? bounce = update.Bounce is { } message ? mail.Prepare(message, message.Spool) : null;
        var job = new PendingQueueUpdate(update, bounce, delete: false);
        try
        {
            writer.Submit(job);
        }
        catch
        {
            bounce?.Spool.EndCommit(committed: false);
            throw;
        }
        // Not cancellable once queued: outcomes already reported by the next hop must be recorded.
        return await job.Completion.Task.ConfigureAwait(false);
    }

    /// <inheritdoc />
    public async Task<int> RetryNowAsync(long? id, DateTimeOffset now, CancellationToken cancellationToken = default)
    {
        await using var connection = await database.OpenAsync(cancellationToken).ConfigureAwait(false);
        return await connection.ExecuteAsync(null,
            "UPDATE queue SET next_attempt_at = min(next_attempt_at, $now) WHERE $id IS NULL OR id = $id",
            cancellationToken, ("$now", now.ToUnixTimeMilliseconds()), ("$id", id)).ConfigureAwait(false);
    }

    /// <inheritdoc />
    public async Task<bool> DeleteAsync(long id, CancellationToken cancellationToken = default)
    {
        var job = new PendingQueueUpdate(new QueueUpdate(id), bounce: null, delete: true);
        writer.Submit(job);
        try
        {
            await job.Completion.Task.ConfigureAwait(false);
            return true;
        }
        catch (MailStoreException)
        {
            return false; // not queued (any more)
        }
    }

    private async Task<IReadOnlyList<QueueEntry>> QueryEntriesAsync(string sql, CancellationToken cancellationToken,
        params (string Name, object? Value)[] parameters)
    {
        await using var connection = await database.OpenAsync(cancellationToken).ConfigureAwait(false);
        // One read transaction: entries and their recipients are seen at the same instant.
        await using var transaction = connection.BeginTransaction(deferred: true);
        var rows = await connection.QueryAsync(transaction, sql, r => (
            Id: r.GetInt64(0), Envelope: EnvelopeJson.Deserialize(r.GetString(1)), Size: r.GetInt64(2),
            QueuedAt: r.GetUnixMilliseconds(3), Next: r.GetUnixMilliseconds(4), Attempts: r.GetInt32(5),
            Last: r.IsDBNull(6) ? (DateTimeOffset?)null : r.GetUnixMilliseconds(6), DelayNotified: r.GetInt64(7) != 0),
            cancellationToken, parameters).ConfigureAwait(false);
        if (rows.Count == 0)
            return [];
        // Every listed entry's recipients in one query, not one query per entry.
        var recipients = await connection.QueryAsync(transaction,
            """
            SELECT queue_id, position, status, last_error, remote_mta, updated_at FROM queue_recipients
            WHERE queue_id IN (SELECT value FROM json_each($ids)) ORDER BY queue_id, position
            """,
            r => (QueueId: r.GetInt64(0), Position: r.GetInt32(1), Status: ParseStatus(r.GetString(2)), Error: r.GetNullableString(3),
                Remote: r.GetNullableString(4), Updated: r.IsDBNull(5) ? (DateTimeOffset?)null : r.GetUnixMilliseconds(5)),
            cancellationToken, ("$ids", "[" + string.Join(',', rows.Select(row => row.Id)) + "]")).ConfigureAwait(false);
        var byEntry = recipients.ToLookup(r => r.QueueId);
        var entries = new List<QueueEntry>(rows.Count);
        foreach (var row in rows)
        {
            var list = byEntry[row.Id]
                .Where(r => r.Position < row.Envelope.Recipients.Count)
                .Select(r => new QueueRecipient(r.Position, row.Envelope.Recipients[r.Position], r.Status, r.Error, r.Remote, r.Updated))
                .ToList();
            entries.Add(new QueueEntry(row.Id, row.Envelope, row.Size, row.QueuedAt, row.Next, row.Attempts, row.Last,
                row.DelayNotified, list));
        }
        return entries;
    }

    private static QueueRecipientStatus ParseStatus(string text) => text switch
    {
        "pending" => QueueRecipientStatus.Pending,
        "delivered" => QueueRecipientStatus.Delivered,
        "failed" => QueueRecipientStatus.Failed,
        _ => throw new MailStoreException($"Unknown queue recipient status '{text}'."),
    };
}
