namespace Wren.Store.Messages;

/// <summary>
/// What an IMAP4rev2 server (RFC 9051) needs of the store, with CONDSTORE/QRESYNC (RFC 7162), UIDPLUS
/// (RFC 4315), MOVE (RFC 6851), SPECIAL-USE (RFC 6154), QUOTA (RFC 9208) and OBJECTID (RFC 8474).
/// Every change goes through the store's one writer: it is durable (fsynced) when the task completes, it
/// is all-or-nothing, and it is published on <see cref="Changes"/> in commit order before the task
/// completes. Mailboxes are named for mailbox operations and COPY/MOVE/APPEND targets (as IMAP names
/// them) and addressed by id for the selected mailbox (the id survives renames). Every call checks that
/// the mailbox belongs to <c>userId</c>; a refusal is a <see cref="MailStoreException"/> whose
/// <see cref="MailStoreException.Error"/> maps to an IMAP response code.
/// </summary>
public interface IMailboxStore
{
    /// <summary>Every committed change, in commit order (the same feed as <see cref="IMailStore.Changes"/>).</summary>
    IChangeFeed Changes { get; }

    /// <summary>
    /// The limits of users who have none of their own (RFC 9208); unlimited unless the server configures it.
    /// Read by the writer at each check, so a change applies to the next operation.
    /// </summary>
    QuotaLimits DefaultQuota { get; set; }

    /// <summary>
    /// How long expunged UIDs are remembered for QRESYNC (RFC 7162 §3.2.5.1 VANISHED (EARLIER)); older
    /// ones are forgotten as later expunges happen in the mailbox. 90 days unless set.
    /// </summary>
    TimeSpan ExpungedRetention { get; set; }

    // ---- Mailboxes -------------------------------------------------------------------------------------

    /// <summary>
    /// RFC 9051 §6.3.4 CREATE: creates the mailbox and every missing superior name (as selectable mailboxes).
    /// A trailing '/' is dropped. <paramref name="specialUse"/> is an RFC 6154 attribute (CREATE-SPECIAL-USE).
    /// Returns the new mailbox.
    /// </summary>
    /// <exception cref="MailStoreException">AlreadyExists, InvalidName, UseAttr.</exception>
    Task<MailboxStatus> CreateMailboxAsync(long userId, string name, string? specialUse = null, CancellationToken cancellationToken = default);

    /// <summary>
    /// RFC 9051 §6.3.5 DELETE: removes the mailbox and its messages (their blobs go with their last
    /// reference); inferior names stay (they then imply this name as a \NonExistent parent in listings).
    /// Subscriptions are left alone (RFC 9051 §6.3.7).
    /// </summary>
    /// <exception cref="MailStoreException">NonExistent; Cannot for INBOX.</exception>
    Task DeleteMailboxAsync(long userId, string name, CancellationToken cancellationToken = default);

    /// <summary>
    /// RFC 9051 §6.3.6 RENAME: renames the mailbox and its inferiors (ids, MAILBOXIDs, UIDVALIDITY and UIDs
    /// are kept: UIDVALIDITY values are unique in the whole store, so the new name never meets an old
    /// UIDVALIDITY), creates missing superiors of the new name, and moves subscriptions along. Renaming INBOX
    /// creates the new mailbox, moves INBOX's messages into it (new UIDs there) and leaves INBOX empty, its
    /// inferiors untouched.
    /// </summary>
    /// <exception cref="MailStoreException">NonExistent, AlreadyExists, InvalidName, Cannot.</exception>
    Task RenameMailboxAsync(long userId, string oldName, string newName, CancellationToken cancellationToken = default);

    /// <summary>RFC 9051 §6.3.7 SUBSCRIBE: the name need not exist. Returns false when it was subscribed already.</summary>
    Task<bool> SubscribeAsync(long userId, string name, CancellationToken cancellationToken = default);

    /// <summary>RFC 9051 §6.3.8 UNSUBSCRIBE. Returns false when the name was not subscribed.</summary>
    Task<bool> UnsubscribeAsync(long userId, string name, CancellationToken cancellationToken = default);

