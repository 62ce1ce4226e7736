using Microsoft.Data.Sqlite;
using Microsoft.Extensions.Logging;
using Wren.Mail.Addresses;
using Wren.Store.Accounts;
using Wren.Store.Blobs;

namespace Wren.Store.Sqlite;

/// <summary>
/// <see cref="IAccountStore"/> on SQLite: domains and users (this file), aliases and recipient resolution
/// (the other parts). Nothing is cached, so changes made by another process on the same folder are seen at
/// once.
/// </summary>
internal sealed partial class SqliteAccountStore : IAccountStore
{
    private readonly SqliteDatabase database;
    private readonly BlobDirectory blobs;
    private readonly TimeProvider time;
    private readonly ILogger logger;

    public SqliteAccountStore(SqliteDatabase database, BlobDirectory blobs, TimeProvider time, ILogger logger)
    {
        this.database = database;
        this.blobs = blobs;
        this.time = time;
        this.logger = logger;
    }

    /// <inheritdoc />
    public async Task<bool> AddDomainAsync(string domain, CancellationToken cancellationToken = default)
    {
        string name = CanonicalDomain(domain);
        await using var connection = await database.OpenAsync(cancellationToken).ConfigureAwait(false);
        int added = await connection.ExecuteAsync(null,
            "INSERT INTO domains (name, created_at) VALUES ($name, $now) ON CONFLICT (name) DO NOTHING",
            cancellationToken, ("$name", name), ("$now", Now().ToUnixTimeMilliseconds())).ConfigureAwait(false);
        return added == 1;
    }

    /// <inheritdoc />
    public async Task<IReadOnlyList<string>> ListDomainsAsync(CancellationToken cancellationToken = default)
    {
        await using var connection = await database.OpenAsync(cancellationToken).ConfigureAwait(false);
        return await connection.QueryAsync(null, "SELECT name FROM domains ORDER BY name", r => r.GetString(0), cancellationToken)
            .ConfigureAwait(false);
    }

    /// <inheritdoc />
    public async Task<bool> DeleteDomainAsync(string domain, CancellationToken cancellationToken = default)
    {
        string name = CanonicalDomain(domain);
        await using var connection = await database.OpenAsync(cancellationToken).ConfigureAwait(false);
        await using var transaction = connection.BeginTransaction(deferred: false);
        long? id = (long?)await connection.ScalarAsync(transaction, "SELECT id FROM domains WHERE name = $name", cancellationToken,
            ("$name", name)).ConfigureAwait(false);
        if (id is null)
            return false;
        long users = (long)(await connection.ScalarAsync(transaction, "SELECT count(*) FROM users WHERE domain_id = $id", cancellationToken,
            ("$id", id)).ConfigureAwait(false))!;
        if (users > 0)
            throw new AccountStoreException($"Domain {name} still has {users} user(s); delete them first.");
        // Its aliases go with it (ON DELETE CASCADE).
        await connection.ExecuteAsync(transaction, "DELETE FROM domains WHERE id = $id", cancellationToken, ("$id", id)).ConfigureAwait(false);
        await transaction.CommitAsync(cancellationToken).ConfigureAwait(false);
        return true;
    }

    /// <inheritdoc />
    public async Task<bool> IsLocalDomainAsync(string domain, CancellationToken cancellationToken = default)
    {
        if (!DomainName.TryCanonicalize(domain, out string? name))
            return false;
        await using var connection = await database.OpenAsync(cancellationToken).ConfigureAwait(false);
        return await IsLocalDomainAsync(connection, null, name!, cancellationToken).ConfigureAwait(false);
    }

