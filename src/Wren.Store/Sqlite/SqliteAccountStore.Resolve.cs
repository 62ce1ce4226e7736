using Microsoft.Data.Sqlite;
using Wren.Mail.Addresses;
using Wren.Store.Accounts;

namespace Wren.Store.Sqlite;

/// <summary>Recipient resolution: users, aliases (recursive), plus-addresses, catch-all.</summary>
internal sealed partial class SqliteAccountStore
{
    /// <summary>How deep alias targets that are aliases themselves are followed.</summary>
    public const int MaxAliasDepth = 8;

    private static readonly RecipientResolution Nobody = new([], []);

    /// <inheritdoc />
    public async Task<RecipientResolution> ResolveAsync(EmailAddress recipient, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(recipient);
        await using var connection = await database.OpenAsync(cancellationToken).ConfigureAwait(false);
        // One read transaction: every lookup sees the same snapshot.
        await using var transaction = connection.BeginTransaction(deferred: true);
        var lookup = new Resolution(connection, transaction, cancellationToken);
        if (!await lookup.IsLocalAsync(recipient.Domain).ConfigureAwait(false))
            return Nobody;

        string local = recipient.LocalPart.ToLowerInvariant();
        string domain = recipient.Domain;
        if (await lookup.AddressAsync(local + "@" + domain).ConfigureAwait(false))
            return lookup.Result;

        // Plus addressing (subaddress, RFC 5233 §1 describes the convention): alice+news@ is delivered as alice@.
        int plus = local.IndexOf('+', StringComparison.Ordinal);
        if (plus > 0 && await lookup.AddressAsync(local[..plus] + "@" + domain).ConfigureAwait(false))
            return lookup.Result;

        if (await lookup.AliasAsync("@" + domain).ConfigureAwait(false))
            return lookup.Result;
        return Nobody;
    }

    /// <summary>One resolution's state: what was found, what was visited.</summary>
    private sealed class Resolution(SqliteConnection connection, SqliteTransaction transaction, CancellationToken cancellationToken)
    {
        private readonly List<UserAccount> users = [];
        private readonly List<EmailAddress> external = [];
        private readonly HashSet<string> seen = [];
        private readonly Dictionary<string, bool> localDomains = new(StringComparer.Ordinal);

        public RecipientResolution Result => new(users.ToArray(), external.ToArray());

        private bool Found => users.Count > 0 || external.Count > 0;

        /// <summary>A user with this canonical address, else the alias with that source. True when someone was found.</summary>
        public async Task<bool> AddressAsync(string canonical)
        {
            var user = await FindUserAsync(connection, transaction, canonical, cancellationToken).ConfigureAwait(false);
            if (user is not null)
            {
                AddUser(user);
                return true;
            }
            return await AliasAsync(canonical).ConfigureAwait(false);
        }

        /// <summary>Expands the alias with this source (address or <c>@domain</c>). True when someone was found.</summary>
        public async Task<bool> AliasAsync(string source)
        {
            seen.Clear();
            seen.Add(source);
            await ExpandAsync(source, 1).ConfigureAwait(false);
            return Found;
        }

        public async Task<bool> IsLocalAsync(string domain)
        {
            if (!localDomains.TryGetValue(domain, out bool local))
            {
                local = await IsLocalDomainAsync(connection, transaction, domain, cancellationToken).ConfigureAwait(false);
                localDomains[domain] = local;
            }
            return local;
        }

        private async Task ExpandAsync(string source, int depth)
        {
            var targets = await connection.QueryAsync(transaction, "SELECT target FROM aliases WHERE source = $source ORDER BY id",
                r => r.GetString(0), cancellationToken, ("$source", source)).ConfigureAwait(false);
            foreach (string text in targets)
            {
                if (!EmailAddress.TryParse(text, out var target))
                    continue;
                if (!await IsLocalAsync(target!.Domain).ConfigureAwait(false))
                {
                    if (!external.Any(e => e.Canonical == target.Canonical))
                        external.Add(target);
                    continue;
                }
                string key = target.Canonical;
                var user = await FindUserAsync(connection, transaction, key, cancellationToken).ConfigureAwait(false);
                if (user is not null)
                {
                    AddUser(user);
                    continue;
                }
                // A local target that is neither a user nor an alias reaches nobody and is ignored, as are
                // loops (a source already expanded) and chains deeper than MaxAliasDepth.
                if (depth < MaxAliasDepth && seen.Add(key))
                    await ExpandAsync(key, depth + 1).ConfigureAwait(false);
            }
        }

        private void AddUser(UserAccount user)
        {
            if (!users.Any(u => u.Id == user.Id))
                users.Add(user);
        }
    }
}
