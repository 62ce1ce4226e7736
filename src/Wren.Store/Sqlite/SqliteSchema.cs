using Microsoft.Data.Sqlite;

namespace Wren.Store.Sqlite;

/// <summary>
/// The schema, as an ordered list of migrations. <c>PRAGMA user_version</c> holds how many have been applied;
/// opening the store applies the missing ones in one transaction. Never edit a released migration: add one.
/// </summary>
internal static class SqliteSchema
{
    /// <summary>The schema version this code writes.</summary>
    public static int CurrentVersion => Migrations.Length;

    private static readonly string[] Migrations =
    [
        // 1: accounts, mailboxes, messages, blobs, outbound queue.
        """
        CREATE TABLE meta (
            key TEXT PRIMARY KEY,
            value INTEGER NOT NULL
        ) STRICT, WITHOUT ROWID;

        CREATE TABLE domains (
            id INTEGER PRIMARY KEY,
            name TEXT NOT NULL UNIQUE,
            created_at INTEGER NOT NULL
        ) STRICT;

        CREATE TABLE users (
            id INTEGER PRIMARY KEY,
            domain_id INTEGER NOT NULL REFERENCES domains(id),
            address TEXT NOT NULL UNIQUE,
            salt BLOB NOT NULL,
            iterations INTEGER NOT NULL,
            stored_key BLOB NOT NULL,
            server_key BLOB NOT NULL,
            created_at INTEGER NOT NULL
        ) STRICT;
        CREATE INDEX users_domain ON users(domain_id);

        -- source is a canonical address or '@domain' (catch-all); target_key is the target's canonical form.
        CREATE TABLE aliases (
            id INTEGER PRIMARY KEY,
            domain_id INTEGER NOT NULL REFERENCES domains(id) ON DELETE CASCADE,
            source TEXT NOT NULL,
            target TEXT NOT NULL,
            target_key TEXT NOT NULL,
            UNIQUE (source, target_key)
        ) STRICT;
        CREATE INDEX aliases_domain ON aliases(domain_id);

        -- RFC 9051 §2.3.1.1: UIDs grow strictly within a mailbox and uidnext never goes back;
        -- RFC 7162 §3.1: highestmodseq is the greatest mod-sequence of any change in the mailbox.
        CREATE TABLE mailboxes (
            id INTEGER PRIMARY KEY,
            user_id INTEGER NOT NULL REFERENCES users(id) ON DELETE CASCADE,
            name TEXT NOT NULL,
            special_use TEXT,
            uidvalidity INTEGER NOT NULL,
            uidnext INTEGER NOT NULL,
            highestmodseq INTEGER NOT NULL,
            subscribed INTEGER NOT NULL DEFAULT 1,
            UNIQUE (user_id, name)
        ) STRICT;

        -- Message content: small ones inline in data, large ones as a file under blobs/ named by path.
        CREATE TABLE blobs (
            id INTEGER PRIMARY KEY,
            size INTEGER NOT NULL,
            data BLOB,
            path TEXT UNIQUE,
            CHECK ((data IS NULL) <> (path IS NULL))
        ) STRICT;

        CREATE TABLE messages (
            id INTEGER PRIMARY KEY,
            mailbox_id INTEGER NOT NULL REFERENCES mailboxes(id) ON DELETE CASCADE,
            uid INTEGER NOT NULL,
            modseq INTEGER NOT NULL,
            flags INTEGER NOT NULL DEFAULT 0,
            keywords TEXT NOT NULL DEFAULT '',
            internal_date INTEGER NOT NULL,
            internal_date_offset INTEGER NOT NULL DEFAULT 0,
            size INTEGER NOT NULL,
            blob_id INTEGER NOT NULL REFERENCES blobs(id),
            from_header TEXT,
            subject TEXT,
            message_id TEXT,
            UNIQUE (mailbox_id, uid)
        ) STRICT;
        CREATE INDEX messages_modseq ON messages(mailbox_id, modseq);
        CREATE INDEX messages_blob ON messages(blob_id);

        CREATE TABLE queue (
            id INTEGER PRIMARY KEY,
            envelope TEXT NOT NULL,
            blob_id INTEGER NOT NULL REFERENCES blobs(id),
            size INTEGER NOT NULL,
            queued_at INTEGER NOT NULL,
            next_attempt_at INTEGER NOT NULL,
            attempts INTEGER NOT NULL DEFAULT 0
        ) STRICT;
        CREATE INDEX queue_next_attempt ON queue(next_attempt_at);
        CREATE INDEX queue_blob ON queue(blob_id);

        CREATE TABLE queue_recipients (
            id INTEGER PRIMARY KEY,
            queue_id INTEGER NOT NULL REFERENCES queue(id) ON DELETE CASCADE,
            position INTEGER NOT NULL,
            address TEXT NOT NULL,
            status TEXT NOT NULL DEFAULT 'pending',
            last_error TEXT,
            UNIQUE (queue_id, position)
        ) STRICT;
        """,

        // 2: delivery state of the outbound queue (rounds, delay notices, which host answered).
        """
        ALTER TABLE queue ADD COLUMN last_attempt_at INTEGER;
        ALTER TABLE queue ADD COLUMN delay_notified INTEGER NOT NULL DEFAULT 0;
        ALTER TABLE queue_recipients ADD COLUMN remote_mta TEXT;
        ALTER TABLE queue_recipients ADD COLUMN updated_at INTEGER;
        """,

        // 3: IMAP: MAILBOXIDs, STATUS counters, subscriptions, keywords, QRESYNC tombstones, EMAILIDs,
        //    summaries, per-user quota with usage counters. Counters are kept by triggers, so every path that
        //    adds or removes a message (delivery, APPEND, COPY, expunge, deleting a mailbox or a user) keeps
        //    them right in its own transaction.
        """
        -- RFC 8474 §4 MAILBOXID: survives renames, never reused.
        ALTER TABLE mailboxes ADD COLUMN object_id TEXT;
        UPDATE mailboxes SET object_id = 'M' || lower(hex(randomblob(12)));
        CREATE UNIQUE INDEX mailboxes_object_id ON mailboxes(object_id);

        -- RFC 9051 §6.3.11 STATUS MESSAGES, UNSEEN, DELETED, SIZE without counting rows.
        ALTER TABLE mailboxes ADD COLUMN message_count INTEGER NOT NULL DEFAULT 0;
        ALTER TABLE mailboxes ADD COLUMN unseen_count INTEGER NOT NULL DEFAULT 0;
        ALTER TABLE mailboxes ADD COLUMN deleted_count INTEGER NOT NULL DEFAULT 0;
        ALTER TABLE mailboxes ADD COLUMN total_size INTEGER NOT NULL DEFAULT 0;
        -- RFC 7162 §3.2.5.1: expunges with a MODSEQ up to this one are forgotten (tombstones pruned, or never
        -- recorded: those made before this migration).
        ALTER TABLE mailboxes ADD COLUMN vanished_floor INTEGER NOT NULL DEFAULT 0;
        UPDATE mailboxes SET
            message_count = (SELECT count(*) FROM messages m WHERE m.mailbox_id = mailboxes.id),
            unseen_count = (SELECT count(*) FROM messages m WHERE m.mailbox_id = mailboxes.id AND (m.flags & 1) = 0),
            deleted_count = (SELECT count(*) FROM messages m WHERE m.mailbox_id = mailboxes.id AND (m.flags & 8) <> 0),
            total_size = (SELECT coalesce(sum(m.size), 0) FROM messages m WHERE m.mailbox_id = mailboxes.id),
            vanished_floor = highestmodseq;

        -- RFC 9051 §6.3.7: subscriptions are names, and may name mailboxes that do not exist.
        CREATE TABLE subscriptions (
            user_id INTEGER NOT NULL REFERENCES users(id) ON DELETE CASCADE,
            name TEXT NOT NULL,
            PRIMARY KEY (user_id, name)
        ) STRICT, WITHOUT ROWID;
        INSERT INTO subscriptions (user_id, name) SELECT user_id, name FROM mailboxes WHERE subscribed = 1;
        ALTER TABLE mailboxes DROP COLUMN subscribed;

        -- Keywords used in a mailbox (FLAGS, PERMANENTFLAGS), in the spelling first used.
        CREATE TABLE mailbox_keywords (
            mailbox_id INTEGER NOT NULL REFERENCES mailboxes(id) ON DELETE CASCADE,
            keyword TEXT NOT NULL COLLATE NOCASE,
            PRIMARY KEY (mailbox_id, keyword)
        ) STRICT, WITHOUT ROWID;

        -- RFC 7162 §3.2.5.1 / §3.2.10: UIDs expunged, with the MODSEQ of their expunge (VANISHED (EARLIER)).
        CREATE TABLE expunged (
            mailbox_id INTEGER NOT NULL REFERENCES mailboxes(id) ON DELETE CASCADE,
            uid INTEGER NOT NULL,
            modseq INTEGER NOT NULL,
            expunged_at INTEGER NOT NULL,
            PRIMARY KEY (mailbox_id, uid)
        ) STRICT, WITHOUT ROWID;
        CREATE INDEX expunged_modseq ON expunged(mailbox_id, modseq);

        -- RFC 8474 §5.1 EMAILID: the same for every copy of the same content. Copies made before this
        -- migration share their blob, so the blob's id names them ('_' never occurs in new ids).
        ALTER TABLE messages ADD COLUMN email_id TEXT;
        UPDATE messages SET email_id = 'E_' || blob_id;

        -- The caller's summary of a message (ENVELOPE, BODYSTRUCTURE…), stored once with the content.
        ALTER TABLE blobs ADD COLUMN summary TEXT;

        -- RFC 9208 QUOTA: the user's own limits (quota_own = 0: the server default applies; NULL: unlimited),
        -- and usage: every copy of every message counts.
        ALTER TABLE users ADD COLUMN quota_own INTEGER NOT NULL DEFAULT 0;
        ALTER TABLE users ADD COLUMN quota_storage INTEGER;
        ALTER TABLE users ADD COLUMN quota_messages INTEGER;
        ALTER TABLE users ADD COLUMN storage_used INTEGER NOT NULL DEFAULT 0;
        ALTER TABLE users ADD COLUMN messages_used INTEGER NOT NULL DEFAULT 0;
        UPDATE users SET
            storage_used = (SELECT coalesce(sum(m.size), 0) FROM messages m JOIN mailboxes b ON b.id = m.mailbox_id WHERE b.user_id = users.id),
            messages_used = (SELECT count(*) FROM messages m JOIN mailboxes b ON b.id = m.mailbox_id WHERE b.user_id = users.id);

        CREATE TRIGGER messages_count_insert AFTER INSERT ON messages BEGIN
            UPDATE mailboxes SET
                message_count = message_count + 1,
                unseen_count = unseen_count + ((NEW.flags & 1) = 0),
                deleted_count = deleted_count + ((NEW.flags & 8) <> 0),
                total_size = total_size + NEW.size
            WHERE id = NEW.mailbox_id;
            UPDATE users SET storage_used = storage_used + NEW.size, messages_used = messages_used + 1
            WHERE id = (SELECT user_id FROM mailboxes WHERE id = NEW.mailbox_id);
        END;
        CREATE TRIGGER messages_count_delete AFTER DELETE ON messages BEGIN
            UPDATE mailboxes SET
                message_count = message_count - 1,
                unseen_count = unseen_count - ((OLD.flags & 1) = 0),
                deleted_count = deleted_count - ((OLD.flags & 8) <> 0),
                total_size = total_size - OLD.size
            WHERE id = OLD.mailbox_id;
            UPDATE users SET storage_used = storage_used - OLD.size, messages_used = messages_used - 1
            WHERE id = (SELECT user_id FROM mailboxes WHERE id = OLD.mailbox_id);
        END;
        CREATE TRIGGER messages_count_flags AFTER UPDATE OF flags ON messages
        WHEN (OLD.flags & 9) <> (NEW.flags & 9) BEGIN
            UPDATE mailboxes SET
                unseen_count = unseen_count + ((NEW.flags & 1) = 0) - ((OLD.flags & 1) = 0),
                deleted_count = deleted_count + ((NEW.flags & 8) <> 0) - ((OLD.flags & 8) <> 0)
            WHERE id = NEW.mailbox_id;
        END;
        CREATE TRIGGER messages_no_move BEFORE UPDATE OF mailbox_id, size ON messages BEGIN
            SELECT RAISE(ABORT, 'a message row never changes mailbox or size: copy it and delete the original');
        END;
        """,
    ];

