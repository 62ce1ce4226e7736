using System.Diagnostics;
using Wren.Delivery.Outbound;

namespace Wren.Bench.Outbound;

/// <summary>
/// Wraps Wren's <see cref="SmtpTransport"/> without changing what it does, to count: sessions (one
/// <see cref="IOutboundTransport.DeliverAsync"/> call each, which opens one connection to the one MX address),
/// the jobs each carried, the most sessions open at once, and every recipient's result by kind.
/// </summary>
internal sealed class CountingTransport(IOutboundTransport inner) : IOutboundTransport
{
    private long sessions;
    private long jobs;
    private long delivered;
    private long deferred;
    private long failed;
    private int open;
    private int maxOpen;

    public long Sessions => Interlocked.Read(ref sessions);
    public long Jobs => Interlocked.Read(ref jobs);
    public long Delivered => Interlocked.Read(ref delivered);
    public long Deferred => Interlocked.Read(ref deferred);
    public long Failed => Interlocked.Read(ref failed);
    public int MaxOpen => Volatile.Read(ref maxOpen);

    /// <summary>Whole sessions: MX and TLS policy lookups, connect, EHLO, every transaction, QUIT.</summary>
    public CallStatistics SessionTimes { get; } = new("session");

    /// <summary>A session's first job, from the session's start to its result: includes the lookups, connect and EHLO.</summary>
    public CallStatistics FirstJobTimes { get; } = new("first job");

    /// <summary>Later jobs, from hand-over to result: opening the content and one SMTP transaction (RSET-free, MAIL to the dot's reply).</summary>
    public CallStatistics LaterJobTimes { get; } = new("later job");

    /// <summary>The first few diagnostics of deferred or failed recipients, to show what went wrong.</summary>
    public List<string> Problems { get; } = [];

    public async Task DeliverAsync(string destination, DeliveryJob first, Func<CancellationToken, ValueTask<DeliveryJob?>> next,
        CancellationToken cancellationToken)
    {
        Interlocked.Increment(ref sessions);
        int now = Interlocked.Increment(ref open);
        for (int seen = Volatile.Read(ref maxOpen); now > seen; seen = Volatile.Read(ref maxOpen))
            Interlocked.CompareExchange(ref maxOpen, now, seen);
        long started = Stopwatch.GetTimestamp();
        // The transport asks for the next job only once the previous one has its result, and the session ends
        // after the last one's: so each job's time is measured here, on the session's own path (a continuation
        // on the job's completion would add thread-pool queueing to it).
        long handedOver = started;
        bool firstJob = true;
        void Done()
        {
            long now = Stopwatch.GetTimestamp();
            (firstJob ? FirstJobTimes : LaterJobTimes).Record(now - handedOver);
            firstJob = false;
            handedOver = now;
        }
        try
        {
            Watch(first);
            await inner.DeliverAsync(destination, first, async ct =>
            {
                Done();
                DeliveryJob? job = await next(ct).ConfigureAwait(false);
                if (job is not null)
                    Watch(job);
                handedOver = Stopwatch.GetTimestamp();
                return job;
            }, cancellationToken).ConfigureAwait(false);
        }
        finally
        {
            Interlocked.Decrement(ref open);
            SessionTimes.Record(Stopwatch.GetTimestamp() - started);
        }
    }

    private void Watch(DeliveryJob job)
    {
        Interlocked.Increment(ref jobs);
        _ = job.Completion.Task.ContinueWith(t =>
        {
            foreach (RecipientDeliveryResult result in t.Result)
            {
                switch (result.Kind)
                {
                    case DeliveryResultKind.Delivered:
                        Interlocked.Increment(ref delivered);
                        break;
                    case DeliveryResultKind.Deferred:
                        Interlocked.Increment(ref deferred);
                        Note(result);
                        break;
                    default:
                        Interlocked.Increment(ref failed);
                        Note(result);
                        break;
                }
            }
        }, CancellationToken.None, TaskContinuationOptions.OnlyOnRanToCompletion | TaskContinuationOptions.ExecuteSynchronously,
            TaskScheduler.Default);
    }

    private void Note(RecipientDeliveryResult result)
    {
        lock (Problems)
        {
            if (Problems.Count < 5)
                Problems.Add($"{result.Kind} {result.Status}: {result.Diagnostic}");
        }
    }
}
