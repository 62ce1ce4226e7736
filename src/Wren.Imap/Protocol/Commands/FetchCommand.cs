namespace Wren.Imap.Protocol;

/// <summary>
/// FETCH / UID FETCH set items [(CHANGEDSINCE modseq [VANISHED])] (RFC 9051 §6.4.5, CONDSTORE RFC 7162
/// §3.1.4, QRESYNC §3.2.6). Macros ALL, FAST and FULL arrive expanded (RFC 9051 §6.4.5).
/// </summary>
/// <param name="Tag">The client's tag.</param>
/// <param name="Uid">UID FETCH: the set holds UIDs and UID is returned with every message.</param>
/// <param name="Set">The messages.</param>
/// <param name="Items">The data items asked for, in order.</param>
/// <param name="ChangedSince">CHANGEDSINCE: only messages with a greater MODSEQ; null without it.</param>
/// <param name="Vanished">VANISHED (only with UID FETCH and CHANGEDSINCE): report expunged UIDs too.</param>
public sealed record FetchCommand(
    string Tag,
    bool Uid,
    ImapSequenceSet Set,
    IReadOnlyList<FetchItem> Items,
    ulong? ChangedSince,
    bool Vanished) : ImapCommand(Tag)
{
    /// <inheritdoc />
    public override string Name => Uid ? "UID FETCH" : "FETCH";
}
