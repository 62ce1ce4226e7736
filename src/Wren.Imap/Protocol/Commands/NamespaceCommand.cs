namespace Wren.Imap.Protocol;

/// <summary>NAMESPACE (RFC 9051 §6.3.10, RFC 2342).</summary>
/// <param name="Tag">The client's tag.</param>
public sealed record NamespaceCommand(string Tag) : ImapCommand(Tag)
{
    /// <inheritdoc />
    public override string Name => "NAMESPACE";
}
