using System.Collections.Concurrent;
using Microsoft.Extensions.Logging;
using Wren.Store.Messages;
using Wren.Store.Queue;

namespace Wren.Delivery.Outbound;

/// <summary>
/// Runs the outbound queue: takes entries as they fall due (at once when a new message is queued, woken by
/// the store's change feed), splits each into one job per destination domain for the
/// <see cref="DestinationQueues"/>, and hands each finished round to <see cref="DeliveryRound"/> to record.
/// Sleeps on the injected <see cref="TimeProvider"/> until the next entry is due, so tests move time instead
/// of waiting. It lists the queue (ids only) when something may have become due that it does not know of
/// yet — at start, when a retry time or the poll interval comes, when asked to — and otherwise starts
/// rounds from its <see cref="DueBacklog"/>, so a round that ends costs no listing.
/// </summary>
public sealed partial class QueueScheduler : IAsyncDisposable
{
    private readonly IQueueStore queue;
    private readonly IChangeFeed feed;
    private readonly DeliveryRound rounds;
    private readonly DeliveryOptions options;
    private readonly bool smarthost;
    private readonly TimeProvider time;
    private readonly ILogger logger;
    private readonly CancellationTokenSource stopping = new();
    private readonly ConcurrentDictionary<long, Task> inFlight = new();
    private readonly SemaphoreSlim wake = new(0, 1);
    private readonly DestinationQueues destinations;
    private readonly DueBacklog backlog;
    private readonly ConcurrentDictionary<long, byte> startAfterRound = new();
    private IDisposable? subscription;
    private int listingNeeded = 1;
    private long retryAtTicks = long.MaxValue;
    private DateTimeOffset listAt = DateTimeOffset.MinValue;
    private Task? loop;
    private int disposed;

    /// <summary>Creates the scheduler; nothing runs before <see cref="Start"/>.</summary>
    public QueueScheduler(IQueueStore queue, IChangeFeed feed, IOutboundTransport transport, DeliveryRound rounds,
        DeliveryOptions options, bool smarthost, TimeProvider time, ILogger logger)
    {
        this.queue = queue;
        this.feed = feed;
        this.rounds = rounds;
        this.options = options;
        this.smarthost = smarthost;
        this.time = time;
        this.logger = logger;
        destinations = new DestinationQueues(transport, options, time, logger, stopping.Token);
        backlog = new DueBacklog(2 * Math.Max(1, options.MaxConcurrentMessages));
    }

    /// <summary>Raised after each recorded round, with the entry's id (tests wait on it instead of sleeping).</summary>
    public event Action<long, QueueUpdateResult>? RoundRecorded;

    /// <summary>Connections open to remote servers right now.</summary>
    public int ActiveConnections => destinations.ActiveConnections;

    /// <summary>Starts delivering.</summary>
    public void Start()
    {
        subscription = feed.Subscribe(change =>
        {
            if (change.Kind != StoreChangeKind.MessageQueued)
                return;
            // A new entry is due at once: start it without listing the queue (Uid carries the queue id).
            if (change.Uid is not { } id || !backlog.TryAdd(id))
                Volatile.Write(ref listingNeeded, 1);
            Signal();
        });
        loop = Task.Run(RunAsync);
    }

    /// <summary>Lists the queue now (an operator made entries due, the clock moved).</summary>
    public void Wake()
    {
        Volatile.Write(ref listingNeeded, 1);
        Signal();
    }

    /// <summary>Lets the loop look at its backlog (a round ended, a message was queued).</summary>
    private void Signal()
    {
        try
        {
            wake.Release();
        }
        catch (SemaphoreFullException)
        {
            // Already signalled: one wake-up covers every reason.
        }
    }

    /// <summary>Stops taking entries and ends open connections; rounds cut short are not counted as attempts.</summary>
    public async ValueTask DisposeAsync()
    {
        if (Interlocked.Exchange(ref disposed, 1) != 0)
            return;
        subscription?.Dispose();
        await stopping.CancelAsync().ConfigureAwait(false);
        if (loop is not null)
            await loop.ConfigureAwait(false);
        await Task.WhenAll(inFlight.Values).ConfigureAwait(false);
        stopping.Dispose();
    }

