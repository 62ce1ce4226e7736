using System.Collections.Concurrent;

namespace Wren.Delivery.Outbound;

/// <summary>One destination's waiting line and the connections working it.</summary>
public sealed partial class DestinationQueues
{
    private sealed class Destination(DestinationQueues owner, string name)
    {
        private readonly ConcurrentQueue<DeliveryJob> waiting = new();
        private readonly Lock gate = new();
        private TaskCompletionSource arrived = new(TaskCreationOptions.RunContinuationsAsynchronously);
        private int workers;
        private int idle;
        private DateTimeOffset nextSlot = DateTimeOffset.MinValue;

        public int Workers => Volatile.Read(ref workers);

        public void Enqueue(DeliveryJob job)
        {
            waiting.Enqueue(job);
            // Wake the connections waiting for work (after the job is in the line, so a waiter finds it).
            Interlocked.Exchange(ref arrived, new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously)).TrySetResult();
            lock (gate)
            {
                // An idle connection takes the job; a new one opens only when more jobs wait than idle ones can take.
                if (workers >= Math.Max(1, owner.options.MaxConnectionsPerDomain) || waiting.Count <= idle)
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
                            if (taken.Count >= owner.options.MaxMessagesPerConnection)
                                return null;
                            DeliveryJob? job = await NextJobAsync(ct).ConfigureAwait(false);
                            if (job is null)
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

        /// <summary>
        /// The next job for an open connection: one waiting now, or one that arrives within the idle time;
        /// null when none does (the connection is then closed). The idle wait runs on the injected clock.
        /// </summary>
        private async ValueTask<DeliveryJob?> NextJobAsync(CancellationToken cancellationToken)
        {
            if (waiting.TryDequeue(out var job))
                return job;
            TimeSpan idleTime = owner.options.ConnectionIdleTime;
            if (idleTime <= TimeSpan.Zero)
                return null;
            long started = owner.time.GetTimestamp();
            lock (gate)
                idle++;
            try
            {
                while (true)
                {
                    // Read the signal before looking: a job enqueued after the look completes this very signal.
                    Task arrival = Volatile.Read(ref arrived).Task;
                    if (waiting.TryDequeue(out job))
                        return job;
                    TimeSpan left = idleTime - owner.time.GetElapsedTime(started);
                    if (left <= TimeSpan.Zero)
                        return null;
                    try
                    {
                        await arrival.WaitAsync(left, owner.time, cancellationToken).ConfigureAwait(false);
                    }
                    catch (TimeoutException)
                    {
                        return null;
                    }
                }
            }
            finally
            {
                lock (gate)
                    idle--;
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
