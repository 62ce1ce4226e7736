using Wren.Store.Queue;

namespace Wren.Bench.Outbound;

/// <summary>
/// With <c>--profile</c>: passes every call to the real <see cref="IQueueStore"/> and times it, to show where
/// the scheduler's time goes — listing due entries, re-reading each one, opening content, recording outcomes
/// (<see cref="IQueueStore.UpdateAsync"/> waits for the group commit that makes it durable).
/// Times are wall times seen by the caller, waiting included.
/// </summary>
internal sealed class ProfilingQueueStore(IQueueStore inner) : IQueueStore
{
    public CallStatistics ListDue { get; } = new("ListDueAsync");
    public CallStatistics ListDueIds { get; } = new("ListDueIdsAsync");
    public CallStatistics Get { get; } = new("GetAsync");
    public CallStatistics NextAttempt { get; } = new("NextAttemptAsync");
    public CallStatistics NextAttemptAfter { get; } = new("NextAttemptAfterAsync");
    public CallStatistics OpenContent { get; } = new("OpenContentAsync");
    public CallStatistics Update { get; } = new("UpdateAsync");

    public IEnumerable<CallStatistics> All => [ListDue, ListDueIds, Get, NextAttempt, NextAttemptAfter, OpenContent, Update];

    public Task<IReadOnlyList<QueueEntry>> ListAsync(CancellationToken cancellationToken = default) => inner.ListAsync(cancellationToken);

    public Task<IReadOnlyList<QueueEntry>> ListDueAsync(DateTimeOffset now, int limit, CancellationToken cancellationToken = default) =>
        ListDue.TimeAsync(() => inner.ListDueAsync(now, limit, cancellationToken), r => r.Count);

    public Task<IReadOnlyList<long>> ListDueIdsAsync(DateTimeOffset now, int limit, CancellationToken cancellationToken = default) =>
        ListDueIds.TimeAsync(() => inner.ListDueIdsAsync(now, limit, cancellationToken), r => r.Count);

    public Task<QueueEntry?> GetAsync(long id, CancellationToken cancellationToken = default) =>
        Get.TimeAsync(() => inner.GetAsync(id, cancellationToken));

    public Task<DateTimeOffset?> NextAttemptAsync(CancellationToken cancellationToken = default) =>
        NextAttempt.TimeAsync(() => inner.NextAttemptAsync(cancellationToken));

    public Task<DateTimeOffset?> NextAttemptAfterAsync(DateTimeOffset after, CancellationToken cancellationToken = default) =>
        NextAttemptAfter.TimeAsync(() => inner.NextAttemptAfterAsync(after, cancellationToken));

    public Task<Stream?> OpenContentAsync(long id, CancellationToken cancellationToken = default) =>
        OpenContent.TimeAsync(() => inner.OpenContentAsync(id, cancellationToken));

    public Task<QueueUpdateResult> UpdateAsync(QueueUpdate update, CancellationToken cancellationToken = default) =>
        Update.TimeAsync(() => inner.UpdateAsync(update, cancellationToken));

    public Task<int> RetryNowAsync(long? id, DateTimeOffset now, CancellationToken cancellationToken = default) =>
        inner.RetryNowAsync(id, now, cancellationToken);

    public Task<bool> DeleteAsync(long id, CancellationToken cancellationToken = default) => inner.DeleteAsync(id, cancellationToken);
}
