using System.Collections.Concurrent;
using Microsoft.Extensions.Logging;

namespace Wren.Delivery.Outbound;

/// <summary>
/// Shapes outbound traffic per destination: each destination domain has its own waiting line, at most
/// <see cref="DeliveryOptions.MaxConnectionsPerDomain"/> connections working it, each carrying up to
/// <see cref="DeliveryOptions.MaxMessagesPerConnection"/> messages, and optionally a rate limit — so ten
/// thousand recipients at a few domains go out steadily instead of flooding (and being throttled by) the
/// receivers. A connection whose line runs empty stays open for <see cref="DeliveryOptions.ConnectionIdleTime"/>
/// in case more mail for the destination comes (as postfix's connection cache does), so a stream of messages
/// does not pay for a new MX look-up, connection and EHLO each time the line is momentarily empty.
/// </summary>
public sealed partial class DestinationQueues
{
    private readonly ConcurrentDictionary<string, Destination> destinations = new(StringComparer.OrdinalIgnoreCase);
    private readonly IOutboundTransport transport;
    private readonly DeliveryOptions options;
    private readonly TimeProvider time;
    private readonly ILogger logger;
    private readonly CancellationToken stopping;

    /// <summary>Creates the lines; <paramref name="stopping"/> ends every connection's work.</summary>
    public DestinationQueues(IOutboundTransport transport, DeliveryOptions options, TimeProvider time, ILogger logger, CancellationToken stopping)
    {
        this.transport = transport;
        this.options = options;
        this.time = time;
        this.logger = logger;
        this.stopping = stopping;
    }

    /// <summary>Puts a job in its destination's line, starting a connection when the limit allows.</summary>
    public void Enqueue(DeliveryJob job)
    {
        var destination = destinations.GetOrAdd(job.Destination, name => new Destination(this, name));
        destination.Enqueue(job);
    }

    /// <summary>Connections working right now, over all destinations (for metrics and tests).</summary>
    public int ActiveConnections => destinations.Values.Sum(d => d.Workers);
}
