using Microsoft.Data.Sqlite;
using Wren.Store.Messages;

namespace Wren.Store.Sqlite;

/// <summary>
/// <see cref="IMailboxStore"/> on SQLite: every change is a <see cref="PendingOperation"/> of the one
/// <see cref="GroupCommitWriter"/> (so it shares group commits and is published in commit order); reads use
/// their own pooled connections and, thanks to WAL, never wait for it.
/// </summary>
internal sealed class SqliteMailboxStore : IMailboxStore
{
    private readonly SqliteDatabase database;
    private readonly SqliteMailStore mail;
    private readonly GroupCommitWriter writer;
    private readonly InProcessChangeFeed feed;
    private readonly StoreSettings settings;

    public SqliteMailboxStore(SqliteDatabase database, SqliteMailStore mail, GroupCommitWriter writer, InProcessChangeFeed feed, StoreSettings settings)
    {
        this.database = database;
        this.mail = mail;
        this.writer = writer;
        this.feed = feed;
        this.settings = settings;
    }

    /// <inheritdoc />
    public IChangeFeed Changes => feed;

    /// <inheritdoc />
    public QuotaLimits DefaultQuota
    {
        get => settings.DefaultQuota;
        set => settings.DefaultQuota = value;
    }

    /// <inheritdoc />
    public TimeSpan ExpungedRetention
    {
        get => settings.ExpungedRetention;
        set => settings.ExpungedRetention = value;
    }

    // ---- Mailboxes ----

    /// <inheritdoc />
    public Task<MailboxStatus> CreateMailboxAsync(long userId, string name, string? specialUse = null, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(name);
        return writer.RunAsync((w, c) => w.CreateMailbox(userId, name, specialUse, c), cancellationToken);
    }

    /// <inheritdoc />
    public Task DeleteMailboxAsync(long userId, string name, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(name);
        return writer.RunAsync((w, c) => w.DeleteMailbox(userId, name, c), cancellationToken);
    }

    /// <inheritdoc />
    public Task RenameMailboxAsync(long userId, string oldName, string newName, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(oldName);
        ArgumentNullException.ThrowIfNull(newName);
        return writer.RunAsync((w, c) => w.RenameMailbox(userId, oldName, newName, c), cancellationToken);
    }

    /// <inheritdoc />
    public Task<bool> SubscribeAsync(long userId, string name, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(name);
        return writer.RunAsync((w, _) => w.Subscribe(userId, name, subscribe: true), cancellationToken);
    }

    /// <inheritdoc />
    public Task<bool> UnsubscribeAsync(long userId, string name, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(name);
        return writer.RunAsync((w, _) => w.Subscribe(userId, name, subscribe: false), cancellationToken);
    }

    /// <inheritdoc />
    public async Task<IReadOnlyList<MailboxListEntry>> ListMailboxesAsync(long userId, CancellationToken cancellationToken = default)
    {
        await using var connection = await database.OpenAsync(cancellationToken).ConfigureAwait(false);
        await using var transaction = connection.BeginTransaction(deferred: true);
        var mailboxes = await connection.QueryAsync(transaction,
            "SELECT id, name, object_id, special_use FROM mailboxes WHERE user_id = $user",
            r => (Id: r.GetInt64(0), Name: r.GetString(1), ObjectId: r.GetString(2), SpecialUse: r.GetNullableString(3)),
            cancellationToken, ("$user", userId)).ConfigureAwait(false);
        var subscribed = (await connection.QueryAsync(transaction, "SELECT name FROM subscriptions WHERE user_id = $user",
            r => r.GetString(0), cancellationToken, ("$user", userId)).ConfigureAwait(false)).ToHashSet(StringComparer.Ordinal);

        var byName = mailboxes.ToDictionary(m => m.Name, StringComparer.Ordinal);
        var withChildren = new HashSet<string>(StringComparer.Ordinal);
        foreach (var mailbox in mailboxes)
            withChildren.UnionWith(MailboxName.Superiors(mailbox.Name));
        // Names to show: mailboxes, superiors their names imply (RFC 9051 §6.3.5: a deleted parent), subscriptions.
        var names = new SortedSet<string>(byName.Keys, StringComparer.Ordinal);
        names.UnionWith(withChildren);
        names.UnionWith(subscribed);
        return names.Select(name => byName.TryGetValue(name, out var m)
                ? new MailboxListEntry(name, m.Id, m.ObjectId, m.SpecialUse, true, withChildren.Contains(name), subscribed.Contains(name))
                : new MailboxListEntry(name, null, null, null, false, withChildren.Contains(name), subscribed.Contains(name)))
            .ToList();
    }

