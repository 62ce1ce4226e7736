namespace Wren.Imap.Protocol;

/// <summary>STATUS mailbox (items) (RFC 9051 §6.3.11).</summary>
/// <param name="Tag">The client's tag.</param>
/// <param name="Mailbox">The decoded mailbox name.</param>
/// <param name="Items">The items asked for, in order.</param>
public sealed record StatusCommand(string Tag, string Mailbox, IReadOnlyList<StatusItem> Items) : ImapCommand(Tag)
{
    /// <inheritdoc />
    public override string Name => "STATUS";
}
