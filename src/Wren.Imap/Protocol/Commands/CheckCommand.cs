namespace Wren.Imap.Protocol;

/// <summary>CHECK (RFC 3501 §6.4.1; gone from IMAP4rev2, where a server may treat it as NOOP).</summary>
/// <param name="Tag">The client's tag.</param>
public sealed record CheckCommand(string Tag) : ImapCommand(Tag)
{
    /// <inheritdoc />
    public override string Name => "CHECK";
}
