namespace Wren.Imap.Protocol;

/// <summary>MOVE / UID MOVE set mailbox (RFC 9051 §6.4.8, RFC 6851).</summary>
/// <param name="Tag">The client's tag.</param>
/// <param name="Uid">UID MOVE: the set holds UIDs.</param>
/// <param name="Set">The messages.</param>
/// <param name="Mailbox">The decoded destination mailbox.</param>
public sealed record MoveCommand(string Tag, bool Uid, ImapSequenceSet Set, string Mailbox) : ImapCommand(Tag)
{
    /// <inheritdoc />
    public override string Name => Uid ? "UID MOVE" : "MOVE";
}
