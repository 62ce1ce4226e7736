using Microsoft.Data.Sqlite;
using Wren.Store.Messages;

namespace Wren.Store.Sqlite;

/// <summary>Creating mailboxes, with UIDVALIDITY values that are never handed out twice.</summary>
internal static class SqliteMailboxes
{
    private const string LastUidValidityKey = "last_uidvalidity";

    /// <summary>
    /// Creates a new user's default mailboxes inside <paramref name="transaction"/>. RFC 9051 §2.3.1.1: a
    /// mailbox name that is deleted and created again must get a new UIDVALIDITY. Values start from the
    /// current Unix time in seconds and always exceed every value given before (kept in <c>meta</c>), so they
    /// are unique across the whole store and fit the 32-bit nz-number of IMAP until 2106.
    /// </summary>
    public static async Task CreateDefaultsAsync(SqliteConnection connection, SqliteTransaction transaction, long userId,
        DateTimeOffset now, CancellationToken cancellationToken)
    {
        long last = (long?)await connection.ScalarAsync(transaction, "SELECT value FROM meta WHERE key = $key", cancellationToken,
            ("$key", LastUidValidityKey)).ConfigureAwait(false) ?? 0;
        long next = Math.Max(now.ToUnixTimeSeconds(), last + 1);
        if (next + MailboxName.Defaults.Count - 1 > uint.MaxValue)
            throw new InvalidOperationException("UIDVALIDITY values are exhausted.");
        foreach (var (name, specialUse) in MailboxName.Defaults)
        {
            await connection.ExecuteAsync(transaction,
                """
                INSERT INTO mailboxes (user_id, name, special_use, uidvalidity, uidnext, highestmodseq, subscribed)
                VALUES ($user, $name, $specialUse, $uidvalidity, 1, 1, 1)
                """, cancellationToken,
                ("$user", userId), ("$name", name), ("$specialUse", specialUse), ("$uidvalidity", next)).ConfigureAwait(false);
            last = next++;
        }
        await connection.ExecuteAsync(transaction,
            "INSERT INTO meta (key, value) VALUES ($key, $value) ON CONFLICT (key) DO UPDATE SET value = excluded.value",
            cancellationToken, ("$key", LastUidValidityKey), ("$value", last)).ConfigureAwait(false);
    }
}
