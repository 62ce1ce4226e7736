namespace Wren.Imap.Protocol;

/// <summary>LOGIN userid password (RFC 9051 §6.2.3).</summary>
/// <param name="Tag">The client's tag.</param>
/// <param name="UserName">The user name.</param>
/// <param name="Password">The password.</param>
public sealed record LoginCommand(string Tag, string UserName, string Password) : ImapCommand(Tag)
{
    /// <inheritdoc />
    public override string Name => "LOGIN";
}
