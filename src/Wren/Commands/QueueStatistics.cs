using Wren.Store.Queue;

namespace Wren.Cli.Commands;

/// <summary>What <c>wren queue stats</c> reports: the queue's size, how stuck it is, and where it is stuck.</summary>
/// <param name="Entries">Queued messages.</param>
/// <param name="Pending">Recipients not delivered yet, over every entry.</param>
/// <param name="Deferred">Pending recipients that have been tried and failed temporarily (they have a last error).</param>
/// <param name="NeverTried">Pending recipients without a last error: not tried yet.</param>
/// <param name="OldestQueuedAt">When the oldest entry was queued, or null when the queue is empty.</param>
/// <param name="Domains">Per destination domain of pending recipients, most pending first.</param>
public sealed record QueueStatistics(
    int Entries,
    int Pending,
    int Deferred,
    int NeverTried,
    DateTimeOffset? OldestQueuedAt,
    IReadOnlyList<DomainQueueStatistics> Domains)
{
    /// <summary>Counts <paramref name="entries"/>.</summary>
    public static QueueStatistics Of(IReadOnlyList<QueueEntry> entries)
    {
        ArgumentNullException.ThrowIfNull(entries);
        var pending = entries
            .SelectMany(e => e.Pending.Select(r => (Entry: e, Recipient: r)))
            .ToList();
        var domains = pending
            .GroupBy(p => p.Recipient.Recipient.Address.Domain, StringComparer.OrdinalIgnoreCase)
            .Select(g => new DomainQueueStatistics(g.Key.ToLowerInvariant(), g.Count(), g.Min(p => p.Entry.QueuedAt)))
            .OrderByDescending(d => d.Pending)
            .ThenBy(d => d.Domain, StringComparer.Ordinal)
            .ToList();
        int deferred = pending.Count(p => p.Recipient.LastError is not null);
        return new QueueStatistics(
            entries.Count,
            pending.Count,
            deferred,
            pending.Count - deferred,
            entries.Count == 0 ? null : entries.Min(e => e.QueuedAt),
            domains);
    }
}

/// <summary>One destination domain's share of the queue.</summary>
/// <param name="Domain">The recipients' domain (lower case).</param>
/// <param name="Pending">Recipients at that domain still pending.</param>
/// <param name="OldestQueuedAt">When the oldest entry with a pending recipient there was queued.</param>
public sealed record DomainQueueStatistics(string Domain, int Pending, DateTimeOffset OldestQueuedAt);
