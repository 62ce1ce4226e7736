namespace Wren.Imap.Protocol;

/// <summary>A STATUS data item (RFC 9051 §6.3.11 and the extensions that add items).</summary>
public enum StatusItem
{
    /// <summary>MESSAGES.</summary>
    Messages,

    /// <summary>RECENT (IMAP4rev1 only, RFC 3501 §6.3.10).</summary>
    Recent,

    /// <summary>UIDNEXT.</summary>
    UidNext,

    /// <summary>UIDVALIDITY.</summary>
    UidValidity,

    /// <summary>UNSEEN.</summary>
    Unseen,

    /// <summary>DELETED (RFC 9051).</summary>
    Deleted,

    /// <summary>SIZE (RFC 9051, STATUS=SIZE RFC 8438).</summary>
    Size,

    /// <summary>HIGHESTMODSEQ (RFC 7162 §3.1.6).</summary>
    HighestModSeq,

    /// <summary>APPENDLIMIT (RFC 7889 §3.2).</summary>
    AppendLimit,

    /// <summary>MAILBOXID (RFC 8474 §4.2).</summary>
    MailboxId,

    /// <summary>DELETED-STORAGE (RFC 9208 §5.2).</summary>
    DeletedStorage,
}
