namespace Wren.Imap.Protocol;

/// <summary>A partial range of a FETCH body section, <c>&lt;origin.length&gt;</c> (RFC 9051 §6.4.5).</summary>
/// <param name="Offset">First octet wanted (0-based).</param>
/// <param name="Length">Octets wanted (non-zero).</param>
public readonly record struct ImapPartial(ulong Offset, ulong Length);
