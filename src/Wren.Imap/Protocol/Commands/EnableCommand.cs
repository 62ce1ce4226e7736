namespace Wren.Imap.Protocol;

/// <summary>ENABLE capability... (RFC 5161 §3.1, RFC 9051 §6.3.1).</summary>
/// <param name="Tag">The client's tag.</param>
/// <param name="Capabilities">The capability names as sent, upper-cased.</param>
public sealed record EnableCommand(string Tag, IReadOnlyList<string> Capabilities) : ImapCommand(Tag)
{
    /// <inheritdoc />
    public override string Name => "ENABLE";
}
