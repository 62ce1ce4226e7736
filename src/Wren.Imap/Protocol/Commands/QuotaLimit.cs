namespace Wren.Imap.Protocol;

/// <summary>One resource limit of SETQUOTA (RFC 9208 §4.4).</summary>
/// <param name="Resource">The resource name, upper case (STORAGE, MESSAGE, MAILBOX, ANNOTATION-STORAGE).</param>
/// <param name="Limit">The limit (STORAGE in units of 1024 octets).</param>
public sealed record QuotaLimit(string Resource, ulong Limit);
