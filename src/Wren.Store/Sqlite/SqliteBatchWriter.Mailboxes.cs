using Microsoft.Data.Sqlite;
using Wren.Store.Messages;

namespace Wren.Store.Sqlite;

/// <summary>Mailbox operations (CREATE, DELETE, RENAME, SUBSCRIBE), quota and keyword bookkeeping, inside the writer's transaction.</summary>
internal sealed partial class SqliteBatchWriter
{
    public const string MailboxColumnList =
        "id, name, object_id, special_use, uidvalidity, uidnext, highestmodseq, message_count, unseen_count, deleted_count, total_size";

    /// <summary>Reads a mailbox row selected with <see cref="MailboxColumnList"/>.</summary>
    public static MailboxStatus ReadStatus(SqliteDataReader r) =>
        new(r.GetInt64(0), r.GetString(1), r.GetString(2), r.IsDBNull(3) ? null : r.GetString(3), r.GetInt64(4), r.GetInt64(5),
            r.GetInt64(6), r.GetInt64(7), r.GetInt64(8), r.GetInt64(9), r.GetInt64(10));

    /// <summary>The user's mailbox by stored name, or null.</summary>
    public MailboxStatus? FindMailbox(long userId, string name) =>
        Query($"SELECT {MailboxColumnList} FROM mailboxes WHERE user_id = $user AND name = $name", ReadStatus,
            ("$user", userId), ("$name", name)).FirstOrDefault();

    /// <summary>The user's mailbox by id; throws NonExistent when it is gone or someone else's.</summary>
    public MailboxStatus RequireMailbox(long userId, long mailboxId) =>
        Query($"SELECT {MailboxColumnList} FROM mailboxes WHERE id = $id AND user_id = $user", ReadStatus,
            ("$id", mailboxId), ("$user", userId)).FirstOrDefault()
        ?? throw new MailStoreException(MailStoreError.NonExistent, $"User {userId} has no mailbox {mailboxId}.");

    /// <summary>RFC 9051 §6.3.4 CREATE, with the superior names it needs.</summary>
    public MailboxStatus CreateMailbox(long userId, string name, string? specialUse, WriteContext context)
    {
        name = MailboxName.Validate(name);
        string? use = specialUse is null ? null : MailboxName.CanonicalSpecialUse(specialUse);
        if (FindMailbox(userId, name) is not null)
            throw new MailStoreException(MailStoreError.AlreadyExists, $"Mailbox '{name}' already exists.");
        // RFC 9051 §6.3.4: "the server SHOULD create any superior hierarchical names that are needed".
        foreach (string superior in MailboxName.Superiors(name))
        {
            if (FindMailbox(userId, superior) is null)
                InsertMailbox(userId, superior, null, context);
        }
        return InsertMailbox(userId, name, use, context);
    }

    /// <summary>RFC 9051 §6.3.5 DELETE: the mailbox and its messages go; inferiors and subscriptions stay.</summary>
    public bool DeleteMailbox(long userId, string name, WriteContext context)
    {
        name = MailboxName.Normalize(name);
        if (name == MailboxName.Inbox)
            throw new MailStoreException(MailStoreError.Cannot, "INBOX cannot be deleted.");
        var mailbox = FindMailbox(userId, name)
            ?? throw new MailStoreException(MailStoreError.NonExistent, $"Mailbox '{name}' does not exist.");
        var blobs = Query("SELECT DISTINCT blob_id FROM messages WHERE mailbox_id = $mailbox", r => r.GetInt64(0), ("$mailbox", mailbox.MailboxId));
        Execute("DELETE FROM messages WHERE mailbox_id = $mailbox", ("$mailbox", mailbox.MailboxId));
        // Its keywords and tombstones go by ON DELETE CASCADE.
        Execute("DELETE FROM mailboxes WHERE id = $mailbox", ("$mailbox", mailbox.MailboxId));
        foreach (long blob in blobs)
        {
            if (DeleteBlobIfUnused(blob) is { } file)
                context.UnusedFiles.Add(file);
        }
        context.Changes.Add(new StoreChange(StoreChangeKind.MailboxDeleted, userId, mailbox.MailboxId, null, mailbox.HighestModSeq)
        {
            MailboxName = name,
        });
        return true;
    }

