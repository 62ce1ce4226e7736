namespace Wren.Imap.Protocol;

/// <summary>IDLE (RFC 9051 §6.3.13, RFC 2177). The session answers "+ idling" and reads the end with <see cref="ImapCommandReader.ReadIdleDoneAsync"/>.</summary>
/// <param name="Tag">The client's tag.</param>
public sealed record IdleCommand(string Tag) : ImapCommand(Tag)
{
    /// <inheritdoc />
    public override string Name => "IDLE";
}