    /// <summary>
    /// Every name LIST/LSUB can show, sorted by name: the user's mailboxes, the superior names their names
    /// imply without a mailbox (<see cref="MailboxListEntry.Exists"/> false), and subscribed names that do
    /// not exist. Pattern matching is the caller's.
    /// </summary>
    Task<IReadOnlyList<MailboxListEntry>> ListMailboxesAsync(long userId, CancellationToken cancellationToken = default);

    /// <summary>RFC 9051 §6.3.11 STATUS (and SELECT's numbers) by name; null when there is no such mailbox.</summary>
    Task<MailboxStatus?> GetStatusAsync(long userId, string name, CancellationToken cancellationToken = default);

    /// <summary>STATUS by id (the selected mailbox, wherever it was renamed to); null when it is gone.</summary>
    Task<MailboxStatus?> GetStatusAsync(long userId, long mailboxId, CancellationToken cancellationToken = default);

    /// <summary>
    /// The keywords ever used in the mailbox (for FLAGS and PERMANENTFLAGS), in the spelling first used.
    /// </summary>
    Task<IReadOnlyList<string>> GetKeywordsAsync(long userId, long mailboxId, CancellationToken cancellationToken = default);

    // ---- Messages ---------------------------------------------------------------------------------------

    /// <summary>
    /// The mailbox's state and messages in UID order, read in one snapshot: SELECT's listing, or with
    /// <see cref="MessageQuery.ChangedSince"/> the CONDSTORE FETCH (CHANGEDSINCE) set. Null when the mailbox
    /// does not exist (or is not the user's).
    /// </summary>
    Task<MailboxSnapshot?> GetMessagesAsync(long userId, long mailboxId, MessageQuery? query = null, CancellationToken cancellationToken = default);

    /// <summary>
    /// Opens a message's content for reading: a seekable stream (Seek/Position give BODY[]&lt;partial&gt; ranges
    /// without reading what comes before); null when it does not exist.
    /// </summary>
    Task<Stream?> OpenMessageAsync(long userId, long messageId, CancellationToken cancellationToken = default);

    /// <summary>The summary stored with a message's content (opaque to the store), or null.</summary>
    Task<string?> GetSummaryAsync(long userId, long messageId, CancellationToken cancellationToken = default);

    /// <summary>
    /// Stores a summary for a message's content (every copy sharing it sees it), e.g. for messages stored
    /// before summaries existed. Returns false when the message does not exist. No change is published.
    /// </summary>
    Task<bool> SetSummaryAsync(long userId, long messageId, string summary, CancellationToken cancellationToken = default);

    /// <summary>
    /// RFC 9051 §6.4.6 STORE with RFC 7162 §3.1.3 UNCHANGEDSINCE: in one transaction, every message of
    /// <paramref name="uids"/> whose flags or keywords actually change gets the mailbox's next MODSEQ (one for
    /// the whole operation) together with its new flags; a message whose MODSEQ is above
    /// <paramref name="unchangedSince"/> is left alone and reported. UIDs not in the mailbox are ignored.
    /// </summary>
    /// <exception cref="MailStoreException">NonExistent (mailbox), InvalidKeyword.</exception>
    Task<StoreFlagsResult> StoreFlagsAsync(long userId, long mailboxId, UidSet uids, FlagChange change, long? unchangedSince = null,
        CancellationToken cancellationToken = default);

    /// <summary>
    /// RFC 9051 §6.3.12 APPEND (RFC 4315 APPENDUID): files the spooled message into the named mailbox with
    /// its flags, keywords and internal date, checking the user's quota strictly (RFC 9208 §4.2). The spool
    /// must come from <see cref="IMailStore.CreateSpool"/>; dispose it afterwards in every case.
    /// </summary>
    /// <exception cref="MailStoreException">NonExistent (→ [TRYCREATE]), InvalidKeyword.</exception>
    /// <exception cref="QuotaExceededException">Over quota (→ [OVERQUOTA]); nothing is stored.</exception>
    Task<AppendResult> AppendAsync(long userId, string mailbox, AppendRequest request, CancellationToken cancellationToken = default);

