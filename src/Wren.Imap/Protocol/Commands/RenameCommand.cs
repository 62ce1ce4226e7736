namespace Wren.Imap.Protocol;

/// <summary>RENAME existing new (RFC 9051 §6.3.6).</summary>
/// <param name="Tag">The client's tag.</param>
/// <param name="From">The existing mailbox.</param>
/// <param name="To">The new name.</param>
public sealed record RenameCommand(string Tag, string From, string To) : ImapCommand(Tag)
{
    /// <inheritdoc />
    public override string Name => "RENAME";
}
