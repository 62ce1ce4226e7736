using Wren.Mail.Envelopes;

namespace Wren.Store.Messages;

/// <summary>
/// Mailboxes and messages with IMAP semantics, and the outbound queue's records. The one rule: when
/// <see cref="CommitAsync"/> returns, the message, its mailbox rows and its queue records are on disk
/// (fsynced); a crash at any instant leaves either all of it or none of it.
/// </summary>
public interface IMailStore
{
    /// <summary>
    /// Starts a new message. The caller writes the message's bytes (exactly as they should be stored) into
    /// <see cref="MessageSpool.Content"/>, in bounded memory whatever the size, then commits or disposes it.
    /// </summary>
    MessageSpool CreateSpool();

    /// <summary>
    /// Files one message into every delivery's mailbox and, when <see cref="AcceptedMessage.Outbound"/> has
    /// recipients, records it in the outbound queue — all in one durable transaction. Many concurrent commits
    /// share one transaction and one fsync (group commit). Returns what was stored.
    /// </summary>
    Task<CommitResult> CommitAsync(AcceptedMessage message, CancellationToken cancellationToken = default);

    /// <summary>A user's mailboxes.</summary>
    Task<IReadOnlyList<MailboxInfo>> ListMailboxesAsync(long userId, CancellationToken cancellationToken = default);

    /// <summary>A user's messages, newest first; all mailboxes when <paramref name="mailbox"/> is null.</summary>
    Task<IReadOnlyList<StoredMessageInfo>> ListMessagesAsync(long userId, string? mailbox = null, CancellationToken cancellationToken = default);

    /// <summary>Opens a stored message of this user for reading (streamed), or null when it does not exist.</summary>
    Task<Stream?> OpenMessageAsync(long userId, long messageId, CancellationToken cancellationToken = default);

    /// <summary>
    /// The messages of one of a user's mailboxes in UID order, with the mailbox's id and UIDVALIDITY (POP3's
    /// maildrop is this listing of INBOX); null when the user has no such mailbox.
    /// </summary>
    Task<MailboxListing?> ListMailboxAsync(long userId, string mailbox, CancellationToken cancellationToken = default);

    /// <summary>
    /// Removes the given messages of one mailbox in one durable transaction (synchronous=FULL commit before
    /// this returns): their rows go, blobs that nothing references any more are deleted, and each removal
    /// raises the mailbox's HIGHESTMODSEQ and is published as <see cref="StoreChangeKind.MessageExpunged"/>
    /// in commit order. Messages already gone (expunged by another session) are skipped. Returns the UIDs
    /// removed, ascending. Not cancellable once handed to the writer: an expunge that started finishes.
    /// </summary>
    /// <exception cref="MailStoreException">The mailbox is not the user's.</exception>
    Task<IReadOnlyList<long>> ExpungeAsync(long userId, long mailboxId, IReadOnlyCollection<long> messageIds,
        CancellationToken cancellationToken = default);

    /// <summary>Every committed change, published once in commit order.</summary>
    IChangeFeed Changes { get; }
}

/// <summary>
/// A message being received. Write the content, then pass it to <see cref="IMailStore.CommitAsync"/>
/// inside an <see cref="AcceptedMessage"/>; dispose it in every case (a disposed, uncommitted spool leaves
/// nothing behind).
/// </summary>
public abstract class MessageSpool : IAsyncDisposable
{
    /// <summary>Write-only stream for the message bytes.</summary>
    public abstract Stream Content { get; }

    /// <summary>Bytes written so far.</summary>
    public abstract long Length { get; }

    /// <summary>
    /// A seekable read-only view of the bytes written so far, to examine the message before committing it
    /// (e.g. to build its IMAP summary). Dispose it before the commit.
    /// </summary>
    public abstract Stream OpenRead();

    /// <inheritdoc />
    public abstract ValueTask DisposeAsync();
}

/// <summary>A message to file.</summary>
/// <param name="Spool">Its content.</param>
/// <param name="Deliveries">Local mailboxes that receive it (may be empty when it only goes out).</param>
/// <param name="Outbound">Envelope with the remote recipients to queue, or null.</param>
/// <param name="InternalDate">IMAP INTERNALDATE: when it arrived.</param>
public sealed record AcceptedMessage(
    MessageSpool Spool,
    IReadOnlyList<MailboxDelivery> Deliveries,
    Envelope? Outbound,
    DateTimeOffset InternalDate)
{
    /// <summary>
    /// Opaque summary the caller computed from the spool (e.g. ENVELOPE and BODYSTRUCTURE as JSON), stored
    /// once with the content and shared by every copy; read back with <see cref="IMailboxStore.GetSummaryAsync"/>.
    /// </summary>
    public string? Summary { get; init; }
}

/// <summary>One local copy: a user's mailbox by name (e.g. INBOX, Junk) and its initial flags.</summary>
public sealed record MailboxDelivery(long UserId, string Mailbox = "INBOX", MessageFlags Flags = MessageFlags.None)
{
    /// <summary>Initial keywords (IMAP atoms such as <c>$Junk</c>), or null.</summary>
    public IReadOnlyCollection<string>? Keywords { get; init; }

    /// <summary>
    /// How the user's quota holds this copy back (none by default). When refused, the whole commit fails with
    /// <see cref="QuotaExceededException"/> and nothing of it is stored.
    /// </summary>
    public QuotaEnforcement Quota { get; init; }
}