    /// <summary>
    /// RFC 9051 §6.4.7 COPY (RFC 4315 COPYUID): copies the messages to another mailbox of the user in UID
    /// order, keeping flags, keywords and internal date (content is shared, not copied), after a strict quota
    /// check. Returns the UID mapping; empty when none of the UIDs exist.
    /// </summary>
    /// <exception cref="MailStoreException">NonExistent (source or target → [TRYCREATE]).</exception>
    /// <exception cref="QuotaExceededException">Over quota; nothing is copied.</exception>
    Task<CopyResult> CopyAsync(long userId, long sourceMailboxId, UidSet uids, string targetMailbox, CancellationToken cancellationToken = default);

    /// <summary>
    /// RFC 6851 MOVE: copy and expunge in one transaction (§3.1: atomic). The user's usage does not change,
    /// so there is no quota check. Expunges are recorded for QRESYNC and published like any other.
    /// </summary>
    /// <exception cref="MailStoreException">NonExistent (source or target).</exception>
    Task<CopyResult> MoveAsync(long userId, long sourceMailboxId, UidSet uids, string targetMailbox, CancellationToken cancellationToken = default);

    /// <summary>
    /// RFC 9051 §6.4.3 EXPUNGE / RFC 4315 UID EXPUNGE: removes the messages flagged \Deleted (only those in
    /// <paramref name="uids"/> when given), each with its own new MODSEQ, remembering their UIDs for QRESYNC.
    /// Returns the UIDs removed, ascending.
    /// </summary>
    /// <exception cref="MailStoreException">NonExistent.</exception>
    Task<IReadOnlyList<long>> ExpungeAsync(long userId, long mailboxId, UidSet? uids = null, CancellationToken cancellationToken = default);

    /// <summary>
    /// RFC 7162 §3.2.5.1 / §3.2.10: UIDs expunged from the mailbox with a MODSEQ above
    /// <paramref name="sinceModSeq"/>. When that reaches back beyond what is remembered
    /// (<see cref="VanishedResult.Exact"/> false), the answer is every UID below UIDNEXT that no message has
    /// now (a superset RFC 7162 §3.2.5.1 allows). Null when the mailbox does not exist.
    /// </summary>
    Task<VanishedResult?> GetVanishedAsync(long userId, long mailboxId, long sinceModSeq, CancellationToken cancellationToken = default);

    // ---- Quota (RFC 9208) -------------------------------------------------------------------------------

    /// <summary>The user's usage (kept up to date in every transaction) and effective limits; null for no such user.</summary>
    Task<QuotaUsage?> GetQuotaAsync(long userId, CancellationToken cancellationToken = default);

    /// <summary>Sets the user's own limits, or with null makes them follow <see cref="DefaultQuota"/> again. False for no such user.</summary>
    Task<bool> SetQuotaAsync(long userId, QuotaLimits? limits, CancellationToken cancellationToken = default);
}

/// <summary>How a STORE changes flags (RFC 9051 §6.4.6: FLAGS, +FLAGS, -FLAGS).</summary>
public enum FlagOperation
{
    /// <summary>Replace the flags and keywords.</summary>
    Set,
    /// <summary>Add them.</summary>
    Add,
    /// <summary>Remove them.</summary>
    Remove,
}

/// <summary>A STORE's change: system flags and keywords (atoms compared case-insensitively).</summary>
public sealed record FlagChange(FlagOperation Operation, MessageFlags Flags, IReadOnlyCollection<string>? Keywords = null);

/// <summary>The outcome of a STORE.</summary>
/// <param name="Changed">Messages whose flags changed, ascending by UID, with their new state and MODSEQ.</param>
/// <param name="Unchanged">Messages the change left as they were (no new MODSEQ), with their current state.</param>
/// <param name="Modified">RFC 7162 §3.1.3 MODIFIED: UIDs not stored because their MODSEQ was above UNCHANGEDSINCE.</param>
/// <param name="HighestModSeq">The mailbox's HIGHESTMODSEQ afterwards.</param>
public sealed record StoreFlagsResult(IReadOnlyList<MessageFlagState> Changed, IReadOnlyList<MessageFlagState> Unchanged,
    IReadOnlyList<long> Modified, long HighestModSeq);

