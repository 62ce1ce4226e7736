namespace Wren.Imap.Protocol;

/// <summary>
/// A command refused by the reader or the parser, with everything the session needs to answer it:
/// <c>{Tag ?? "*"} {Status} [{ResponseCode}] {Message}</c>.
/// </summary>
/// <param name="Tag">The command's tag, or null when none could be read (answer untagged, <c>* BAD</c>).</param>
/// <param name="Kind">What went wrong.</param>
/// <param name="Message">Human-readable text for the response.</param>
public sealed record ImapCommandError(string? Tag, ImapErrorKind Kind, string Message)
{
    /// <summary>NO for a well-formed command that cannot succeed, BAD otherwise.</summary>
    public ImapResponseStatus Status => Kind switch
    {
        ImapErrorKind.AppendTooLarge or ImapErrorKind.BadCharset or ImapErrorKind.InvalidMailboxName => ImapResponseStatus.No,
        _ => ImapResponseStatus.Bad,
    };

    /// <summary>
    /// The response code atom to put in brackets, or null: TOOBIG for sizes (RFC 9051 §7.1, RFC 7888 §4),
    /// LIMIT for counts (RFC 5530 §3), BADCHARSET (RFC 9051 §6.4.4; the session adds the supported list).
    /// </summary>
    public string? ResponseCode => Kind switch
    {
        ImapErrorKind.LineTooLong or ImapErrorKind.LiteralTooLarge or ImapErrorKind.NonSynchronizingLiteralTooLarge
            or ImapErrorKind.CommandTooLarge or ImapErrorKind.AppendTooLarge => "TOOBIG",
        ImapErrorKind.NestingTooDeep => "LIMIT",
        ImapErrorKind.BadCharset => "BADCHARSET",
        _ => null,
    };
}
