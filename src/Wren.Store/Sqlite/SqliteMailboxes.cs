using System.Security.Cryptography;
using Microsoft.Data.Sqlite;
using Wren.Store.Messages;

namespace Wren.Store.Sqlite;

/// <summary>Creating mailboxes, with UIDVALIDITY values that are never handed out twice.</summary>
internal static class SqliteMailboxes
{
    public const string LastUidValidityKey = "last_uidvalidity";

    /// <summary>
    /// RFC 9051 §2.3.1.1: a mailbox name that is deleted and created again must get a new UIDVALIDITY. Values
    /// start from the current Unix time in seconds and always exceed every value given before (kept in
    /// <c>meta</c>), so they are unique across the whole store and fit the 32-bit nz-number of IMAP until 2106.
    /// This statement takes the next one (<c>$now</c>: Unix seconds).
    /// </summary>
    public const string NextUidValiditySql =
        """
        INSERT INTO meta (key, value) VALUES ('last_uidvalidity', $now)
        ON CONFLICT (key) DO UPDATE SET value = max(value + 1, excluded.value)
        RETURNING value
        """;

    /// <summary>RFC 8474 §4: a new MAILBOXID (objectid: letters and digits, at most 255).</summary>
    public static string NewObjectId() => "M" + RandomNumberGenerator.GetHexString(24, lowercase: true);

    /// <summary>RFC 8474 §5.1: a new EMAILID.</summary>
    public static string NewEmailId() => "E" + RandomNumberGenerator.GetHexString(24, lowercase: true);

    /// <summary>Throws when a UIDVALIDITY does not fit IMAP's nz-number.</summary>
    public static long CheckUidValidity(long value) =>
        value <= uint.MaxValue ? value : throw new InvalidOperationException("UIDVALIDITY values are exhausted.");

    /// <summary>
    /// Creates a new user's default mailboxes, subscribed, inside <paramref name="transaction"/>.
    /// </summary>
    public static async Task CreateDefaultsAsync(SqliteConnection connection, SqliteTransaction transaction, long userId,
        DateTimeOffset now, CancellationToken cancellationToken)
    {
        foreach (var (name, specialUse) in MailboxName.Defaults)
        {
            long uidValidity = CheckUidValidity((long)(await connection.ScalarAsync(transaction, NextUidValiditySql, cancellationToken,
                ("$now", now.ToUnixTimeSeconds())).ConfigureAwait(false))!);
            await connection.ExecuteAsync(transaction,
                """
                INSERT INTO mailboxes (user_id, name, special_use, uidvalidity, uidnext, highestmodseq, object_id)
                VALUES ($user, $name, $specialUse, $uidvalidity, 1, 1, $objectId);
                INSERT INTO subscriptions (user_id, name) VALUES ($user, $name) ON CONFLICT DO NOTHING;
                """, cancellationToken,
                ("$user", userId), ("$name", name), ("$specialUse", specialUse), ("$uidvalidity", uidValidity),
                ("$objectId", NewObjectId())).ConfigureAwait(false);
        }
    }
}
