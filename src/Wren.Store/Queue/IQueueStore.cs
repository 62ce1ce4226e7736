using Wren.Mail.Envelopes;
using Wren.Store.Messages;

namespace Wren.Store.Queue;

/// <summary>
/// The outbound queue: messages for other domains, recorded by <see cref="IMailStore.CommitAsync"/> in the same
/// durable transaction as their local copies. The delivery side reads due entries and records each
/// recipient's outcome here; an entry leaves the queue when no recipient is pending any more. Every change
/// that acknowledges something (a delivery, a bounce queued in place of a failed recipient) is fsynced before
/// the call returns, so a crash never loses a message and never forgets a delivery already made.
/// </summary>
public interface IQueueStore
{
    /// <summary>Every entry, oldest first (for <c>wren queue list</c>).</summary>
    Task<IReadOnlyList<QueueEntry>> ListAsync(CancellationToken cancellationToken = default);

    /// <summary>
    /// Entries whose next attempt is due at <paramref name="now"/> and that still have pending recipients,
    /// earliest first, at most <paramref name="limit"/>.
    /// </summary>
    Task<IReadOnlyList<QueueEntry>> ListDueAsync(DateTimeOffset now, int limit, CancellationToken cancellationToken = default);

    /// <summary>
    /// The ids of the entries <see cref="ListDueAsync"/> would return, without reading them: the scheduler
    /// only needs to know which to start (each round reads its entry itself), and most are often in delivery
    /// already.
    /// </summary>
    Task<IReadOnlyList<long>> ListDueIdsAsync(DateTimeOffset now, int limit, CancellationToken cancellationToken = default);

    /// <summary>One entry, or null when it is not (or no longer) queued.</summary>
    Task<QueueEntry?> GetAsync(long id, CancellationToken cancellationToken = default);

    /// <summary>The earliest next attempt of any entry, or null when the queue is empty.</summary>
    Task<DateTimeOffset?> NextAttemptAsync(CancellationToken cancellationToken = default);

    /// <summary>
    /// The earliest next attempt later than <paramref name="after"/> of an entry with pending recipients, or
    /// null: when to look again, since what is due already is being delivered.
    /// </summary>
    Task<DateTimeOffset?> NextAttemptAfterAsync(DateTimeOffset after, CancellationToken cancellationToken = default);

    /// <summary>Opens an entry's stored bytes (streamed), or null when it is not queued.</summary>
    Task<Stream?> OpenContentAsync(long id, CancellationToken cancellationToken = default);

    /// <summary>
    /// Applies one delivery round's results in one durable transaction: recipient outcomes, the next
    /// attempt, and the bounce that reports failures (filed or queued like any other message). When no
    /// recipient remains pending, the entry is removed (and its content, once nothing else uses it).
    /// </summary>
    Task<QueueUpdateResult> UpdateAsync(QueueUpdate update, CancellationToken cancellationToken = default);

    /// <summary>Makes the entry (or every entry when null) due now. Returns how many entries changed.</summary>
    Task<int> RetryNowAsync(long? id, DateTimeOffset now, CancellationToken cancellationToken = default);

    /// <summary>Removes an entry without delivering or bouncing it. Returns false when it was not queued.</summary>
    Task<bool> DeleteAsync(long id, CancellationToken cancellationToken = default);
}

/// <summary>What a queue recipient's delivery has come to.</summary>
public enum QueueRecipientStatus
{
    /// <summary>Not delivered yet: tried again at the entry's next attempt.</summary>
    Pending,

    /// <summary>The next hop accepted it (250).</summary>
    Delivered,

    /// <summary>Permanently failed (5xx, or given up after the maximum queue time); the sender was told.</summary>
    Failed,
}

/// <summary>One queued message.</summary>
/// <param name="Id">The queue id.</param>
/// <param name="Envelope">The envelope (sender, every queued recipient, BODY, SMTPUTF8, DSN parameters).</param>
/// <param name="Size">The stored content's size in octets.</param>
/// <param name="QueuedAt">When it was accepted.</param>
/// <param name="NextAttemptAt">When it is due next.</param>
/// <param name="Attempts">Delivery rounds made so far.</param>
/// <param name="LastAttemptAt">When the last round ended, or null.</param>
/// <param name="DelayNotified">The sender has been sent a "delayed" DSN already.</param>
/// <param name="Recipients">Per recipient, in RCPT order.</param>
public sealed record QueueEntry(
    long Id,
    Envelope Envelope,
    long Size,
    DateTimeOffset QueuedAt,
    DateTimeOffset NextAttemptAt,
    int Attempts,
    DateTimeOffset? LastAttemptAt,
    bool DelayNotified,
    IReadOnlyList<QueueRecipient> Recipients)
{
    /// <summary>The recipients still waiting for delivery.</summary>
    public IEnumerable<QueueRecipient> Pending => Recipients.Where(r => r.Status == QueueRecipientStatus.Pending);
}

/// <summary>One recipient of a queue entry.</summary>
/// <param name="Position">Its index in the envelope's recipients (stable key within the entry).</param>
/// <param name="Recipient">The address with its DSN parameters.</param>
/// <param name="Status">Where its delivery stands.</param>
/// <param name="LastError">The last failure (the remote reply or a local reason), or null.</param>
/// <param name="RemoteMta">The host that gave the last reply, or null.</param>
/// <param name="UpdatedAt">When its status or error last changed, or null.</param>
public sealed record QueueRecipient(
    int Position,
    EnvelopeRecipient Recipient,
    QueueRecipientStatus Status,
    string? LastError,
    string? RemoteMta,
    DateTimeOffset? UpdatedAt);

/// <summary>One recipient's result in a delivery round.</summary>
/// <param name="Position">The recipient (<see cref="QueueRecipient.Position"/>).</param>
/// <param name="Status">Delivered, Failed, or Pending (deferred: try again).</param>
/// <param name="Error">The reply or reason, for Failed and Pending.</param>
/// <param name="RemoteMta">The host that answered, when one did.</param>
public sealed record RecipientOutcome(int Position, QueueRecipientStatus Status, string? Error = null, string? RemoteMta = null);

/// <summary>The results to record for one entry.</summary>
/// <param name="QueueId">The entry.</param>
public sealed record QueueUpdate(long QueueId)
{
    /// <summary>Recipient results; recipients not named keep their state.</summary>
    public IReadOnlyList<RecipientOutcome> Outcomes { get; init; } = [];

    /// <summary>When the recipients still pending are due next; null keeps the current time.</summary>
    public DateTimeOffset? NextAttemptAt { get; init; }

    /// <summary>This update ends a delivery round: the attempt counter grows and the round's end is recorded.</summary>
    public DateTimeOffset? RoundEndedAt { get; init; }

    /// <summary>Records that the "delayed" DSN has been sent (with <see cref="Bounce"/>).</summary>
    public bool MarkDelayNotified { get; init; }

    /// <summary>A DSN to file or queue in the same transaction as the outcomes it reports, or null.</summary>
    public AcceptedMessage? Bounce { get; init; }
}

/// <summary>What an update did.</summary>
/// <param name="Removed">The entry left the queue (no recipient pending).</param>
/// <param name="Bounce">Where the bounce went, when there was one.</param>
public sealed record QueueUpdateResult(bool Removed, CommitResult? Bounce)
{
    /// <summary>When the entry is due next, when it stays queued (null when removed).</summary>
    public DateTimeOffset? NextAttemptAt { get; init; }
}
