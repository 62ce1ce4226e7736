using System.Collections.Concurrent;
using Microsoft.Extensions.Logging;

namespace Wren.Delivery.Outbound;

/// <summary>
/// Shapes outbound traffic per destination: each destination domain has its own waiting line, at most
/// <see cref="DeliveryOptions.MaxConnectionsPerDomain"/> connections working it, each carrying up to
/// <see cref="DeliveryOptions.MaxMessagesPerConnection"/> messages, and optionally a rate limit — so ten
/// thousand recipients at a few domains go out steadily instead of flooding (and being throttled by) the
/// receivers.
/// </summary>
public sealed class DestinationQueues
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

    private sealed class Destination(DestinationQueues owner, string name)
    {
        private readonly ConcurrentQueue<DeliveryJob> waiting = new();
        private readonly Lock gate = new();
        private int workers;
        private DateTimeOffset nextSlot = DateTimeOffset.MinValue;

        public int Workers => Volatile.Read(ref workers);

        public void Enqueue(DeliveryJob job)
        {
            waiting.Enqueue(job);
            lock (gate)
            {
                if (workers >= Math.Max(1, owner.options.MaxConnectionsPerDomain))
                    return;
                workers++;
            }
            _ = Task.Run(WorkAsync);
        }

        private async Task WorkAsync()
        {
            while (true)
            {
                while (waiting.TryDequeue(out var first))
                {
                    var taken = new List<DeliveryJob> { first };
                    string? problem = null;
                    try
                    {
                        await WaitForSlotAsync().ConfigureAwait(false);
                        await owner.transport.DeliverAsync(name, first, async ct =>
                        {
                            if (taken.Count >= owner.options.MaxMessagesPerConnection || !waiting.TryDequeue(out var job))
                                return null;
                            taken.Add(job);
                            await WaitForSlotAsync().ConfigureAwait(false);
                            return job;
                        }, owner.stopping).ConfigureAwait(false);
                    }
                    catch (OperationCanceledException) when (owner.stopping.IsCancellationRequested)
                    {
                        problem = "the server is shutting down";
                    }
                    catch (Exception ex)
                    {
                        // The transport promises not to throw; if it does, the jobs are retried later, not lost.
                        DeliveryLog.TransportFailed(owner.logger, ex, name);
                        problem = "local error: " + ex.Message;
                    }
                    // Every job taken gets an outcome, whatever happened (TrySetResult keeps one already set).
                    foreach (var job in taken)
                        job.CompleteAll(DeliveryResultKind.Deferred, "4.3.0", problem ?? "local error: delivery ended without a result");
                }
                lock (gate)
                {
                    // A job may have arrived after the last TryDequeue but before this: take it, don't strand it.
                    if (waiting.IsEmpty)
                    {
                        workers--;
                        return;
                    }
                }
            }
        }

        /// <summary>RFC-neutral shaping: at most MessagesPerMinutePerDomain message starts per minute.</summary>
        private async Task WaitForSlotAsync()
        {
            int rate = owner.options.MessagesPerMinutePerDomain;
            if (rate <= 0)
                return;
            var interval = TimeSpan.FromMinutes(1) / rate;
            DateTimeOffset now = owner.time.GetUtcNow();
            DateTimeOffset slot;
            lock (gate)
            {
                slot = nextSlot > now ? nextSlot : now;
                nextSlot = slot + interval;
            }
            if (slot > now)
                await Task.Delay(slot - now, owner.time, owner.stopping).ConfigureAwait(false);
        }
    }
}
