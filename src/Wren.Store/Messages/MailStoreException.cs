namespace Wren.Store.Messages;

/// <summary>
/// A mail store operation that breaks a rule (a delivery to a mailbox that does not exist, a name taken…);
/// the message says which and <see cref="Error"/> says what kind, for the protocol's response code. Only
/// the offending operation fails; others committed in the same batch are stored.
/// </summary>
public class MailStoreException : Exception
{
    /// <summary>A refusal of no particular kind.</summary>
    public MailStoreException(string message)
        : this(MailStoreError.Refused, message)
    {
    }

    /// <summary>A refusal of the given kind.</summary>
    public MailStoreException(MailStoreError error, string message)
        : base(message)
    {
        Error = error;
    }

    /// <summary>What kind of refusal (maps to IMAP response codes, RFC 5530).</summary>
    public MailStoreError Error { get; }
}

/// <summary>Kinds of <see cref="MailStoreException"/>, named after the IMAP response codes they map to.</summary>
public enum MailStoreError
{
    /// <summary>Anything else (IMAP NO without a code).</summary>
    Refused,
    /// <summary>No such mailbox or message ([NONEXISTENT]; [TRYCREATE] for an APPEND/COPY/MOVE target).</summary>
    NonExistent,
    /// <summary>The name is taken ([ALREADYEXISTS]).</summary>
    AlreadyExists,
    /// <summary>Not allowed for this mailbox, e.g. deleting INBOX ([CANNOT]).</summary>
    Cannot,
    /// <summary>The mailbox name is not acceptable ([CANNOT]).</summary>
    InvalidName,
    /// <summary>A keyword is not an atom (IMAP BAD).</summary>
    InvalidKeyword,
    /// <summary>An unknown special-use attribute ([USEATTR], RFC 6154 §3).</summary>
    UseAttr,
    /// <summary>Over quota ([OVERQUOTA], RFC 9208 §5; SMTP 452 4.2.2 / 552 5.2.2): see <see cref="QuotaExceededException"/>.</summary>
    OverQuota,
}

/// <summary>
/// A user's quota (RFC 9208) does not allow the operation; nothing of it was stored. IMAP answers
/// NO [OVERQUOTA]; SMTP answers 452 4.2.2 (RFC 3463 mailbox full), or 552 5.2.2 when
/// <see cref="NeverFits"/> (the message alone is larger than the limit).
/// </summary>
public sealed class QuotaExceededException(long userId, string resource, long usage, long limit, long requested)
    : MailStoreException(MailStoreError.OverQuota,
        $"User {userId} is over quota: {resource} {usage} used + {requested} requested > limit {limit}.")
{
    /// <summary>RFC 9208 STORAGE resource.</summary>
    public const string Storage = "STORAGE";

    /// <summary>RFC 9208 MESSAGE resource.</summary>
    public const string MessageCount = "MESSAGE";

    /// <summary>The user whose quota it is.</summary>
    public long UserId { get; } = userId;

    /// <summary><see cref="Storage"/> (octets) or <see cref="MessageCount"/>.</summary>
    public string Resource { get; } = resource;

    /// <summary>Current usage of the resource.</summary>
    public long Usage { get; } = usage;

    /// <summary>Its limit.</summary>
    public long Limit { get; } = limit;

    /// <summary>What the operation would add.</summary>
    public long Requested { get; } = requested;

    /// <summary>True when the request alone exceeds the limit: retrying can never succeed.</summary>
    public bool NeverFits => Requested > Limit;
}