    /// <summary>
    /// Puts the file in WAL mode and brings the schema to <see cref="CurrentVersion"/>. Safe when several
    /// processes open the store at once: the version is read and raised inside one write transaction.
    /// Returns the version found before migrating. <paramref name="targetVersion"/> stops earlier (tests build
    /// an older database with it).
    /// </summary>
    public static async Task<int> MigrateAsync(SqliteConnection connection, CancellationToken cancellationToken, int? targetVersion = null)
    {
        int target = targetVersion ?? CurrentVersion;
        // WAL is a property of the file and stays set; it must be chosen outside a transaction.
        await using (var wal = connection.CreateCommand())
        {
            wal.CommandText = "PRAGMA journal_mode = WAL;";
            string? mode = (string?)await wal.ExecuteScalarAsync(cancellationToken).ConfigureAwait(false);
            if (!string.Equals(mode, "wal", StringComparison.OrdinalIgnoreCase))
                throw new InvalidOperationException($"SQLite refused WAL mode (journal_mode is {mode}).");
        }

        // BEGIN IMMEDIATE: take the write lock first, so two processes cannot both migrate.
        await using var transaction = connection.BeginTransaction(deferred: false);
        int found;
        await using (var read = connection.CreateCommand())
        {
            read.Transaction = transaction;
            read.CommandText = "PRAGMA user_version;";
            found = Convert.ToInt32(await read.ExecuteScalarAsync(cancellationToken).ConfigureAwait(false), System.Globalization.CultureInfo.InvariantCulture);
        }
        if (found > CurrentVersion)
            throw new InvalidOperationException($"The database has schema version {found}; this Wren knows up to {CurrentVersion}. Upgrade Wren.");
        for (int version = found; version < target; version++)
        {
            await using var migrate = connection.CreateCommand();
            migrate.Transaction = transaction;
            migrate.CommandText = Migrations[version] + $"\nPRAGMA user_version = {version + 1};";
            await migrate.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false);
        }
        await transaction.CommitAsync(cancellationToken).ConfigureAwait(false);
        return found;
    }
}
