namespace Wren.Imap.Protocol;

/// <summary>UID EXPUNGE uid-set (RFC 9051 §6.4.9, UIDPLUS RFC 4315 §2.1).</summary>
/// <param name="Tag">The client's tag.</param>
/// <param name="Uids">The UIDs that may be expunged.</param>
public sealed record UidExpungeCommand(string Tag, ImapSequenceSet Uids) : ImapCommand(Tag)
{
    /// <inheritdoc />
    public override string Name => "UID EXPUNGE";
}