/// <summary>What a commit stored: one row per delivery, and the queue id when queued.</summary>
public sealed record CommitResult(IReadOnlyList<StoredMessageRef> Messages, long? QueueId);

/// <summary>Where one delivered copy lives.</summary>
public sealed record StoredMessageRef(long MessageId, long UserId, long MailboxId, long Uid, long ModSeq)
{
    /// <summary>The mailbox's UIDVALIDITY (with <see cref="Uid"/>: RFC 4315 APPENDUID).</summary>
    public long UidValidity { get; init; }

    /// <summary>RFC 8474 EMAILID of the content.</summary>
    public string EmailId { get; init; } = "";
}

/// <summary>IMAP system flags (RFC 9051 §2.3.2).</summary>
[Flags]
public enum MessageFlags
{
    /// <summary>No flag.</summary>
    None = 0,
    /// <summary>\Seen.</summary>
    Seen = 1,
    /// <summary>\Answered.</summary>
    Answered = 2,
    /// <summary>\Flagged.</summary>
    Flagged = 4,
    /// <summary>\Deleted.</summary>
    Deleted = 8,
    /// <summary>\Draft.</summary>
    Draft = 16,
}

/// <summary>IMAP state of one mailbox.</summary>
public sealed record MailboxInfo(long Id, string Name, string? SpecialUse, long UidValidity, long UidNext, long HighestModSeq, int MessageCount);

/// <summary>One message as listed by <c>wren mail list</c>; header fields are parsed once, at commit.</summary>
public sealed record StoredMessageInfo(
    long Id, string Mailbox, long Uid, long ModSeq, MessageFlags Flags, DateTimeOffset InternalDate, long Size,
    string? From, string? Subject, string? MessageIdHeader);

/// <summary>A mailbox's messages at one moment, in UID order.</summary>
/// <param name="MailboxId">The mailbox.</param>
/// <param name="UidValidity">Its UIDVALIDITY: with a UID, names a message for the life of the mailbox.</param>
/// <param name="Messages">Its messages, ascending by UID.</param>
public sealed record MailboxListing(long MailboxId, long UidValidity, IReadOnlyList<MailboxMessage> Messages);

/// <summary>One message of a <see cref="MailboxListing"/>.</summary>
/// <param name="MessageId">The store's id (for <see cref="IMailStore.OpenMessageAsync"/>).</param>
/// <param name="Uid">Its UID in the mailbox.</param>
/// <param name="Size">Its size in octets, as stored.</param>
public sealed record MailboxMessage(long MessageId, long Uid, long Size);

/// <summary>A committed store change.</summary>
/// <param name="Kind">What happened.</param>
/// <param name="UserId">Whose mailbox.</param>
/// <param name="MailboxId">Which mailbox.</param>
/// <param name="Uid">The message's UID, when the change concerns one message.</param>
/// <param name="ModSeq">The mailbox's new HIGHESTMODSEQ (the message's MODSEQ for message changes).</param>
/// <remarks>
/// Carries what an IMAP session needs to announce the change without reading the database: the new
/// message's listing row (EXISTS, then FETCH from its cache), the new flags (FETCH FLAGS MODSEQ), the
/// mailbox names (LIST updates).
/// </remarks>
public sealed record StoreChange(StoreChangeKind Kind, long UserId, long MailboxId, long? Uid, long ModSeq)
{
    /// <summary><see cref="StoreChangeKind.MessageAdded"/>: the new message as a listing shows it (without summary).</summary>
    public MessageEntry? Message { get; init; }

    /// <summary><see cref="StoreChangeKind.FlagsChanged"/>: the new system flags.</summary>
    public MessageFlags? Flags { get; init; }

    /// <summary><see cref="StoreChangeKind.FlagsChanged"/>: the new keywords.</summary>
    public IReadOnlyList<string>? Keywords { get; init; }

    /// <summary>Mailbox changes: the mailbox's name (after a rename, the new one).</summary>
    public string? MailboxName { get; init; }

    /// <summary><see cref="StoreChangeKind.MailboxRenamed"/>: the name before.</summary>
    public string? OldMailboxName { get; init; }
}

/// <summary>Kinds of <see cref="StoreChange"/>.</summary>
public enum StoreChangeKind
{
    /// <summary>A message was added to a mailbox.</summary>
    MessageAdded,
    /// <summary>A message's flags changed.</summary>
    FlagsChanged,
    /// <summary>A message was expunged.</summary>
    MessageExpunged,
    /// <summary>A mailbox was created (<see cref="StoreChange.MailboxName"/>).</summary>
    MailboxCreated,
    /// <summary>A mailbox was renamed (<see cref="StoreChange.OldMailboxName"/> to <see cref="StoreChange.MailboxName"/>).</summary>
    MailboxRenamed,
    /// <summary>
    /// A mailbox was deleted with its messages (no per-message expunges are published: a session that has it
    /// selected treats every message as gone).
    /// </summary>
    MailboxDeleted,
    /// <summary>A message entered the outbound queue (<see cref="StoreChange.Uid"/> holds the queue id; user and mailbox are 0).</summary>
    MessageQueued,
}

/// <summary>In-process publication of committed changes (IMAP IDLE and concurrent sessions subscribe).</summary>
public interface IChangeFeed
{
    /// <summary>Calls <paramref name="handler"/> for every change committed after this call, in commit order, until disposed.</summary>
    IDisposable Subscribe(Action<StoreChange> handler);
}
