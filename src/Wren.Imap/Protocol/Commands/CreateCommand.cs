namespace Wren.Imap.Protocol;

/// <summary>CREATE mailbox [(USE (attrs))] (RFC 9051 §6.3.4, CREATE-SPECIAL-USE RFC 6154 §3).</summary>
/// <param name="Tag">The client's tag.</param>
/// <param name="Mailbox">The decoded mailbox name.</param>
/// <param name="SpecialUse">The special-use attributes asked for (e.g. <c>\Sent</c>), as sent; empty without USE.</param>
public sealed record CreateCommand(string Tag, string Mailbox, IReadOnlyList<string> SpecialUse) : ImapCommand(Tag)
{
    /// <inheritdoc />
    public override string Name => "CREATE";
}
