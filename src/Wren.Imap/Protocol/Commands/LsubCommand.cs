namespace Wren.Imap.Protocol;

/// <summary>LSUB reference pattern (RFC 3501 §6.3.9; gone from IMAP4rev2).</summary>
/// <param name="Tag">The client's tag.</param>
/// <param name="Reference">The decoded reference name.</param>
/// <param name="Pattern">The decoded pattern, with its % and * wildcards.</param>
public sealed record LsubCommand(string Tag, string Reference, string Pattern) : ImapCommand(Tag)
{
    /// <inheritdoc />
    public override string Name => "LSUB";
}
