using Wren.Mail.Addresses;

namespace Wren.Store.Accounts;

/// <summary>
/// Domains, users, aliases and credentials. Safe to use from several processes on one data folder at once
/// (the CLI edits accounts while the server runs).
/// </summary>
public interface IAccountStore
{
    /// <summary>Adds a local domain (canonical form). Returns false when it already exists.</summary>
    Task<bool> AddDomainAsync(string domain, CancellationToken cancellationToken = default);

    /// <summary>All local domains, sorted.</summary>
    Task<IReadOnlyList<string>> ListDomainsAsync(CancellationToken cancellationToken = default);

    /// <summary>
    /// Deletes a domain and its aliases. Throws <see cref="AccountStoreException"/> while users remain in it.
    /// Returns false when the domain did not exist.
    /// </summary>
    Task<bool> DeleteDomainAsync(string domain, CancellationToken cancellationToken = default);

    /// <summary>True when mail for this domain is delivered here.</summary>
    Task<bool> IsLocalDomainAsync(string domain, CancellationToken cancellationToken = default);

    /// <summary>
    /// Creates a user with its special-use mailboxes (INBOX, Sent, Drafts, Junk, Trash, Archive).
    /// Throws <see cref="AccountStoreException"/> when the domain is not local or the user exists.
    /// </summary>
    Task<UserAccount> AddUserAsync(EmailAddress address, UserCredential credential, CancellationToken cancellationToken = default);

    /// <summary>Users, optionally of one domain, sorted by address.</summary>
    Task<IReadOnlyList<UserAccount>> ListUsersAsync(string? domain = null, CancellationToken cancellationToken = default);

    /// <summary>The user whose canonical address this is, or null.</summary>
    Task<UserAccount?> FindUserAsync(string address, CancellationToken cancellationToken = default);

    /// <summary>The stored SCRAM credential of a user, or null when there is no such user.</summary>
    Task<UserCredential?> GetCredentialAsync(string address, CancellationToken cancellationToken = default);

    /// <summary>Replaces a user's credential. Returns false when there is no such user.</summary>
    Task<bool> SetCredentialAsync(string address, UserCredential credential, CancellationToken cancellationToken = default);

    /// <summary>Deletes a user with all their mailboxes and messages. Returns false when there is no such user.</summary>
    Task<bool> DeleteUserAsync(string address, CancellationToken cancellationToken = default);

    /// <summary>
    /// Adds one alias target. <paramref name="source"/> is an address, or <c>@domain</c> for the domain's
    /// catch-all; the source's domain must be local. Several targets per source fan out. Returns false when the
    /// pair already exists.
    /// </summary>
    Task<bool> AddAliasAsync(string source, EmailAddress target, CancellationToken cancellationToken = default);

    /// <summary>Deletes one target of an alias, or every target when <paramref name="target"/> is null.</summary>
    Task<bool> DeleteAliasAsync(string source, string? target, CancellationToken cancellationToken = default);

    /// <summary>Aliases, optionally of one domain, sorted.</summary>
    Task<IReadOnlyList<AliasEntry>> ListAliasesAsync(string? domain = null, CancellationToken cancellationToken = default);

    /// <summary>
    /// Finds where mail for a recipient goes, in this order: a user with that exact address; an alias with
    /// that exact address (expanded recursively, at most 8 levels, loops ignored); the same two lookups with
    /// a plus tag removed (<c>alice+news@</c> → <c>alice@</c>); the domain's catch-all.
    /// </summary>
    Task<RecipientResolution> ResolveAsync(EmailAddress recipient, CancellationToken cancellationToken = default);
}

/// <summary>A local user.</summary>
public sealed record UserAccount(long Id, string Address, DateTimeOffset CreatedAt);

/// <summary>One alias row: mail for <see cref="Source"/> (or a catch-all <c>@domain</c>) goes to <see cref="Target"/>.</summary>
public sealed record AliasEntry(string Source, string Target);

/// <summary>
/// SCRAM-SHA-256 keys (RFC 5802 §3): the server keeps StoredKey and ServerKey, never the password.
/// </summary>
public sealed record UserCredential(byte[] Salt, int Iterations, byte[] StoredKey, byte[] ServerKey);

/// <summary>The outcome of <see cref="IAccountStore.ResolveAsync"/>.</summary>
/// <param name="Users">Local users who receive the message (no duplicates).</param>
/// <param name="ExternalTargets">Alias targets outside the local domains, to be forwarded.</param>
public sealed record RecipientResolution(IReadOnlyList<UserAccount> Users, IReadOnlyList<EmailAddress> ExternalTargets)
{
    /// <summary>True when nobody receives mail at this address.</summary>
    public bool IsUnknown => Users.Count == 0 && ExternalTargets.Count == 0;
}

/// <summary>An account operation that breaks a rule (domain not local, user exists…); the message says which.</summary>
public sealed class AccountStoreException(string message) : Exception(message);
