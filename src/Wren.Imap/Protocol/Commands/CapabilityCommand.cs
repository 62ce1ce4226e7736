namespace Wren.Imap.Protocol;

/// <summary>CAPABILITY (RFC 9051 §6.1.1).</summary>
/// <param name="Tag">The client's tag.</param>
public sealed record CapabilityCommand(string Tag) : ImapCommand(Tag)
{
    /// <inheritdoc />
    public override string Name => "CAPABILITY";
}
