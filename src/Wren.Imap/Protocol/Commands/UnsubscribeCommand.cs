namespace Wren.Imap.Protocol;

/// <summary>UNSUBSCRIBE mailbox (RFC 9051 §6.3.8).</summary>
/// <param name="Tag">The client's tag.</param>
/// <param name="Mailbox">The decoded mailbox name.</param>
public sealed record UnsubscribeCommand(string Tag, string Mailbox) : ImapCommand(Tag)
{
    /// <inheritdoc />
    public override string Name => "UNSUBSCRIBE";
}