    /// <inheritdoc />
    public async Task<UserAccount> AddUserAsync(EmailAddress address, UserCredential credential, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(address);
        CheckCredential(credential);
        string canonical = address.Canonical;
        DateTimeOffset now = Now();
        await using var connection = await database.OpenAsync(cancellationToken).ConfigureAwait(false);
        await using var transaction = connection.BeginTransaction(deferred: false);
        long? domainId = (long?)await connection.ScalarAsync(transaction, "SELECT id FROM domains WHERE name = $name", cancellationToken,
            ("$name", address.Domain)).ConfigureAwait(false);
        if (domainId is null)
            throw new AccountStoreException($"{address.Domain} is not a local domain; add it first.");
        long? userId = (long?)await connection.ScalarAsync(transaction,
            """
            INSERT INTO users (domain_id, address, salt, iterations, stored_key, server_key, created_at)
            VALUES ($domain, $address, $salt, $iterations, $storedKey, $serverKey, $now)
            ON CONFLICT (address) DO NOTHING
            RETURNING id
            """, cancellationToken,
            ("$domain", domainId), ("$address", canonical), ("$salt", credential.Salt), ("$iterations", credential.Iterations),
            ("$storedKey", credential.StoredKey), ("$serverKey", credential.ServerKey), ("$now", now.ToUnixTimeMilliseconds()))
            .ConfigureAwait(false);
        if (userId is null)
            throw new AccountStoreException($"User {canonical} already exists.");
        await SqliteMailboxes.CreateDefaultsAsync(connection, transaction, userId.Value, now, cancellationToken).ConfigureAwait(false);
        await transaction.CommitAsync(cancellationToken).ConfigureAwait(false);
        return new UserAccount(userId.Value, canonical, now);
    }

    /// <inheritdoc />
    public async Task<IReadOnlyList<UserAccount>> ListUsersAsync(string? domain = null, CancellationToken cancellationToken = default)
    {
        await using var connection = await database.OpenAsync(cancellationToken).ConfigureAwait(false);
        if (domain is null)
        {
            return await connection.QueryAsync(null, "SELECT id, address, created_at FROM users ORDER BY address", ReadUser,
                cancellationToken).ConfigureAwait(false);
        }
        return await connection.QueryAsync(null,
            """
            SELECT u.id, u.address, u.created_at FROM users u JOIN domains d ON d.id = u.domain_id
            WHERE d.name = $domain ORDER BY u.address
            """, ReadUser, cancellationToken, ("$domain", CanonicalDomain(domain))).ConfigureAwait(false);
    }

    /// <inheritdoc />
    public async Task<UserAccount?> FindUserAsync(string address, CancellationToken cancellationToken = default)
    {
        if (!EmailAddress.TryParse(address, out var parsed))
            return null;
        await using var connection = await database.OpenAsync(cancellationToken).ConfigureAwait(false);
        return await FindUserAsync(connection, null, parsed!.Canonical, cancellationToken).ConfigureAwait(false);
    }

    /// <inheritdoc />
    public async Task<UserCredential?> GetCredentialAsync(string address, CancellationToken cancellationToken = default)
    {
        if (!EmailAddress.TryParse(address, out var parsed))
            return null;
        await using var connection = await database.OpenAsync(cancellationToken).ConfigureAwait(false);
        var rows = await connection.QueryAsync(null,
            "SELECT salt, iterations, stored_key, server_key FROM users WHERE address = $address",
            r => new UserCredential(r.GetFieldValue<byte[]>(0), r.GetInt32(1), r.GetFieldValue<byte[]>(2), r.GetFieldValue<byte[]>(3)),
            cancellationToken, ("$address", parsed!.Canonical)).ConfigureAwait(false);
        return rows.Count == 0 ? null : rows[0];
    }

    /// <inheritdoc />
    public async Task<bool> SetCredentialAsync(string address, UserCredential credential, CancellationToken cancellationToken = default)
    {
        CheckCredential(credential);
        if (!EmailAddress.TryParse(address, out var parsed))
            return false;
        await using var connection = await database.OpenAsync(cancellationToken).ConfigureAwait(false);
        int changed = await connection.ExecuteAsync(null,
            """
            UPDATE users SET salt = $salt, iterations = $iterations, stored_key = $storedKey, server_key = $serverKey
            WHERE address = $address
            """, cancellationToken,
            ("$salt", credential.Salt), ("$iterations", credential.Iterations), ("$storedKey", credential.StoredKey),
            ("$serverKey", credential.ServerKey), ("$address", parsed!.Canonical)).ConfigureAwait(false);
        return changed == 1;
    }

