using Microsoft.Data.Sqlite;
using Wren.Store.Messages;

namespace Wren.Store.Sqlite;

/// <summary>Message operations (STORE, COPY, MOVE, EXPUNGE) inside the writer's transaction.</summary>
internal sealed partial class SqliteBatchWriter
{
    /// <summary>Most tombstones looked at for pruning per expunge: bounds the work, old ones go over time.</summary>
    private const int PruneBatch = 1000;

    /// <summary>The message columns of a listing, in <see cref="ReadEntry"/>'s order.</summary>
    public const string EntryColumns =
        "m.id, m.uid, m.modseq, m.flags, m.keywords, m.internal_date, m.internal_date_offset, m.size, m.email_id, m.blob_id";

    /// <summary>Reads a row selected with <see cref="EntryColumns"/>.</summary>
    public static MessageEntry ReadEntry(SqliteDataReader r) =>
        new(r.GetInt64(0), r.GetInt64(1), r.GetInt64(2), (MessageFlags)r.GetInt64(3), Keywords.Parse(r.GetString(4)),
            DateTimeOffset.FromUnixTimeMilliseconds(r.GetInt64(5)).ToOffset(TimeSpan.FromMinutes(r.GetInt64(6))), r.GetInt64(7),
            r.IsDBNull(8) ? "" : r.GetString(8), r.GetInt64(9));

    /// <summary>
    /// RFC 9051 §6.4.6 STORE with RFC 7162 §3.1.3 UNCHANGEDSINCE. One new MODSEQ for every message that changes.
    /// </summary>
    public StoreFlagsResult StoreFlags(long userId, long mailboxId, UidSet uids, FlagChange change, long? unchangedSince, WriteContext context)
    {
        var mailbox = RequireMailbox(userId, mailboxId);
        var given = Keywords.Validate(change.Keywords);
        var system = change.Flags & AllFlags;
        var rows = Select(mailboxId, uids, "");
        var changed = new List<(MessageEntry Row, MessageFlags Flags, IReadOnlyList<string> Keywords)>();
        var unchanged = new List<MessageFlagState>();
        var modified = new List<long>();
        IReadOnlyList<string>? spelled = null;
        foreach (var row in rows)
        {
            // RFC 7162 §3.1.3: a message changed since UNCHANGEDSINCE is not touched, and is reported.
            if (unchangedSince is { } since && row.ModSeq > since)
            {
                modified.Add(row.Uid);
                continue;
            }
            if (change.Operation != FlagOperation.Remove && given.Count > 0)
                spelled ??= RegisterKeywords(mailboxId, given);
            var (flags, keywords) = Apply(row, change.Operation, system, spelled ?? given);
            if (flags == row.Flags && keywords.Count == row.Keywords.Count && keywords.All(k => row.Keywords.Contains(k, StringComparer.Ordinal)))
                unchanged.Add(new MessageFlagState(row.Uid, row.Flags, row.Keywords, row.ModSeq)); // no change, no new MODSEQ
            else
                changed.Add((row, flags, keywords));
        }
        long highest = mailbox.HighestModSeq;
        var results = new List<MessageFlagState>(changed.Count);
        if (changed.Count > 0)
        {
            // RFC 7162 §3.1.1: the flags and their new MODSEQ change together, in this transaction.
            highest = (long)Scalar("UPDATE mailboxes SET highestmodseq = highestmodseq + 1 WHERE id = $mailbox RETURNING highestmodseq",
                ("$mailbox", mailboxId))!;
            foreach (var (row, flags, keywords) in changed)
            {
                Execute("UPDATE messages SET flags = $flags, keywords = $keywords, modseq = $modseq WHERE id = $id",
                    ("$flags", (long)flags), ("$keywords", Keywords.Join(keywords)), ("$modseq", highest), ("$id", row.MessageId));
                results.Add(new MessageFlagState(row.Uid, flags, keywords, highest));
                context.Changes.Add(new StoreChange(StoreChangeKind.FlagsChanged, userId, mailboxId, row.Uid, highest)
                {
                    Flags = flags,
                    Keywords = keywords,
                });
            }
        }
        return new StoreFlagsResult(results, unchanged, modified, highest);
    }

