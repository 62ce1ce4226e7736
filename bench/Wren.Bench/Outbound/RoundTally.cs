using Wren.Store.Queue;

namespace Wren.Bench.Outbound;

/// <summary>
/// Listens to <c>QueueScheduler.RoundRecorded</c>: completes when every queued entry has had its first round
/// recorded — removed from the queue (all recipients delivered) or kept for a retry (some deferred, which
/// the retry schedule puts minutes away, beyond any run).
/// </summary>
internal sealed class RoundTally(int entries)
{
    private readonly TaskCompletionSource done = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private int removed;
    private int kept;

    /// <summary>Entries that left the queue.</summary>
    public int Removed => Volatile.Read(ref removed);

    /// <summary>Entries whose round ended with recipients still pending.</summary>
    public int Kept => Volatile.Read(ref kept);

    /// <summary>Completes when <c>entries</c> rounds are recorded.</summary>
    public Task Done => done.Task;

    public void OnRound(long id, QueueUpdateResult result)
    {
        int total = result.Removed ? Interlocked.Increment(ref removed) + Kept : Interlocked.Increment(ref kept) + Removed;
        if (total >= entries)
            done.TrySetResult();
    }
}