    /// <inheritdoc />
    public async Task<bool> DeleteUserAsync(string address, CancellationToken cancellationToken = default)
    {
        if (!EmailAddress.TryParse(address, out var parsed))
            return false;
        List<string> files;
        await using (var connection = await database.OpenAsync(cancellationToken).ConfigureAwait(false))
        {
            await using var transaction = connection.BeginTransaction(deferred: false);
            long? userId = (long?)await connection.ScalarAsync(transaction, "SELECT id FROM users WHERE address = $address",
                cancellationToken, ("$address", parsed!.Canonical)).ConfigureAwait(false);
            if (userId is null)
                return false;
            // Remember the user's blobs, drop the user (mailboxes and messages cascade), then drop the blobs
            // that no other message or queue entry still uses.
            await connection.ExecuteAsync(transaction,
                """
                CREATE TEMP TABLE IF NOT EXISTS doomed_blobs (id INTEGER PRIMARY KEY);
                DELETE FROM temp.doomed_blobs;
                INSERT OR IGNORE INTO temp.doomed_blobs (id)
                    SELECT m.blob_id FROM messages m JOIN mailboxes b ON b.id = m.mailbox_id WHERE b.user_id = $user;
                DELETE FROM users WHERE id = $user;
                """, cancellationToken, ("$user", userId)).ConfigureAwait(false);
            var deleted = await connection.QueryAsync(transaction,
                """
                DELETE FROM blobs
                WHERE id IN (SELECT id FROM temp.doomed_blobs)
                  AND NOT EXISTS (SELECT 1 FROM messages WHERE blob_id = blobs.id)
                  AND NOT EXISTS (SELECT 1 FROM queue WHERE blob_id = blobs.id)
                RETURNING path
                """, r => r.GetNullableString(0), cancellationToken).ConfigureAwait(false);
            files = deleted.OfType<string>().ToList();
            await connection.ExecuteAsync(transaction, "DELETE FROM temp.doomed_blobs", cancellationToken).ConfigureAwait(false);
            await transaction.CommitAsync(cancellationToken).ConfigureAwait(false);
        }
        // Only after the commit: a crash before this point leaves files that the next start sweeps as orphans.
        foreach (string file in files)
        {
            try
            {
                blobs.Delete(file);
            }
            catch (IOException ex)
            {
                StoreLog.BlobDeleteFailed(logger, ex, file);
            }
        }
        return true;
    }

    private DateTimeOffset Now() =>
        DateTimeOffset.FromUnixTimeMilliseconds(time.GetUtcNow().ToUnixTimeMilliseconds());

    private static UserAccount ReadUser(SqliteDataReader reader) =>
        new(reader.GetInt64(0), reader.GetString(1), reader.GetUnixMilliseconds(2));

    private static async Task<UserAccount?> FindUserAsync(SqliteConnection connection, SqliteTransaction? transaction, string canonical,
        CancellationToken cancellationToken)
    {
        var rows = await connection.QueryAsync(transaction, "SELECT id, address, created_at FROM users WHERE address = $address",
            ReadUser, cancellationToken, ("$address", canonical)).ConfigureAwait(false);
        return rows.Count == 0 ? null : rows[0];
    }

    private static async Task<bool> IsLocalDomainAsync(SqliteConnection connection, SqliteTransaction? transaction, string canonical,
        CancellationToken cancellationToken) =>
        await connection.ScalarAsync(transaction, "SELECT 1 FROM domains WHERE name = $name", cancellationToken, ("$name", canonical))
            .ConfigureAwait(false) is not null;

    private static string CanonicalDomain(string domain) =>
        DomainName.TryCanonicalize(domain?.Trim() ?? "", out string? name)
            ? name!
            : throw new AccountStoreException($"'{domain}' is not a valid domain name.");

    private static void CheckCredential(UserCredential credential)
    {
        ArgumentNullException.ThrowIfNull(credential);
        // RFC 5802 §3: the salt and both keys are required; the iteration count is a positive integer.
        if (credential.Salt is not { Length: > 0 } || credential.Iterations <= 0
            || credential.StoredKey is not { Length: > 0 } || credential.ServerKey is not { Length: > 0 })
            throw new AccountStoreException("The credential needs a salt, a positive iteration count, a StoredKey and a ServerKey.");
    }
}
