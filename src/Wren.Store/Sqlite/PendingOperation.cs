using Wren.Store.Messages;

namespace Wren.Store.Sqlite;

/// <summary>
/// A mailbox operation (STORE, COPY, MOVE, EXPUNGE, CREATE, RENAME…) waiting for the one writer. It joins a
/// group commit inside its own savepoint: a refusal (<see cref="MailStoreException"/>) undoes it alone, and
/// its caller's task completes once the batch's transaction is durable and its changes are published.
/// </summary>
internal abstract class PendingOperation : WriterJob
{
    private const int Queued = 0;
    private const int Claimed = 1;
    private const int Cancelled = 2;

    private int state;

    /// <summary>The writer takes it; from then on it is committed or fails, and cancellation no longer applies.</summary>
    public bool TryClaim() => Interlocked.CompareExchange(ref state, Claimed, Queued) == Queued;

    /// <summary>The caller gives up while it is still queued: the writer will skip it.</summary>
    public void Cancel(CancellationToken cancellationToken)
    {
        if (Interlocked.CompareExchange(ref state, Cancelled, Queued) == Queued)
            SetCanceled(cancellationToken);
    }

    /// <summary>Writes the operation inside the current transaction; returns its result (never null).</summary>
    public abstract object Run(SqliteBatchWriter writer, WriteContext context);

    /// <summary>Completes the caller's task with the result <see cref="Run"/> gave, once durable.</summary>
    public abstract void Complete(object result);

    /// <summary>Completes the caller's task with a failure.</summary>
    public abstract void Fail(Exception exception);

    protected abstract void SetCanceled(CancellationToken cancellationToken);
}

/// <summary>An operation whose result is a <typeparamref name="T"/>.</summary>
internal sealed class PendingOperation<T>(Func<SqliteBatchWriter, WriteContext, T> body) : PendingOperation
    where T : notnull
{
    public TaskCompletionSource<T> Completion { get; } = new(TaskCreationOptions.RunContinuationsAsynchronously);

    public override object Run(SqliteBatchWriter writer, WriteContext context) => body(writer, context);

    public override void Complete(object result) => Completion.TrySetResult((T)result);

    public override void Fail(Exception exception) => Completion.TrySetException(exception);

    protected override void SetCanceled(CancellationToken cancellationToken) => Completion.TrySetCanceled(cancellationToken);
}

/// <summary>What an operation may add to its batch: the clock, changes to publish, blob files to delete after the commit.</summary>
internal sealed class WriteContext(DateTimeOffset now, StoreSettings settings, List<StoreChange> changes, List<string> unusedFiles)
{
    public DateTimeOffset Now { get; } = now;
    public StoreSettings Settings { get; } = settings;
    public List<StoreChange> Changes { get; } = changes;
    public List<string> UnusedFiles { get; } = unusedFiles;
}

/// <summary>Settings of a running store that the writer reads at each operation.</summary>
internal sealed class StoreSettings
{
    private volatile QuotaLimits defaultQuota = QuotaLimits.Unlimited;
    private long expungedRetentionTicks = TimeSpan.FromDays(90).Ticks;

    /// <summary>See <see cref="IMailboxStore.DefaultQuota"/>.</summary>
    public QuotaLimits DefaultQuota
    {
        get => defaultQuota;
        set => defaultQuota = value ?? throw new ArgumentNullException(nameof(value));
    }

    /// <summary>See <see cref="IMailboxStore.ExpungedRetention"/>.</summary>
    public TimeSpan ExpungedRetention
    {
        get => TimeSpan.FromTicks(Interlocked.Read(ref expungedRetentionTicks));
        set
        {
            ArgumentOutOfRangeException.ThrowIfLessThan(value, TimeSpan.Zero);
            Interlocked.Exchange(ref expungedRetentionTicks, value.Ticks);
        }
    }
}
