using System.Globalization;
using Wren.Store.Messages;

namespace Wren.Pop3.Server;

/// <summary>
/// A session's view of the user's INBOX, fixed at login (RFC 1939 §5: message numbers stay the same for the
/// whole session), with the messages marked by DELE. Nothing is removed until the UPDATE state.
/// </summary>
internal sealed class Maildrop
{
    private readonly MailboxListing _listing;
    private readonly bool[] _deleted;

    private Maildrop(long userId, MailboxListing listing)
    {
        UserId = userId;
        _listing = listing;
        _deleted = new bool[listing.Messages.Count];
    }

    public long UserId { get; }

    public long MailboxId => _listing.MailboxId;

    /// <summary>Messages in the listing, deleted or not (the highest valid message number).</summary>
    public int Count => _listing.Messages.Count;

    /// <summary>Messages not marked as deleted.</summary>
    public int LiveCount { get; private set; }

    /// <summary>Octets of the messages not marked as deleted.</summary>
    public long LiveSize { get; private set; }

    public static Maildrop Open(long userId, MailboxListing listing)
    {
        var maildrop = new Maildrop(userId, listing);
        maildrop.Reset();
        return maildrop;
    }

    public MailboxMessage this[int number] => _listing.Messages[number - 1];

    public bool IsDeleted(int number) => _deleted[number - 1];

    public void Delete(int number)
    {
        _deleted[number - 1] = true;
        LiveCount--;
        LiveSize -= this[number].Size;
    }

    /// <summary>RFC 1939 §5 RSET: unmarks every message.</summary>
    public void Reset()
    {
        Array.Clear(_deleted);
        LiveCount = Count;
        LiveSize = _listing.Messages.Sum(m => m.Size);
    }

    /// <summary>The store ids of the messages marked as deleted.</summary>
    public IReadOnlyList<long> DeletedMessageIds() =>
        Enumerable.Range(1, Count).Where(IsDeleted).Select(n => this[n].MessageId).ToList();

    /// <summary>
    /// RFC 1939 §7: a unique-id is 1 to 70 characters in 0x21..0x7E, and stays the same for the message in
    /// every session. UIDVALIDITY and UID together name a message for its whole life (RFC 9051 §2.3.1.1),
    /// and the mailbox gets a new UIDVALIDITY if UIDs are ever reassigned, so a client never mistakes one
    /// message for another.
    /// </summary>
    public string UniqueId(int number) =>
        string.Create(CultureInfo.InvariantCulture, $"{_listing.UidValidity}-{this[number].Uid}");
}
