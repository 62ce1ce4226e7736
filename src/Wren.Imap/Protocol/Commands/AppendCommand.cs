namespace Wren.Imap.Protocol;

/// <summary>
/// APPEND mailbox [(flags)] [date-time] message (RFC 9051 §6.3.12; literal8 RFC 3516 §4.4; UTF8 (literal8)
/// RFC 6855 §4). The message itself is not in the command: it is streamed from the connection, see
/// <see cref="ImapCommandReader.OpenAppendMessageAsync"/>.
/// </summary>
/// <param name="Tag">The client's tag.</param>
/// <param name="Mailbox">The decoded mailbox name.</param>
/// <param name="Flags">The flags to set, as sent (system flags start with a backslash).</param>
/// <param name="InternalDate">The internal date to set, or null for now.</param>
/// <param name="Message">What the client announced about the message literal.</param>
public sealed record AppendCommand(
    string Tag,
    string Mailbox,
    IReadOnlyList<string> Flags,
    DateTimeOffset? InternalDate,
    ImapAppendLiteral Message) : ImapCommand(Tag)
{
    /// <inheritdoc />
    public override string Name => "APPEND";
}
