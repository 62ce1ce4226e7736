namespace Wren.Imap.Protocol;

/// <summary>GETQUOTAROOT mailbox (RFC 9208 §4.3).</summary>
/// <param name="Tag">The client's tag.</param>
/// <param name="Mailbox">The decoded mailbox name.</param>
public sealed record GetQuotaRootCommand(string Tag, string Mailbox) : ImapCommand(Tag)
{
    /// <inheritdoc />
    public override string Name => "GETQUOTAROOT";
}