    private async Task RunAsync()
    {
        CancellationToken token = stopping.Token;
        while (!token.IsCancellationRequested)
        {
            TimeSpan sleep = options.PollInterval;
            try
            {
                sleep = await DispatchDueAsync(token).ConfigureAwait(false);
            }
            catch (OperationCanceledException) when (token.IsCancellationRequested)
            {
                return;
            }
            catch (Exception ex)
            {
                DeliveryLog.SchedulerFailed(logger, ex);
                Volatile.Write(ref listingNeeded, 1); // whatever was going on, the next look starts with a listing
            }
            await SleepAsync(sleep, token).ConfigureAwait(false);
        }
    }

    private async Task RunRoundAsync(long id, TaskCompletionSource gate)
    {
        bool stillDue = true; // unless the round is recorded, or there was nothing to do
        DateTimeOffset? retryAt = null;
        try
        {
            // The listing may predate the end of a round that finished just before this one was marked in
            // flight: read the entry again, now that no other round can change it, or it could go out twice.
            QueueEntry? entry = await queue.GetAsync(id, stopping.Token).ConfigureAwait(false);
            if (entry is null || !entry.Pending.Any())
            {
                stillDue = false;
                return;
            }
            if (entry.NextAttemptAt > time.GetUtcNow())
            {
                stillDue = false;
                retryAt = entry.NextAttemptAt; // not due yet (a clock behind ours queued it): look again then
                return;
            }
            var jobs = Split(entry);
            foreach (var job in jobs)
                destinations.Enqueue(job);
            QueueUpdateResult? result = await rounds.CompleteAsync(entry, jobs, stopping.Token).ConfigureAwait(false);
            if (result is not null)
            {
                stillDue = false;
                retryAt = result.NextAttemptAt; // it stays queued: its next attempt is a time to list at
                RoundRecorded?.Invoke(entry.Id, result);
            }
            else if (!stopping.IsCancellationRequested)
                await Task.Delay(options.RetryInitial, time, stopping.Token).ConfigureAwait(false); // not recorded: don't hammer
        }
        catch (OperationCanceledException) when (stopping.IsCancellationRequested)
        {
        }
        catch (Exception ex)
        {
            DeliveryLog.RoundNotRecorded(logger, ex, id);
        }
        finally
        {
            inFlight.TryRemove(id, out _);
            if (startAfterRound.TryRemove(id, out _) && !backlog.TryAdd(id))
                Volatile.Write(ref listingNeeded, 1);
            // Only now that the entry is out of delivery: a listing for its retry time must not skip it as busy.
            if (retryAt is { } at)
                RetryAt(at);
            gate.TrySetResult();
            if (stillDue)
                Wake(); // not recorded: the entry is still due, and only a listing finds it again
            else
                Signal();
        }
    }

    /// <summary>One job per destination domain (or one for everything through the smarthost).</summary>
    private List<DeliveryJob> Split(QueueEntry entry)
    {
        Func<CancellationToken, Task<QueuedContent>> open = async ct =>
        {
            Stream stored = await queue.OpenContentAsync(entry.Id, ct).ConfigureAwait(false)
                ?? throw new InvalidOperationException($"Queue entry {entry.Id} has no content.");
            var content = new QueuedContent(stored);
            await content.PrepareAsync(ct).ConfigureAwait(false);
            return content;
        };
        return entry.Pending
            .GroupBy(r => smarthost ? DestinationNames.Smarthost : r.Recipient.Address.Domain.ToLowerInvariant())
            .Select(g => new DeliveryJob(entry, g.Key, g.ToList(), open))
            .ToList();
    }

    private async Task SleepAsync(TimeSpan sleep, CancellationToken token)
    {
        using var wakeOrStop = CancellationTokenSource.CreateLinkedTokenSource(token);
        Task delay = Task.Delay(sleep, time, wakeOrStop.Token);
        Task woken = wake.WaitAsync(wakeOrStop.Token);
        await Task.WhenAny(delay, woken).ConfigureAwait(false);
        await wakeOrStop.CancelAsync().ConfigureAwait(false);
        try
        {
            await Task.WhenAll(delay, woken).ConfigureAwait(false);
        }
        catch (OperationCanceledException)
        {
            // One of the two was cancelled because the other ended first.
        }
    }
}

/// <summary>Destination names that are not domains.</summary>
public static class DestinationNames
{
    /// <summary>Everything relayed through the configured smarthost.</summary>
    public const string Smarthost = "[smarthost]";
}