    /// <summary>
    /// RFC 9051 §6.4.7 COPY / RFC 6851 MOVE: new rows in the target sharing the content, in source UID order;
    /// for a move, the originals are expunged in the same transaction. A copy is held to the quota strictly.
    /// </summary>
    public CopyResult CopyMessages(long userId, MailboxStatus source, UidSet uids, MailboxStatus target, bool move, WriteContext context)
    {
        var rows = Query(
            $"""
            SELECT {EntryColumns}, m.from_header, m.subject, m.message_id FROM messages m
            WHERE m.mailbox_id = $mailbox AND m.uid BETWEEN $first AND $last ORDER BY m.uid
            """, r => (Entry: ReadEntry(r), From: r.GetValue(10), Subject: r.GetValue(11), MessageId: r.GetValue(12)),
            uids, source.MailboxId);
        if (rows.Count == 0)
            return new CopyResult(target.MailboxId, target.UidValidity, [], []);
        if (!move)
            CheckQuota(userId, rows.Sum(r => r.Entry.Size), rows.Count, QuotaEnforcement.Strict, context.Settings);

        var sourceUids = new List<long>(rows.Count);
        var targetUids = new List<long>(rows.Count);
        foreach (var (entry, from, subject, messageId) in rows)
        {
            allocateUid.Parameters["$mailbox"].Value = target.MailboxId;
            long uid, modSeq;
            using (var reader = allocateUid.ExecuteReader())
            {
                reader.Read();
                uid = reader.GetInt64(0);
                modSeq = reader.GetInt64(1);
            }
            IReadOnlyList<string> keywords = entry.Keywords.Count > 0 ? RegisterKeywords(target.MailboxId, entry.Keywords) : [];
            var p = insertMessage.Parameters;
            p["$mailbox"].Value = target.MailboxId;
            p["$uid"].Value = uid;
            p["$modseq"].Value = modSeq;
            p["$flags"].Value = (long)entry.Flags;
            p["$keywords"].Value = Keywords.Join(keywords);
            p["$date"].Value = entry.InternalDate.ToUnixTimeMilliseconds();
            p["$offset"].Value = (long)entry.InternalDate.Offset.TotalMinutes;
            p["$size"].Value = entry.Size;
            p["$blob"].Value = entry.BlobId;
            p["$from"].Value = from;
            p["$subject"].Value = subject;
            p["$messageId"].Value = messageId;
            p["$emailId"].Value = entry.EmailId; // RFC 8474 §5.1: a copy keeps its EMAILID
            long id = (long)insertMessage.ExecuteScalar()!;
            sourceUids.Add(entry.Uid);
            targetUids.Add(uid);
            context.Changes.Add(new StoreChange(StoreChangeKind.MessageAdded, userId, target.MailboxId, uid, modSeq)
            {
                Message = entry with { MessageId = id, Uid = uid, ModSeq = modSeq, Keywords = keywords },
            });
        }
        if (move)
        {
            // RFC 6851 §3.1: the copy and the expunge are one atomic change.
            foreach (var (entry, _, _, _) in rows)
                ExpungeRow(userId, source.MailboxId, entry.MessageId, context);
            PruneTombstones(source.MailboxId, context);
        }
        return new CopyResult(target.MailboxId, target.UidValidity, sourceUids, targetUids);
    }

    /// <summary>
    /// RFC 9051 §6.4.3 EXPUNGE (only \Deleted messages, only those in <paramref name="uids"/> when given), or,
    /// with <paramref name="messageIds"/>, exactly those messages (POP3). Returns the UIDs removed, ascending.
    /// </summary>
    public IReadOnlyList<long> Expunge(long userId, long mailboxId, UidSet? uids, IReadOnlyList<long>? messageIds, WriteContext context)
    {
        RequireMailbox(userId, mailboxId);
        List<long> ids = messageIds is not null
            ? [.. messageIds]
            : Query("SELECT m.id FROM messages m WHERE m.mailbox_id = $mailbox AND m.uid BETWEEN $first AND $last AND (m.flags & 8) <> 0 ORDER BY m.uid",
                r => r.GetInt64(0), uids ?? UidSet.All, mailboxId);
        var removed = new List<long>();
        foreach (long id in ids)
        {
            if (ExpungeRow(userId, mailboxId, id, context) is { } uid)
                removed.Add(uid);
        }
        if (removed.Count > 0)
            PruneTombstones(mailboxId, context);
        removed.Sort();
        return removed;
    }

    /// <summary>Stores a summary on a message's content; false when the message is not the user's.</summary>
    public bool SetSummary(long userId, long messageId, string summary) =>
        Execute(
            """
            UPDATE blobs SET summary = $summary WHERE id = (
                SELECT m.blob_id FROM messages m JOIN mailboxes b ON b.id = m.mailbox_id WHERE m.id = $message AND b.user_id = $user)
            """, ("$summary", summary), ("$message", messageId), ("$user", userId)) > 0;

