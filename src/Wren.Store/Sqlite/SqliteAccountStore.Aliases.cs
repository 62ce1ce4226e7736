using Microsoft.Data.Sqlite;
using Wren.Mail.Addresses;
using Wren.Store.Accounts;

namespace Wren.Store.Sqlite;

/// <summary>Aliases: one row per (source, target); a source <c>@domain</c> is the domain's catch-all.</summary>
internal sealed partial class SqliteAccountStore
{
    /// <inheritdoc />
    public async Task<bool> AddAliasAsync(string source, EmailAddress target, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(target);
        var (key, domain) = ParseAliasSource(source);
        if (key == target.Canonical)
            throw new AccountStoreException($"Alias {key} cannot point to itself.");
        await using var connection = await database.OpenAsync(cancellationToken).ConfigureAwait(false);
        await using var transaction = connection.BeginTransaction(deferred: false);
        long? domainId = (long?)await connection.ScalarAsync(transaction, "SELECT id FROM domains WHERE name = $name", cancellationToken,
            ("$name", domain)).ConfigureAwait(false);
        if (domainId is null)
            throw new AccountStoreException($"{domain} is not a local domain; an alias source must be.");
        int added = await connection.ExecuteAsync(transaction,
            """
            INSERT INTO aliases (domain_id, source, target, target_key) VALUES ($domain, $source, $target, $targetKey)
            ON CONFLICT (source, target_key) DO NOTHING
            """, cancellationToken,
            ("$domain", domainId), ("$source", key), ("$target", target.ToString()), ("$targetKey", target.Canonical)).ConfigureAwait(false);
        await transaction.CommitAsync(cancellationToken).ConfigureAwait(false);
        return added == 1;
    }

    /// <inheritdoc />
    public async Task<bool> DeleteAliasAsync(string source, string? target, CancellationToken cancellationToken = default)
    {
        var (key, _) = ParseAliasSource(source);
        await using var connection = await database.OpenAsync(cancellationToken).ConfigureAwait(false);
        if (target is null)
        {
            return await connection.ExecuteAsync(null, "DELETE FROM aliases WHERE source = $source", cancellationToken,
                ("$source", key)).ConfigureAwait(false) > 0;
        }
        if (!EmailAddress.TryParse(target.Trim(), out var parsed))
            return false;
        return await connection.ExecuteAsync(null, "DELETE FROM aliases WHERE source = $source AND target_key = $targetKey",
            cancellationToken, ("$source", key), ("$targetKey", parsed!.Canonical)).ConfigureAwait(false) > 0;
    }

    /// <inheritdoc />
    public async Task<IReadOnlyList<AliasEntry>> ListAliasesAsync(string? domain = null, CancellationToken cancellationToken = default)
    {
        await using var connection = await database.OpenAsync(cancellationToken).ConfigureAwait(false);
        if (domain is null)
        {
            return await connection.QueryAsync(null, "SELECT source, target FROM aliases ORDER BY source, target_key", ReadAlias,
                cancellationToken).ConfigureAwait(false);
        }
        return await connection.QueryAsync(null,
            """
            SELECT a.source, a.target FROM aliases a JOIN domains d ON d.id = a.domain_id
            WHERE d.name = $domain ORDER BY a.source, a.target_key
            """, ReadAlias, cancellationToken, ("$domain", CanonicalDomain(domain))).ConfigureAwait(false);
    }

    private static AliasEntry ReadAlias(SqliteDataReader reader) => new(reader.GetString(0), reader.GetString(1));

    /// <summary>The stored key of an alias source (canonical address, or <c>@domain</c>) and its domain.</summary>
    private static (string Key, string Domain) ParseAliasSource(string source)
    {
        ArgumentNullException.ThrowIfNull(source);
        source = source.Trim();
        if (source.StartsWith('@'))
        {
            string domain = CanonicalDomain(source[1..]);
            return ("@" + domain, domain);
        }
        if (!EmailAddress.TryParse(source, out var address))
            throw new AccountStoreException($"'{source}' is neither an address nor a catch-all '@domain'.");
        return (address!.Canonical, address.Domain);
    }
}