    /// <inheritdoc />
    public async Task<MailboxStatus?> GetStatusAsync(long userId, string name, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(name);
        await using var connection = await database.OpenAsync(cancellationToken).ConfigureAwait(false);
        return await ReadStatusAsync(connection, null, "user_id = $user AND name = $name", cancellationToken,
            ("$user", userId), ("$name", MailboxName.Normalize(name))).ConfigureAwait(false);
    }

    /// <inheritdoc />
    public async Task<MailboxStatus?> GetStatusAsync(long userId, long mailboxId, CancellationToken cancellationToken = default)
    {
        await using var connection = await database.OpenAsync(cancellationToken).ConfigureAwait(false);
        return await ReadStatusAsync(connection, null, "user_id = $user AND id = $id", cancellationToken,
            ("$user", userId), ("$id", mailboxId)).ConfigureAwait(false);
    }

    /// <inheritdoc />
    public async Task<IReadOnlyList<string>> GetKeywordsAsync(long userId, long mailboxId, CancellationToken cancellationToken = default)
    {
        await using var connection = await database.OpenAsync(cancellationToken).ConfigureAwait(false);
        return await connection.QueryAsync(null,
            """
            SELECT k.keyword FROM mailbox_keywords k JOIN mailboxes b ON b.id = k.mailbox_id
            WHERE k.mailbox_id = $mailbox AND b.user_id = $user ORDER BY k.keyword
            """, r => r.GetString(0), cancellationToken, ("$mailbox", mailboxId), ("$user", userId)).ConfigureAwait(false);
    }

    // ---- Messages ----

    /// <inheritdoc />
    public async Task<MailboxSnapshot?> GetMessagesAsync(long userId, long mailboxId, MessageQuery? query = null,
        CancellationToken cancellationToken = default)
    {
        query ??= new MessageQuery();
        await using var connection = await database.OpenAsync(cancellationToken).ConfigureAwait(false);
        // One read transaction: the mailbox's numbers and its messages are seen at the same instant.
        await using var transaction = connection.BeginTransaction(deferred: true);
        var status = await ReadStatusAsync(connection, transaction, "user_id = $user AND id = $id", cancellationToken,
            ("$user", userId), ("$id", mailboxId)).ConfigureAwait(false);
        if (status is null)
            return null;
        string columns = SqliteBatchWriter.EntryColumns + (query.IncludeSummaries ? ", bl.summary" : "") + (query.IncludeSubjects ? ", m.subject" : "");
        string join = query.IncludeSummaries ? "JOIN blobs bl ON bl.id = m.blob_id" : "";
        string sql = $"""
            SELECT {columns} FROM messages m {join}
            WHERE m.mailbox_id = $mailbox AND m.uid BETWEEN $first AND $last AND m.modseq > $since ORDER BY m.uid
            """;
        var messages = new List<MessageEntry>();
        foreach (var range in query.Uids ?? UidSet.All)
        {
            messages.AddRange(await connection.QueryAsync(transaction, sql,
                r => ReadListed(r, query),
                cancellationToken, ("$mailbox", mailboxId), ("$first", range.First), ("$last", range.Last),
                ("$since", query.ChangedSince ?? 0)).ConfigureAwait(false));
        }
        return new MailboxSnapshot(status, messages);
    }

    /// <inheritdoc />
    public Task<Stream?> OpenMessageAsync(long userId, long messageId, CancellationToken cancellationToken = default) =>
        mail.OpenMessageAsync(userId, messageId, cancellationToken);

    /// <inheritdoc />
    public async Task<string?> GetSummaryAsync(long userId, long messageId, CancellationToken cancellationToken = default)
    {
        await using var connection = await database.OpenAsync(cancellationToken).ConfigureAwait(false);
        return (string?)await connection.ScalarAsync(null,
            """
            SELECT bl.summary FROM messages m JOIN mailboxes b ON b.id = m.mailbox_id JOIN blobs bl ON bl.id = m.blob_id
            WHERE m.id = $message AND b.user_id = $user
            """, cancellationToken, ("$message", messageId), ("$user", userId)).ConfigureAwait(false);
    }

