using Wren.Store.Blobs;
using Wren.Store.Messages;

namespace Wren.Store.Sqlite;

/// <summary>
/// One <see cref="IMailStore.CommitAsync"/> call waiting for the writer: the message, its content made
/// ready on the caller's thread (inline bytes, or a file already fsynced), and the task to complete.
/// </summary>
internal sealed class PendingCommit(AcceptedMessage message, SpillingSpool spool, byte[]? inline, BlobFile? file,
    HeaderSummary headers, string? envelopeJson) : WriterJob
{
    private const int Queued = 0;
    private const int Claimed = 1;
    private const int Cancelled = 2;

    private int state;

    public AcceptedMessage Message { get; } = message;
    public SpillingSpool Spool { get; } = spool;

    /// <summary>The content when it is small enough to live in the database.</summary>
    public byte[]? Inline { get; } = inline;

    /// <summary>The content's file when it is not inline.</summary>
    public BlobFile? File { get; } = file;

    public long Size => Spool.Length;
    public HeaderSummary Headers { get; } = headers;

    /// <summary>The outbound envelope as JSON, when the message is queued.</summary>
    public string? EnvelopeJson { get; } = envelopeJson;

    public TaskCompletionSource<CommitResult> Completion { get; } = new(TaskCreationOptions.RunContinuationsAsynchronously);

    /// <summary>The writer takes it; from then on it is committed or fails, and cancellation no longer applies.</summary>
    public bool TryClaim() => Interlocked.CompareExchange(ref state, Claimed, Queued) == Queued;

    /// <summary>The caller gives up while it is still queued: the writer will skip it.</summary>
    public void Cancel(CancellationToken cancellationToken)
    {
        if (Interlocked.CompareExchange(ref state, Cancelled, Queued) != Queued)
            return;
        Spool.EndCommit(committed: false);
        Completion.TrySetCanceled(cancellationToken);
    }

    /// <summary>Completes a claimed commit that did not happen.</summary>
    public void Fail(Exception exception)
    {
        Spool.EndCommit(committed: false);
        Completion.TrySetException(exception);
    }
}
