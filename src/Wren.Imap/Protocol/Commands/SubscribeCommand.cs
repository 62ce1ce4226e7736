namespace Wren.Imap.Protocol;

/// <summary>SUBSCRIBE mailbox (RFC 9051 §6.3.7).</summary>
/// <param name="Tag">The client's tag.</param>
/// <param name="Mailbox">The decoded mailbox name.</param>
public sealed record SubscribeCommand(string Tag, string Mailbox) : ImapCommand(Tag)
{
    /// <inheritdoc />
    public override string Name => "SUBSCRIBE";
}