    /// <inheritdoc />
    public Task<bool> SetSummaryAsync(long userId, long messageId, string summary, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(summary);
        return writer.RunAsync((w, _) => w.SetSummary(userId, messageId, summary), cancellationToken);
    }

    /// <inheritdoc />
    public Task<StoreFlagsResult> StoreFlagsAsync(long userId, long mailboxId, UidSet uids, FlagChange change, long? unchangedSince = null,
        CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(uids);
        ArgumentNullException.ThrowIfNull(change);
        Keywords.Validate(change.Keywords); // a bad keyword is refused before it reaches the writer
        return writer.RunAsync((w, c) => w.StoreFlags(userId, mailboxId, uids, change, unchangedSince, c), cancellationToken);
    }

    /// <inheritdoc />
    public async Task<AppendResult> AppendAsync(long userId, string mailbox, AppendRequest request, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(mailbox);
        ArgumentNullException.ThrowIfNull(request);
        var delivery = new MailboxDelivery(userId, mailbox, request.Flags & AllFlags)
        {
            Keywords = request.Keywords,
            Quota = QuotaEnforcement.Strict, // RFC 9208 §4.2: APPEND may not take the user over a limit
        };
        var accepted = new AcceptedMessage(request.Spool, [delivery], null, request.InternalDate) { Summary = request.Summary };
        CommitResult result = await mail.CommitAsync(accepted, cancellationToken).ConfigureAwait(false);
        StoredMessageRef stored = result.Messages[0];
        return new AppendResult(stored.MailboxId, stored.UidValidity, stored.Uid, stored.ModSeq, stored.MessageId, stored.EmailId);
    }

    /// <inheritdoc />
    public Task<CopyResult> CopyAsync(long userId, long sourceMailboxId, UidSet uids, string targetMailbox, CancellationToken cancellationToken = default) =>
        CopyOrMoveAsync(userId, sourceMailboxId, uids, targetMailbox, move: false, cancellationToken);

    /// <inheritdoc />
    public Task<CopyResult> MoveAsync(long userId, long sourceMailboxId, UidSet uids, string targetMailbox, CancellationToken cancellationToken = default) =>
        CopyOrMoveAsync(userId, sourceMailboxId, uids, targetMailbox, move: true, cancellationToken);

    /// <inheritdoc />
    public Task<IReadOnlyList<long>> ExpungeAsync(long userId, long mailboxId, UidSet? uids = null, CancellationToken cancellationToken = default) =>
        writer.RunAsync((w, c) => w.Expunge(userId, mailboxId, uids, null, c), cancellationToken);

    /// <inheritdoc />
    public async Task<VanishedResult?> GetVanishedAsync(long userId, long mailboxId, long sinceModSeq, CancellationToken cancellationToken = default)
    {
        await using var connection = await database.OpenAsync(cancellationToken).ConfigureAwait(false);
        await using var transaction = connection.BeginTransaction(deferred: true);
        var mailbox = await connection.QueryAsync(transaction,
            "SELECT vanished_floor, uidnext FROM mailboxes WHERE id = $id AND user_id = $user",
            r => (Floor: r.GetInt64(0), UidNext: r.GetInt64(1)), cancellationToken, ("$id", mailboxId), ("$user", userId)).ConfigureAwait(false);
        if (mailbox.Count == 0)
            return null;
        var (floor, uidNext) = mailbox[0];
        if (sinceModSeq >= floor)
        {
            var uids = await connection.QueryAsync(transaction,
                "SELECT uid FROM expunged WHERE mailbox_id = $mailbox AND modseq > $since ORDER BY uid",
                r => r.GetInt64(0), cancellationToken, ("$mailbox", mailboxId), ("$since", sinceModSeq)).ConfigureAwait(false);
            return new VanishedResult(UidSet.Of(uids), Exact: true);
        }
        // Expunges that old are forgotten: every UID ever given out that no message has now (RFC 7162 §3.2.5.1
        // lets the server send UIDs the client may not know; it ignores them).
        var gaps = new List<UidRange>();
        long expected = 1;
        await using (var command = connection.Command(transaction, "SELECT uid FROM messages WHERE mailbox_id = $mailbox ORDER BY uid",
            ("$mailbox", mailboxId)))
        await using (var reader = await command.ExecuteReaderAsync(cancellationToken).ConfigureAwait(false))
        {
            while (await reader.ReadAsync(cancellationToken).ConfigureAwait(false))
            {
                long uid = reader.GetInt64(0);
                if (uid > expected)
                    gaps.Add(new UidRange(expected, uid - 1));
                expected = uid + 1;
            }
        }
        if (uidNext > expected)
            gaps.Add(new UidRange(expected, uidNext - 1));
        return new VanishedResult(UidSet.Of(gaps), Exact: false);
    }

