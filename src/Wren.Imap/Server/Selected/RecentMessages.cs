namespace Wren.Imap.Server.Selected;

/// <summary>
/// Which messages are \Recent (RFC 3501 §2.3.2, IMAP4rev1 only; RFC 9051 dropped it): a message is recent in
/// exactly one session, the first to select its mailbox read-write, or to be told of it while selected, after
/// it arrived. One per server, shared by its sessions: per mailbox, the lowest UID no session has claimed yet.
/// Kept in memory only: after a restart the first session to select a mailbox sees all of its messages as
/// recent (clients treat \Recent as a hint, and IMAP4rev2 has none).
/// </summary>
public sealed class RecentMessages
{
    // Keyed by mailbox id and UIDVALIDITY: ids can be reused after a DELETE, UIDVALIDITY values are never reused.
    private readonly Dictionary<(long MailboxId, long UidValidity), long> _firstUnclaimed = [];
    private readonly Lock _lock = new();

    /// <summary>
    /// Claims for the caller every UID below <paramref name="uidNext"/> that no session has claimed; returns the
    /// first of them (UIDs from it up to <paramref name="uidNext"/> are recent for the caller alone), or
    /// <paramref name="uidNext"/> when there are none.
    /// </summary>
    public long Claim(long mailboxId, long uidValidity, long uidNext)
    {
        lock (_lock)
        {
            long first = _firstUnclaimed.GetValueOrDefault((mailboxId, uidValidity), 1);
            if (uidNext <= first)
                return uidNext;
            _firstUnclaimed[(mailboxId, uidValidity)] = uidNext;
            return first;
        }
    }

    /// <summary>The first UID no session has claimed (EXAMINE and STATUS look without claiming).</summary>
    public long FirstUnclaimed(long mailboxId, long uidValidity)
    {
        lock (_lock)
            return _firstUnclaimed.GetValueOrDefault((mailboxId, uidValidity), 1);
    }
}
