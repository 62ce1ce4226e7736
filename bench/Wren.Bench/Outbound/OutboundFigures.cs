using Wren.Bench.Smtp;

namespace Wren.Bench.Outbound;

/// <summary>What one <c>Wren.Bench outbound</c> run measured.</summary>
/// <param name="Queued">Entries queued before the scheduler started.</param>
/// <param name="FillTime">Time to queue them.</param>
/// <param name="Elapsed">From the scheduler's start until every entry's round was recorded (or the timeout).</param>
/// <param name="TimedOut">The queue did not empty within the timeout (or the run was interrupted).</param>
/// <param name="Delivered">Recipients the sink accepted.</param>
/// <param name="Deferred">Recipients deferred (temporary failures, kept queued).</param>
/// <param name="Failed">Recipients failed (permanent failures, bounced).</param>
/// <param name="EntriesRemoved">Entries that left the queue with all their recipients done.</param>
/// <param name="EntriesLeft">Entries still in the queue afterwards (read back from the store).</param>
/// <param name="RecipientsPending">Recipients still pending afterwards (read back from the store).</param>
/// <param name="Sessions">SMTP sessions (one connection each).</param>
/// <param name="Jobs">Transactions sent over them (one per message here: all recipients share one domain).</param>
/// <param name="MaxOpenSessions">Most sessions open at once.</param>
/// <param name="DnsLookups">DNS lookups made during delivery.</param>
/// <param name="Process">This process's memory and CPU over the delivery phase.</param>
/// <param name="AllocatedBytes">Managed bytes allocated during the delivery phase.</param>
/// <param name="Collections">GC collections (gen 0, 1, 2) during the delivery phase.</param>
/// <param name="Problems">A few diagnostics of deferred or failed recipients.</param>
internal sealed record OutboundFigures(
    int Queued, TimeSpan FillTime, TimeSpan Elapsed, bool TimedOut,
    long Delivered, long Deferred, long Failed, int EntriesRemoved, int EntriesLeft, int RecipientsPending,
    long Sessions, long Jobs, int MaxOpenSessions, long DnsLookups,
    ServerProcessFigures Process, long AllocatedBytes, (int Gen0, int Gen1, int Gen2) Collections,
    IReadOnlyList<string> Problems)
{
    /// <summary>With <c>--profile</c>: the queue store's calls and the transport's sessions and jobs, timed.</summary>
    public IReadOnlyList<CallStatistics> Profile { get; init; } = [];

    /// <summary>Every queued message delivered to every recipient, the queue empty, nothing failed or deferred.</summary>
    public bool NothingLost(int expectedRecipients) =>
        !TimedOut && Delivered == expectedRecipients && Deferred == 0 && Failed == 0 && EntriesRemoved == Queued
        && EntriesLeft == 0 && RecipientsPending == 0;
}
