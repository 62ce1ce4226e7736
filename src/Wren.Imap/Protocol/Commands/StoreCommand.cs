namespace Wren.Imap.Protocol;

/// <summary>
/// STORE / UID STORE set [(UNCHANGEDSINCE modseq)] [+|-]FLAGS[.SILENT] flags (RFC 9051 §6.4.6, RFC 7162 §3.1.3).
/// </summary>
/// <param name="Tag">The client's tag.</param>
/// <param name="Uid">UID STORE: the set holds UIDs.</param>
/// <param name="Set">The messages.</param>
/// <param name="Mode">Replace, add or remove.</param>
/// <param name="Silent">.SILENT: no untagged FETCH for the changes.</param>
/// <param name="Flags">The flags, as sent.</param>
/// <param name="UnchangedSince">UNCHANGEDSINCE: the conditional store's MODSEQ; null without it.</param>
public sealed record StoreCommand(
    string Tag,
    bool Uid,
    ImapSequenceSet Set,
    StoreMode Mode,
    bool Silent,
    IReadOnlyList<string> Flags,
    ulong? UnchangedSince) : ImapCommand(Tag)
{
    /// <inheritdoc />
    public override string Name => Uid ? "UID STORE" : "STORE";
}
