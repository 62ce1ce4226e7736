namespace Wren.Imap.Protocol;

/// <summary>
/// SELECT's QRESYNC (uidvalidity modseq [known-uids] [(known-sequence-set known-uid-set)]) (RFC 7162 §3.2.5).
/// </summary>
/// <param name="UidValidity">The UIDVALIDITY the client last knew (non-zero).</param>
/// <param name="ModSeq">The last HIGHESTMODSEQ the client knew.</param>
/// <param name="KnownUids">The UIDs the client knows, or null for all.</param>
/// <param name="KnownSequenceNumbers">Message sequence numbers of the sequence match data, or null.</param>
/// <param name="KnownSequenceUids">The UIDs matching <paramref name="KnownSequenceNumbers"/>, or null.</param>
public sealed record QResyncParameters(
    uint UidValidity,
    ulong ModSeq,
    ImapSequenceSet? KnownUids,
    ImapSequenceSet? KnownSequenceNumbers,
    ImapSequenceSet? KnownSequenceUids);