/// <summary>One message's flags, keywords and MODSEQ.</summary>
public sealed record MessageFlagState(long Uid, MessageFlags Flags, IReadOnlyList<string> Keywords, long ModSeq);

/// <summary>What APPEND files.</summary>
/// <param name="Spool">The content (from <see cref="IMailStore.CreateSpool"/>).</param>
/// <param name="Flags">Initial system flags.</param>
/// <param name="Keywords">Initial keywords.</param>
/// <param name="InternalDate">INTERNALDATE (the client's, or now).</param>
public sealed record AppendRequest(MessageSpool Spool, MessageFlags Flags, IReadOnlyCollection<string>? Keywords, DateTimeOffset InternalDate)
{
    /// <summary>Opaque summary the caller computed from the spool, stored with the content.</summary>
    public string? Summary { get; init; }
}

/// <summary>RFC 4315 APPENDUID data, and the new message's identity.</summary>
public sealed record AppendResult(long MailboxId, long UidValidity, long Uid, long ModSeq, long MessageId, string EmailId);

/// <summary>RFC 4315 COPYUID data.</summary>
/// <param name="TargetMailboxId">The mailbox copied to.</param>
/// <param name="UidValidity">Its UIDVALIDITY.</param>
/// <param name="SourceUids">Source UIDs copied, ascending.</param>
/// <param name="TargetUids">Their new UIDs, in the same order (ascending too).</param>
public sealed record CopyResult(long TargetMailboxId, long UidValidity, IReadOnlyList<long> SourceUids, IReadOnlyList<long> TargetUids);

/// <summary>The UIDs of VANISHED (EARLIER).</summary>
/// <param name="Uids">Expunged UIDs, ascending.</param>
/// <param name="Exact">
/// True when these are exactly the UIDs expunged after the MODSEQ asked for; false when expunges that old
/// were forgotten and <see cref="Uids"/> is every UID below UIDNEXT that has no message.
/// </param>
public sealed record VanishedResult(UidSet Uids, bool Exact);

/// <summary>Which messages <see cref="IMailboxStore.GetMessagesAsync"/> returns and what with them.</summary>
public sealed record MessageQuery
{
    /// <summary>Only these UIDs (null: all).</summary>
    public UidSet? Uids { get; init; }

    /// <summary>RFC 7162 §3.1.4.1 CHANGEDSINCE: only messages whose MODSEQ is above this.</summary>
    public long? ChangedSince { get; init; }

    /// <summary>Include each message's stored summary (costs reading it).</summary>
    public bool IncludeSummaries { get; init; }

    /// <summary>Include each message's Subject as decoded at commit (<see cref="MessageEntry.Subject"/>).</summary>
    public bool IncludeSubjects { get; init; }
}

/// <summary>A mailbox's state and (some of) its messages at one instant.</summary>
public sealed record MailboxSnapshot(MailboxStatus Status, IReadOnlyList<MessageEntry> Messages);

/// <summary>One message as SELECT, FETCH and SEARCH need it, without reading its content.</summary>
/// <param name="MessageId">The store's id (for <see cref="IMailboxStore.OpenMessageAsync"/>).</param>
/// <param name="Uid">UID.</param>
/// <param name="ModSeq">RFC 7162 MODSEQ of its last change.</param>
/// <param name="Flags">System flags.</param>
/// <param name="Keywords">Keywords (empty for most).</param>
/// <param name="InternalDate">INTERNALDATE with its original offset.</param>
/// <param name="Size">RFC822.SIZE in octets.</param>
/// <param name="EmailId">RFC 8474 EMAILID: the same for every copy of the same content.</param>
/// <param name="BlobId">The content's id: equal for copies sharing it (cache key).</param>
public sealed record MessageEntry(long MessageId, long Uid, long ModSeq, MessageFlags Flags, IReadOnlyList<string> Keywords,
    DateTimeOffset InternalDate, long Size, string EmailId, long BlobId)
{
    /// <summary>RFC 8474 THREADID; null (NIL) until threads are computed.</summary>
    public string? ThreadId { get; init; }

    /// <summary>The stored summary, when asked for and present.</summary>
    public string? Summary { get; init; }

    /// <summary>
    /// The Subject decoded at commit (RFC 2047 words decoded, at most <see cref="MaxStoredSubjectLength"/>
    /// characters), when asked for; null when the message has none, or its header could not be read at commit.
    /// </summary>
    public string? Subject { get; init; }

    /// <summary>Longest Subject kept with a message; a longer one is cut (search the header itself then).</summary>
    public const int MaxStoredSubjectLength = 998;
}

