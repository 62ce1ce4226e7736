using Wren.Mail.Envelopes;
using Wren.Store.Queue;

namespace Wren.Delivery.Outbound;

/// <summary>
/// One queue entry's recipients at one destination domain, waiting for a connection there. Several jobs for
/// the same destination travel over one connection, one transaction each.
/// </summary>
public sealed class DeliveryJob
{
    /// <summary>Creates a job for <paramref name="recipients"/> (all at <paramref name="destination"/>).</summary>
    public DeliveryJob(QueueEntry entry, string destination, IReadOnlyList<QueueRecipient> recipients,
        Func<CancellationToken, Task<QueuedContent>> openContent)
    {
        Entry = entry;
        Destination = destination;
        Recipients = recipients;
        OpenContentAsync = openContent;
    }

    /// <summary>The queue entry.</summary>
    public QueueEntry Entry { get; }

    /// <summary>The destination: the recipients' domain (lower case), or the smarthost.</summary>
    public string Destination { get; }

    /// <summary>The recipients to deliver in this job.</summary>
    public IReadOnlyList<QueueRecipient> Recipients { get; }

    /// <summary>The envelope to send: the entry's, narrowed to this job's recipients.</summary>
    public Envelope Envelope => Entry.Envelope with { Recipients = Recipients.Select(r => r.Recipient).ToArray() };

    /// <summary>Opens the content to relay (Return-Path removed); the caller disposes it.</summary>
    public Func<CancellationToken, Task<QueuedContent>> OpenContentAsync { get; }

    /// <summary>The job's results, one per recipient, set by whoever delivered (or failed to deliver) it.</summary>
    public TaskCompletionSource<IReadOnlyList<RecipientDeliveryResult>> Completion { get; } =
        new(TaskCreationOptions.RunContinuationsAsynchronously);

    /// <summary>Completes the job with the same result for every recipient.</summary>
    public void CompleteAll(DeliveryResultKind kind, string status, string diagnostic, string? remoteMta = null) =>
        Completion.TrySetResult(Recipients.Select(r => new RecipientDeliveryResult(r.Position, kind, status, diagnostic, remoteMta)).ToArray());
}

/// <summary>What became of one recipient.</summary>
public enum DeliveryResultKind
{
    /// <summary>The next hop accepted it.</summary>
    Delivered,

    /// <summary>Permanent failure: bounce.</summary>
    Failed,

    /// <summary>Temporary failure: try again later.</summary>
    Deferred,
}

/// <summary>One recipient's result from one delivery attempt.</summary>
/// <param name="Position">The recipient's position in the queue entry.</param>
/// <param name="Kind">Delivered, failed or deferred.</param>
/// <param name="Status">The RFC 3463 status code ("2.0.0", "5.1.1", "4.4.1" …) for DSNs.</param>
/// <param name="Diagnostic">The remote reply ("550 5.1.1 no such user") or what went wrong locally.</param>
/// <param name="RemoteMta">The host that answered, when one did.</param>
/// <param name="NextHopAcceptsDsn">
/// The next hop offered DSN (RFC 3461), so it takes over success notices; when false, a recipient who asked
/// for NOTIFY=SUCCESS gets a "relayed" DSN from Wren (RFC 3461 §4.1).
/// </param>
public sealed record RecipientDeliveryResult(int Position, DeliveryResultKind Kind, string Status, string Diagnostic,
    string? RemoteMta = null, bool NextHopAcceptsDsn = true);
