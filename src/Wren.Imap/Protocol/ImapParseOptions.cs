namespace Wren.Imap.Protocol;

/// <summary>Session state that changes how commands are parsed.</summary>
public sealed record ImapParseOptions
{
    /// <summary>IMAP4rev1 without UTF8=ACCEPT: mailbox names in modified UTF-7.</summary>
    public static ImapParseOptions Default { get; } = new();

    /// <summary>
    /// True once the client enabled UTF8=ACCEPT (RFC 6855 §3) or IMAP4rev2 (RFC 9051 §5.1): mailbox names
    /// are UTF-8 as sent and never modified-UTF-7 decoded.
    /// </summary>
    public bool Utf8MailboxNames { get; init; }

    /// <summary>The limits that apply inside a command (nesting depth).</summary>
    public ImapLimits Limits { get; init; } = ImapLimits.Default;
}
