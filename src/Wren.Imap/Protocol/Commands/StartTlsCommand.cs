namespace Wren.Imap.Protocol;

/// <summary>STARTTLS (RFC 9051 §6.2.1). Bytes the client pipelined after it must be discarded.</summary>
/// <param name="Tag">The client's tag.</param>
public sealed record StartTlsCommand(string Tag) : ImapCommand(Tag)
{
    /// <inheritdoc />
    public override string Name => "STARTTLS";
}
