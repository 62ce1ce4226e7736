namespace Wren.Imap.Protocol;

/// <summary>DELETE mailbox (RFC 9051 §6.3.5).</summary>
/// <param name="Tag">The client's tag.</param>
/// <param name="Mailbox">The decoded mailbox name.</param>
public sealed record DeleteCommand(string Tag, string Mailbox) : ImapCommand(Tag)
{
    /// <inheritdoc />
    public override string Name => "DELETE";
}
