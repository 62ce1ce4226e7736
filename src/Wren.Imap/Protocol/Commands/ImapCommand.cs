namespace Wren.Imap.Protocol;

/// <summary>
/// One client command, parsed (RFC 9051 §6). Match on the concrete type; <see cref="Name"/> is for logs and
/// responses ("UID FETCH").
/// </summary>
/// <param name="Tag">The client's tag, echoed in the tagged response.</param>
public abstract record ImapCommand(string Tag)
{
    /// <summary>The command's name as the RFC spells it, upper case.</summary>
    public abstract string Name { get; }
}