/// <summary>A mailbox's numbers (RFC 9051 §6.3.11 STATUS, SELECT, RFC 7162, RFC 8474).</summary>
/// <param name="MailboxId">Its id in the store (stable across renames).</param>
/// <param name="Name">Its name now.</param>
/// <param name="ObjectId">RFC 8474 MAILBOXID.</param>
/// <param name="SpecialUse">RFC 6154 attribute, or null.</param>
/// <param name="UidValidity">UIDVALIDITY.</param>
/// <param name="UidNext">UIDNEXT.</param>
/// <param name="HighestModSeq">HIGHESTMODSEQ.</param>
/// <param name="Messages">MESSAGES.</param>
/// <param name="Unseen">UNSEEN: messages without \Seen.</param>
/// <param name="Deleted">DELETED (RFC 9051): messages with \Deleted.</param>
/// <param name="Size">SIZE (RFC 8438): total octets.</param>
public sealed record MailboxStatus(long MailboxId, string Name, string ObjectId, string? SpecialUse, long UidValidity, long UidNext,
    long HighestModSeq, long Messages, long Unseen, long Deleted, long Size);

/// <summary>One name LIST can show.</summary>
/// <param name="Name">The full name ('/' delimited).</param>
/// <param name="MailboxId">The mailbox, or null when the name has none (<see cref="Exists"/> false).</param>
/// <param name="ObjectId">RFC 8474 MAILBOXID, or null.</param>
/// <param name="SpecialUse">RFC 6154 attribute, or null.</param>
/// <param name="Exists">
/// A mailbox has this name. When false the name is only implied by inferiors or subscribed: LIST shows
/// \NonExistent (RFC 9051 §7.3.1; \Noselect to rev1 clients).
/// </param>
/// <param name="HasChildren">Some mailbox has an inferior name (\HasChildren, else \HasNoChildren).</param>
/// <param name="Subscribed">The name is subscribed (\Subscribed).</param>
public sealed record MailboxListEntry(string Name, long? MailboxId, string? ObjectId, string? SpecialUse, bool Exists, bool HasChildren,
    bool Subscribed);

/// <summary>RFC 9208 limits: STORAGE in octets (reported in KiB) and MESSAGE count; null is unlimited.</summary>
public sealed record QuotaLimits(long? StorageBytes, long? Messages)
{
    /// <summary>No limit on anything.</summary>
    public static readonly QuotaLimits Unlimited = new(null, null);
}

/// <summary>A user's quota root: usage and the limits that apply.</summary>
/// <param name="StorageBytes">Sum of the sizes of all the user's messages (every copy counts).</param>
/// <param name="Messages">Number of the user's messages.</param>
/// <param name="Limits">The limits in force.</param>
/// <param name="OwnLimits">True when <paramref name="Limits"/> are the user's own, false when they are the server default.</param>
public sealed record QuotaUsage(long StorageBytes, long Messages, QuotaLimits Limits, bool OwnLimits);

/// <summary>How a delivery is held to the recipient's quota (RFC 9208).</summary>
public enum QuotaEnforcement
{
    /// <summary>Not at all (DSNs, the sender's Sent copy, internal filing).</summary>
    None,
    /// <summary>
    /// Refused only when the user is already at or over a limit: the message that crosses it is accepted
    /// (SMTP delivery, so that one nearly full mailbox does not hold up the other recipients).
    /// </summary>
    BelowLimit,
    /// <summary>Refused when the user would be over a limit with it (APPEND, COPY).</summary>
    Strict,
}
