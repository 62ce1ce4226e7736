namespace Wren.Imap.Protocol;

/// <summary>The announcement of an APPEND message literal.</summary>
/// <param name="Length">The message size in octets.</param>
/// <param name="IsBinary">Sent as literal8 <c>~{n}</c> (RFC 3516): may hold NUL and unencoded binary.</param>
/// <param name="IsSynchronizing">
/// A synchronizing literal: the client waits for "+" before sending it, so the session may still refuse it
/// (NO [TOOBIG], NO [OVERQUOTA]) without reading a byte.
/// </param>
/// <param name="IsUtf8">The UTF8 (literal8) form of RFC 6855 §4: the message may have UTF-8 headers.</param>
public sealed record ImapAppendLiteral(long Length, bool IsBinary, bool IsSynchronizing, bool IsUtf8);
