namespace Wren.Imap.Protocol;

/// <summary>CLOSE (RFC 9051 §6.4.1).</summary>
/// <param name="Tag">The client's tag.</param>
public sealed record CloseCommand(string Tag) : ImapCommand(Tag)
{
    /// <inheritdoc />
    public override string Name => "CLOSE";
}
