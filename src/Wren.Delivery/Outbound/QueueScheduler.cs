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
/// of waiting.
/// </summary>
public sealed class QueueScheduler : IAsyncDisposable
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
    private IDisposable? subscription;
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
            if (change.Kind == StoreChangeKind.MessageQueued)
                Wake();
        });
        loop = Task.Run(RunAsync);
    }

    /// <summary>Looks at the queue now (a message was queued, a round ended, an operator asked).</summary>
    public void Wake()
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
            }
            await SleepAsync(sleep, token).ConfigureAwait(false);
        }
    }

    /// <summary>Starts a round for every due entry not already in one; returns how long to sleep.</summary>
    private async Task<TimeSpan> DispatchDueAsync(CancellationToken token)
    {
        DateTimeOffset now = time.GetUtcNow();
        int room = options.MaxConcurrentMessages - inFlight.Count;
        if (room <= 0)
            return options.PollInterval; // a finishing round wakes the loop
        var due = await queue.ListDueAsync(now, room + inFlight.Count, token).ConfigureAwait(false);
        int started = 0;
        foreach (var entry in due)
        {
            if (started >= room)
                return options.PollInterval;
            if (inFlight.ContainsKey(entry.Id))
                continue;
            var gate = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
            if (!inFlight.TryAdd(entry.Id, gate.Task))
                continue;
            started++;
            _ = RunRoundAsync(entry, gate);
        }
        DateTimeOffset? next = await queue.NextAttemptAsync(token).ConfigureAwait(false);
        if (next is not { } at || at <= now)
            return options.PollInterval; // empty, or what is due is in flight already: its end wakes us
        TimeSpan wait = at - now;
        return wait < options.PollInterval ? wait : options.PollInterval;
    }

    private async Task RunRoundAsync(QueueEntry listed, TaskCompletionSource gate)
    {
        try
        {
            // The listing may predate the end of a round that finished just before this one was marked in
            // flight: read the entry again, now that no other round can change it, or it could go out twice.
            QueueEntry? entry = await queue.GetAsync(listed.Id, stopping.Token).ConfigureAwait(false);
            if (entry is null || entry.NextAttemptAt > time.GetUtcNow() || !entry.Pending.Any())
                return;
            var jobs = Split(entry);
            foreach (var job in jobs)
                destinations.Enqueue(job);
            QueueUpdateResult? result = await rounds.CompleteAsync(entry, jobs, stopping.Token).ConfigureAwait(false);
            if (result is not null)
                RoundRecorded?.Invoke(entry.Id, result);
            else if (!stopping.IsCancellationRequested)
                await Task.Delay(options.RetryInitial, time, stopping.Token).ConfigureAwait(false); // not recorded: don't hammer
        }
        catch (OperationCanceledException) when (stopping.IsCancellationRequested)
        {
        }
        catch (Exception ex)
        {
            DeliveryLog.RoundNotRecorded(logger, ex, listed.Id);
        }
        finally
        {
            inFlight.TryRemove(listed.Id, out _);
            gate.TrySetResult();
            Wake();
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
