namespace Wren.Imap.Protocol;

/// <summary>UNSELECT (RFC 9051 §6.4.2, RFC 3691).</summary>
/// <param name="Tag">The client's tag.</param>
public sealed record UnselectCommand(string Tag) : ImapCommand(Tag)
{
    /// <inheritdoc />
    public override string Name => "UNSELECT";
}
