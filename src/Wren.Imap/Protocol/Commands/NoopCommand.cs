namespace Wren.Imap.Protocol;

/// <summary>NOOP (RFC 9051 §6.1.2).</summary>
/// <param name="Tag">The client's tag.</param>
public sealed record NoopCommand(string Tag) : ImapCommand(Tag)
{
    /// <inheritdoc />
    public override string Name => "NOOP";
}
