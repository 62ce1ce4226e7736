namespace Wren.Imap.Protocol;

/// <summary>COPY / UID COPY set mailbox (RFC 9051 §6.4.7).</summary>
/// <param name="Tag">The client's tag.</param>
/// <param name="Uid">UID COPY: the set holds UIDs.</param>
/// <param name="Set">The messages.</param>
/// <param name="Mailbox">The decoded destination mailbox.</param>
public sealed record CopyCommand(string Tag, bool Uid, ImapSequenceSet Set, string Mailbox) : ImapCommand(Tag)
{
    /// <inheritdoc />
    public override string Name => Uid ? "UID COPY" : "COPY";
}
