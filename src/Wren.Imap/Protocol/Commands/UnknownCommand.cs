namespace Wren.Imap.Protocol;

/// <summary>A command this parser does not know (an extension not supported, or a typo): the session answers BAD (RFC 9051 §7.1.5). The rest of the line was not parsed.</summary>
/// <param name="Tag">The client's tag.</param>
/// <param name="CommandName">The command name as sent, upper-cased.</param>
public sealed record UnknownCommand(string Tag, string CommandName) : ImapCommand(Tag)
{
    /// <inheritdoc />
    public override string Name => CommandName;
}