    // ---- Quota ----

    /// <inheritdoc />
    public async Task<QuotaUsage?> GetQuotaAsync(long userId, CancellationToken cancellationToken = default)
    {
        await using var connection = await database.OpenAsync(cancellationToken).ConfigureAwait(false);
        var rows = await connection.QueryAsync(null,
            "SELECT storage_used, messages_used, quota_own, quota_storage, quota_messages FROM users WHERE id = $user",
            r => r.GetInt64(2) != 0
                ? new QuotaUsage(r.GetInt64(0), r.GetInt64(1), new QuotaLimits(r.IsDBNull(3) ? null : r.GetInt64(3), r.IsDBNull(4) ? null : r.GetInt64(4)), true)
                : new QuotaUsage(r.GetInt64(0), r.GetInt64(1), settings.DefaultQuota, false),
            cancellationToken, ("$user", userId)).ConfigureAwait(false);
        return rows.Count == 0 ? null : rows[0];
    }

    /// <inheritdoc />
    public Task<bool> SetQuotaAsync(long userId, QuotaLimits? limits, CancellationToken cancellationToken = default)
    {
        if (limits is { StorageBytes: < 0 } or { Messages: < 0 })
            throw new ArgumentOutOfRangeException(nameof(limits), "Quota limits cannot be negative.");
        return writer.RunAsync((w, _) => w.SetQuota(userId, limits), cancellationToken);
    }

    private const MessageFlags AllFlags = MessageFlags.Seen | MessageFlags.Answered | MessageFlags.Flagged | MessageFlags.Deleted | MessageFlags.Draft;

    private Task<CopyResult> CopyOrMoveAsync(long userId, long sourceMailboxId, UidSet uids, string targetMailbox, bool move,
        CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(uids);
        ArgumentNullException.ThrowIfNull(targetMailbox);
        return writer.RunAsync((w, c) =>
        {
            var source = w.RequireMailbox(userId, sourceMailboxId);
            string name = MailboxName.Normalize(targetMailbox);
            var target = w.FindMailbox(userId, name)
                ?? throw new MailStoreException(MailStoreError.NonExistent, $"Mailbox '{name}' does not exist.");
            return w.CopyMessages(userId, source, uids, target, move, c);
        }, cancellationToken);
    }

    private static async Task<MailboxStatus?> ReadStatusAsync(SqliteConnection connection, SqliteTransaction? transaction, string where,
        CancellationToken cancellationToken, params (string Name, object? Value)[] parameters)
    {
        var rows = await connection.QueryAsync(transaction,
            $"SELECT {SqliteBatchWriter.MailboxColumnList} FROM mailboxes WHERE {where}", SqliteBatchWriter.ReadStatus, cancellationToken, parameters)
            .ConfigureAwait(false);
        return rows.Count == 0 ? null : rows[0];
    }

    // A listing row: the entry, then the summary and the subject when the query asked for them, in that order.
    private static MessageEntry ReadListed(Microsoft.Data.Sqlite.SqliteDataReader r, MessageQuery query)
    {
        MessageEntry entry = SqliteBatchWriter.ReadEntry(r);
        int next = 10;
        if (query.IncludeSummaries)
            entry = entry with { Summary = r.GetNullableString(next++) };
        if (query.IncludeSubjects)
            entry = entry with { Subject = r.GetNullableString(next) };
        return entry;
    }
}
