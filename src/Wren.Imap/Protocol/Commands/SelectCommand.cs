namespace Wren.Imap.Protocol;

/// <summary>
/// SELECT or EXAMINE mailbox [(CONDSTORE / QRESYNC (...))] (RFC 9051 §6.3.2-3, RFC 7162 §3.1.8 and §3.2.5).
/// </summary>
/// <param name="Tag">The client's tag.</param>
/// <param name="Mailbox">The decoded mailbox name.</param>
/// <param name="ReadOnly">EXAMINE rather than SELECT.</param>
/// <param name="CondStore">The CONDSTORE parameter was given (RFC 7162 §3.1.8): CONDSTORE is enabled.</param>
/// <param name="QResync">The QRESYNC parameter, or null.</param>
public sealed record SelectCommand(string Tag, string Mailbox, bool ReadOnly, bool CondStore, QResyncParameters? QResync)
    : ImapCommand(Tag)
{
    /// <inheritdoc />
    public override string Name => ReadOnly ? "EXAMINE" : "SELECT";
}
