namespace Wren.Imap.Protocol;

/// <summary>
/// Hard limits on what one client command may cost. Exceeding one never throws: the reader returns an
/// <see cref="ImapCommandError"/> the session answers (RFC 9051 §7.1 TOOBIG / RFC 5530 LIMIT), and the
/// connection stays usable.
/// </summary>
public sealed record ImapLimits
{
    /// <summary>The defaults: 64 KiB lines, 64 KiB literals, 1 MiB commands, 64 MiB messages, LITERAL- rules.</summary>
    public static ImapLimits Default { get; } = new();

    /// <summary>
    /// Longest line, CRLF included, between literals (RFC 9051 §4: servers should accept at least 8192
    /// octets; real clients send long UID sets, so the default is 64 KiB).
    /// </summary>
    public int MaxLineLength { get; init; } = 64 * 1024;

    /// <summary>Largest literal anywhere but an APPEND message (a password, a search string, a mailbox name).</summary>
    public long MaxLiteralSize { get; init; } = 64 * 1024;

    /// <summary>Largest APPEND message literal; also what APPENDLIMIT (RFC 7889) should advertise.</summary>
    public long MaxAppendSize { get; init; } = 64L * 1024 * 1024;

    /// <summary>Largest whole command: every line and literal, APPEND message data excepted.</summary>
    public int MaxCommandSize { get; init; } = 1024 * 1024;

    /// <summary>
    /// Largest non-synchronizing literal <c>{n+}</c> accepted. RFC 7888 §4 (LITERAL-): 4096, the default;
    /// null means LITERAL+ (any size up to the other limits).
    /// </summary>
    public long? MaxNonSynchronizingLiteralSize { get; init; } = 4096;

    /// <summary>Deepest nesting of parenthesised lists, NOT and OR in search criteria.</summary>
    public int MaxNestingDepth { get; init; } = 32;
}
