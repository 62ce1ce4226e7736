namespace Wren.Imap.Protocol;

/// <summary>LOGOUT (RFC 9051 §6.1.3).</summary>
/// <param name="Tag">The client's tag.</param>
public sealed record LogoutCommand(string Tag) : ImapCommand(Tag)
{
    /// <inheritdoc />
    public override string Name => "LOGOUT";
}