    /// <summary>RFC 9051 §6.3.6 RENAME (INBOX's special case included).</summary>
    public bool RenameMailbox(long userId, string oldName, string newName, WriteContext context)
    {
        oldName = MailboxName.Normalize(oldName);
        newName = MailboxName.Validate(newName);
        var source = FindMailbox(userId, oldName)
            ?? throw new MailStoreException(MailStoreError.NonExistent, $"Mailbox '{oldName}' does not exist.");
        if (newName == MailboxName.Inbox || FindMailbox(userId, newName) is not null)
            throw new MailStoreException(MailStoreError.AlreadyExists, $"Mailbox '{newName}' already exists.");

        if (oldName == MailboxName.Inbox)
        {
            // RFC 9051 §6.3.6: renaming INBOX moves its messages to a new mailbox and leaves INBOX empty;
            // INBOX's inferiors are not renamed.
            CreateSuperiors(userId, newName, context);
            var target = InsertMailbox(userId, newName, null, context);
            var uids = Query("SELECT uid FROM messages WHERE mailbox_id = $mailbox ORDER BY uid", r => r.GetInt64(0), ("$mailbox", source.MailboxId));
            if (uids.Count > 0)
                CopyMessages(userId, source, UidSet.Of(uids), target, move: true, context);
            return true;
        }

        if (MailboxName.IsInferior(newName, oldName))
            throw new MailStoreException(MailStoreError.Cannot, $"Mailbox '{oldName}' cannot be renamed under itself.");
        // The mailbox and its inferiors, each keeping its id, MAILBOXID, UIDVALIDITY and UIDs.
        var renamed = Query("SELECT id, name FROM mailboxes WHERE user_id = $user AND (name = $old OR substr(name, 1, length($old) + 1) = $old || '/')",
            r => (Id: r.GetInt64(0), Name: r.GetString(1)), ("$user", userId), ("$old", oldName));
        var moves = renamed.Select(m => (m.Id, Old: m.Name, New: newName + m.Name[oldName.Length..])).ToList();
        foreach (var move in moves)
        {
            if (move.Old != oldName && FindMailbox(userId, move.New) is not null)
                throw new MailStoreException(MailStoreError.AlreadyExists, $"Mailbox '{move.New}' already exists.");
        }
        CreateSuperiors(userId, newName, context);
        foreach (var move in moves)
        {
            long modSeq = (long)Scalar("UPDATE mailboxes SET name = $name WHERE id = $id RETURNING highestmodseq", ("$name", move.New), ("$id", move.Id))!;
            // Subscriptions follow the mailbox (RFC 9051 leaves it open; Dovecot does the same).
            if (Execute("DELETE FROM subscriptions WHERE user_id = $user AND name = $name", ("$user", userId), ("$name", move.Old)) > 0)
                Execute("INSERT INTO subscriptions (user_id, name) VALUES ($user, $name) ON CONFLICT DO NOTHING", ("$user", userId), ("$name", move.New));
            context.Changes.Add(new StoreChange(StoreChangeKind.MailboxRenamed, userId, move.Id, null, modSeq)
            {
                MailboxName = move.New,
                OldMailboxName = move.Old,
            });
        }
        return true;
    }

    /// <summary>RFC 9051 §6.3.7 SUBSCRIBE; false when it was already.</summary>
    public bool Subscribe(long userId, string name, bool subscribe)
    {
        name = MailboxName.Normalize(name);
        if (name.Length == 0)
            throw new MailStoreException(MailStoreError.InvalidName, "The mailbox name is empty.");
        return subscribe
            ? Execute("INSERT INTO subscriptions (user_id, name) VALUES ($user, $name) ON CONFLICT DO NOTHING", ("$user", userId), ("$name", name)) > 0
            : Execute("DELETE FROM subscriptions WHERE user_id = $user AND name = $name", ("$user", userId), ("$name", name)) > 0;
    }