    /// <summary>
    /// Removes one message: a new MODSEQ for it, a tombstone (RFC 7162 §3.2.5.1), its blob when unused, one
    /// change. Returns its UID, or null when it was gone already (another session's expunge).
    /// </summary>
    private long? ExpungeRow(long userId, long mailboxId, long messageId, WriteContext context)
    {
        var row = Query("DELETE FROM messages WHERE id = $message AND mailbox_id = $mailbox RETURNING uid, blob_id",
            r => (Uid: r.GetInt64(0), Blob: r.GetInt64(1)), ("$message", messageId), ("$mailbox", mailboxId));
        if (row.Count == 0)
            return null;
        var (uid, blob) = row[0];
        // RFC 7162 §3.1: an expunge is a change too, so it raises the mailbox's mod-sequence.
        long modSeq = (long)Scalar("UPDATE mailboxes SET highestmodseq = highestmodseq + 1 WHERE id = $mailbox RETURNING highestmodseq",
            ("$mailbox", mailboxId))!;
        Execute("INSERT OR REPLACE INTO expunged (mailbox_id, uid, modseq, expunged_at) VALUES ($mailbox, $uid, $modseq, $now)",
            ("$mailbox", mailboxId), ("$uid", uid), ("$modseq", modSeq), ("$now", context.Now.ToUnixTimeMilliseconds()));
        if (DeleteBlobIfUnused(blob) is { } file)
            context.UnusedFiles.Add(file);
        context.Changes.Add(new StoreChange(StoreChangeKind.MessageExpunged, userId, mailboxId, uid, modSeq));
        return uid;
    }

    /// <summary>
    /// Forgets the mailbox's tombstones older than the retention (oldest first, a bounded number per call) and
    /// raises its vanished floor to the highest MODSEQ forgotten, so VANISHED answers know they are inexact.
    /// </summary>
    private void PruneTombstones(long mailboxId, WriteContext context)
    {
        long cutoff = (context.Now - context.Settings.ExpungedRetention).ToUnixTimeMilliseconds();
        // RETURNING cannot feed a query in SQLite, so the forgotten MODSEQs come back as rows.
        var pruned = Query(
            """
            DELETE FROM expunged WHERE mailbox_id = $mailbox AND expunged_at < $cutoff AND uid IN (
                SELECT uid FROM expunged WHERE mailbox_id = $mailbox ORDER BY modseq LIMIT $limit)
            RETURNING modseq
            """, r => r.GetInt64(0), ("$mailbox", mailboxId), ("$cutoff", cutoff), ("$limit", PruneBatch));
        if (pruned.Count > 0)
            Execute("UPDATE mailboxes SET vanished_floor = max(vanished_floor, $floor) WHERE id = $mailbox", ("$floor", pruned.Max()), ("$mailbox", mailboxId));
    }

    private List<MessageEntry> Select(long mailboxId, UidSet uids, string extraCondition) =>
        Query($"SELECT {EntryColumns} FROM messages m WHERE m.mailbox_id = $mailbox AND m.uid BETWEEN $first AND $last {extraCondition} ORDER BY m.uid",
            ReadEntry, uids, mailboxId);

    /// <summary>Runs a query once per range of <paramref name="uids"/> ($first, $last), with $mailbox; rows in range order.</summary>
    private List<T> Query<T>(string sql, Func<SqliteDataReader, T> map, UidSet uids, long mailboxId)
    {
        var rows = new List<T>();
        foreach (var range in uids)
            rows.AddRange(Query(sql, map, ("$mailbox", mailboxId), ("$first", range.First), ("$last", range.Last)));
        return rows;
    }

    private const MessageFlags AllFlags = MessageFlags.Seen | MessageFlags.Answered | MessageFlags.Flagged | MessageFlags.Deleted | MessageFlags.Draft;

    private static (MessageFlags Flags, IReadOnlyList<string> Keywords) Apply(MessageEntry row, FlagOperation operation, MessageFlags flags,
        IReadOnlyList<string> keywords) => operation switch
    {
        FlagOperation.Set => (flags, keywords),
        FlagOperation.Add => (row.Flags | flags, [.. row.Keywords, .. keywords.Where(k => !row.Keywords.Contains(k, Keywords.Comparer))]),
        _ => (row.Flags & ~flags, [.. row.Keywords.Where(k => !keywords.Contains(k, Keywords.Comparer))]),
    };
}
