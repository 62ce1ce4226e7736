using Wren.Store.Queue;

namespace Wren.Delivery.Tests.Outbound;

/// <summary>Passes every call to the real queue store and counts the reads the scheduler makes.</summary>
internal sealed class CountingQueueStore(IQueueStore inner) : IQueueStore
{
    private int listDueCalls;
    private int listDueIdsCalls;
    private int idsListed;
    private int getCalls;

    public int ListDueCalls => Volatile.Read(ref listDueCalls);
    public int ListDueIdsCalls => Volatile.Read(ref listDueIdsCalls);
    public int IdsListed => Volatile.Read(ref idsListed);
    public int GetCalls => Volatile.Read(ref getCalls);

    public Task<IReadOnlyList<QueueEntry>> ListAsync(CancellationToken cancellationToken = default) => inner.ListAsync(cancellationToken);

    public Task<IReadOnlyList<QueueEntry>> ListDueAsync(DateTimeOffset now, int limit, CancellationToken cancellationToken = default)
    {
        Interlocked.Increment(ref listDueCalls);
        return inner.ListDueAsync(now, limit, cancellationToken);
    }

    public async Task<IReadOnlyList<long>> ListDueIdsAsync(DateTimeOffset now, int limit, CancellationToken cancellationToken = default)
    {
        Interlocked.Increment(ref listDueIdsCalls);
        var ids = await inner.ListDueIdsAsync(now, limit, cancellationToken);
        Interlocked.Add(ref idsListed, ids.Count);
        return ids;
    }

    public Task<QueueEntry?> GetAsync(long id, CancellationToken cancellationToken = default)
    {
        Interlocked.Increment(ref getCalls);
        return inner.GetAsync(id, cancellationToken);
    }

    public Task<DateTimeOffset?> NextAttemptAsync(CancellationToken cancellationToken = default) => inner.NextAttemptAsync(cancellationToken);

    public Task<DateTimeOffset?> NextAttemptAfterAsync(DateTimeOffset after, CancellationToken cancellationToken = default) =>
        inner.NextAttemptAfterAsync(after, cancellationToken);

    public Task<Stream?> OpenContentAsync(long id, CancellationToken cancellationToken = default) => inner.OpenContentAsync(id, cancellationToken);

    public Task<QueueUpdateResult> UpdateAsync(QueueUpdate update, CancellationToken cancellationToken = default) =>
        inner.UpdateAsync(update, cancellationToken);

    public Task<int> RetryNowAsync(long? id, DateTimeOffset now, CancellationToken cancellationToken = default) =>
        inner.RetryNowAsync(id, now, cancellationToken);

    public Task<bool> DeleteAsync(long id, CancellationToken cancellationToken = default) => inner.DeleteAsync(id, cancellationToken);
}