    /// <summary>Sets or clears a user's own quota limits; false for no such user.</summary>
    public bool SetQuota(long userId, QuotaLimits? limits) =>
        Execute("UPDATE users SET quota_own = $own, quota_storage = $storage, quota_messages = $messages WHERE id = $user",
            ("$own", limits is null ? 0L : 1L), ("$storage", limits?.StorageBytes), ("$messages", limits?.Messages), ("$user", userId)) > 0;

    /// <summary>
    /// RFC 9208 §4.2 / §5: refuses (<see cref="QuotaExceededException"/>) what would take the user over a limit
    /// (<see cref="QuotaEnforcement.Strict"/>), or anything while the user is at or over one
    /// (<see cref="QuotaEnforcement.BelowLimit"/>). Usage is read inside the transaction, so the batch's earlier
    /// writes count.
    /// </summary>
    public void CheckQuota(long userId, long bytes, long messages, QuotaEnforcement mode, StoreSettings settings)
    {
        if (mode == QuotaEnforcement.None)
            return;
        var row = Query("SELECT storage_used, messages_used, quota_own, quota_storage, quota_messages FROM users WHERE id = $user",
            r => (Storage: r.GetInt64(0), Messages: r.GetInt64(1), Own: r.GetInt64(2) != 0,
                Limits: new QuotaLimits(r.IsDBNull(3) ? null : r.GetInt64(3), r.IsDBNull(4) ? null : r.GetInt64(4))),
            ("$user", userId)).FirstOrDefault();
        if (row.Limits is null)
            return; // no such user: the mailbox lookup reports it
        QuotaLimits limits = row.Own ? row.Limits : settings.DefaultQuota;
        Check(QuotaExceededException.Storage, row.Storage, bytes, limits.StorageBytes);
        Check(QuotaExceededException.MessageCount, row.Messages, messages, limits.Messages);

        void Check(string resource, long used, long added, long? limit)
        {
            if (limit is not { } max || added == 0)
                return;
            bool over = mode == QuotaEnforcement.Strict ? used + added > max : used >= max;
            if (over)
                throw new QuotaExceededException(userId, resource, used, max, added);
        }
    }

    /// <summary>
    /// Records keywords as used in the mailbox and returns them in the mailbox's spelling (the first one used
    /// there): keywords compare case-insensitively.
    /// </summary>
    public IReadOnlyList<string> RegisterKeywords(long mailboxId, IEnumerable<string> keywords)
    {
        var result = new List<string>();
        foreach (string keyword in keywords)
        {
            string spelled = (string)Scalar(
                """
                INSERT INTO mailbox_keywords (mailbox_id, keyword) VALUES ($mailbox, $keyword) ON CONFLICT DO NOTHING;
                SELECT keyword FROM mailbox_keywords WHERE mailbox_id = $mailbox AND keyword = $keyword;
                """, ("$mailbox", mailboxId), ("$keyword", keyword))!;
            if (!result.Contains(spelled, Keywords.Comparer))
                result.Add(spelled);
        }
        return result;
    }

    private void CreateSuperiors(long userId, string name, WriteContext context)
    {
        foreach (string superior in MailboxName.Superiors(name))
        {
            if (FindMailbox(userId, superior) is null)
                InsertMailbox(userId, superior, null, context);
        }
    }

    private MailboxStatus InsertMailbox(long userId, string name, string? specialUse, WriteContext context)
    {
        long uidValidity = SqliteMailboxes.CheckUidValidity((long)Scalar(SqliteMailboxes.NextUidValiditySql, ("$now", context.Now.ToUnixTimeSeconds()))!);
        var status = Query(
            $"""
            INSERT INTO mailboxes (user_id, name, special_use, uidvalidity, uidnext, highestmodseq, object_id)
            VALUES ($user, $name, $specialUse, $uidvalidity, 1, 1, $objectId)
            RETURNING {MailboxColumnList}
            """, ReadStatus, ("$user", userId), ("$name", name), ("$specialUse", specialUse), ("$uidvalidity", uidValidity),
            ("$objectId", SqliteMailboxes.NewObjectId()))[0];
        context.Changes.Add(new StoreChange(StoreChangeKind.MailboxCreated, userId, status.MailboxId, null, status.HighestModSeq)
        {
            MailboxName = name,
        });
        return status;
    }
}
